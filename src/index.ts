/**
 * baton as a library: read and check plans, plan them with GOAP, analyse the result. Exports are listed by name;
 * anything not here is internal and may change.
 */
export {
  BatonError,
  BadInputError,
  UsageError,
  PlanReadError,
  PlanInvalidError,
  GoalUnreachableError,
  SearchBoundError,
} from './errors.js';
export type { Problem, LocatedProblem } from './errors.js';

export type {
  Plan,
  Action,
  Agent,
  Phase,
  GateCheck,
  Sensor,
  Target,
  Path,
  AdapterName,
  PhaseMode,
  Priority,
  Risk,
  WorkspaceMode,
  ConflictPolicy,
  ConflictRule,
  Budget,
  Price,
  PromptVia,
} from './plan/model.js';
export { doneFact, phaseFact, workspaceModeOf, ADAPTERS, PHASE_MODES, WORKSPACE_MODES, CONFLICT_POLICIES, PLACEHOLDERS, PERMISSION_MODES, PROMPT_VIA } from './plan/model.js';
export { matchesLease, globsMayOverlap, leaseOverlaps } from './plan/leases.js';
export type { LeaseOverlap } from './plan/leases.js';
export { parseDuration, formatDuration, SECONDS_PER_DAY } from './plan/duration.js';
export { readPlanText, readPlanFile } from './plan/read.js';
export type { ReadResult } from './plan/read.js';
export { formatProblem, formatPath } from './plan/format-problem.js';

export { checkPlanText, checkPlanFile, loadPlan } from './planner/load.js';
export type { CheckedPlan } from './planner/load.js';
export { buildDomain, defaultGoal } from './planner/domain.js';
export type { Domain, PlanNode } from './planner/domain.js';
export { planActions } from './planner/goap.js';
export type { Planned, PlanActionsOptions } from './planner/goap.js';
export { analyzePlan } from './planner/analysis.js';
export type { Analysis, AnalyzeOptions, ScheduleEntry } from './planner/analysis.js';
export { senseFacts, initialFacts } from './planner/sense.js';
export type { SensorReading, SenseOptions } from './planner/sense.js';

export { AgentUnavailableError } from './errors.js';
export type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from './agents/adapter.js';
export { adapterSpec } from './agents/registry.js';
export { startAgent, runAgentProcess } from './agents/agent-process.js';
export type { AgentProcessOptions } from './agents/agent-process.js';
export { buildPrompt, buildReviewPrompt } from './agents/prompt.js';
export type { PromptContext, BuiltPrompt, ReviewContext } from './agents/prompt.js';
export { parseHandoff, readHandoff, formatHandoff, synthesizeHandoff } from './agents/handoff.js';
export type { Handoff, QualityCheck } from './agents/handoff.js';
export { parseVerdict } from './agents/review.js';
export type { ReviewVerdict } from './agents/review.js';
export { readEvidence } from './agents/evidence.js';
export type { Evidence, AttemptEvidence, GateEvidence } from './agents/evidence.js';
export { Redactor, isSecretName } from './process/redact.js';

export { runCommand } from './process/run-command.js';
export type { CommandResult, RunCommandOptions } from './process/run-command.js';

export { buildPlanView } from './report/plan-view.js';
export type { PlanView } from './report/plan-view.js';
