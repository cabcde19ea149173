/**
 * From the schema's output to the resolved {@link Plan}: defaults filled in, actions flattened out of their
 * phases, the implicit `shell` agent added, each element tagged with its path. Problems that are about the shape
 * of one element (both `run:` and `prompt:`, neither, a `prompt:` with no agent) are found here.
 */
import type { Problem } from '../errors.js';
import { IMPLICIT_PHASE, IMPLICIT_SHELL_AGENT } from './model.js';
import type { Action, Agent, Budget, ConflictRule, GateCheck, Path, Phase, Plan, Sensor } from './model.js';
import { DEFAULTS } from './schema.js';
import type { RawAction, RawAgent, RawBudget, RawConflictRule, RawGateCheck, RawPhase, RawPlan, RawSensor } from './schema.js';

export interface Normalized {
  readonly plan: Plan;
  readonly problems: readonly Problem[];
}

/** Resolves a schema-valid plan. `file` names the plan and gives the default `name`. */
export function normalizePlan(raw: RawPlan, file: string): Normalized {
  const problems: Problem[] = [];
  const rawPhases = phasesOf(raw, problems);
  const planConflicts = normalizeConflicts(raw.conflicts, ['conflicts']);
  const phases = rawPhases.map(({ phase, path }, index) => normalizePhase(phase, path, rawPhases[index - 1]?.phase.id, planConflicts));
  const actions = rawPhases.flatMap(({ phase, path }) =>
    (phase.actions ?? []).map((action, index) => normalizeAction(action, phase.id, [...path, 'actions', index], problems)),
  );
  if (actions.length === 0) {
    problems.push({ path: raw.phases ? ['phases'] : [], code: 'empty-plan', message: 'expected at least one action' });
  }
  const plan: Plan = {
    name: raw.name ?? baseName(file),
    description: raw.description,
    goal: raw.goal === undefined ? undefined : list(raw.goal),
    facts: raw.facts ?? {},
    sensors: mapValues(raw.sensors ?? {}, (sensor, fact) => normalizeSensor(fact, sensor)),
    agents: normalizeAgents(raw.agents ?? {}),
    resources: raw.resources ?? {},
    workspace: raw.workspace,
    budget: budgetOf(raw.budget),
    phases,
    actions,
    file,
  };
  return { plan, problems };
}

interface PlacedPhase {
  readonly phase: RawPhase;
  readonly path: Path;
}

function phasesOf(raw: RawPlan, problems: Problem[]): PlacedPhase[] {
  if (raw.phases && raw.actions) {
    problems.push({
      path: ['actions'],
      atKey: true,
      code: 'phases-and-actions',
      message: 'expected either "phases" or top-level "actions", not both; move these actions into a phase',
    });
  }
  if (raw.phases) return raw.phases.map((phase, index) => ({ phase, path: ['phases', index] }));
  // Top-level actions form one parallel phase; their paths stay the ones written (`actions[i]`).
  return [{ phase: { id: IMPLICIT_PHASE, actions: raw.actions ?? [] }, path: [] }];
}

function normalizePhase(raw: RawPhase, path: Path, previous: string | undefined, planConflicts: ConflictRule): Phase {
  return {
    id: raw.id,
    title: raw.title ?? raw.id,
    mode: raw.mode ?? DEFAULTS.phaseMode,
    after: raw.after === undefined ? (previous === undefined ? [] : [previous]) : list(raw.after),
    until: raw.until,
    maxIterations: raw.max_iterations,
    gate: (raw.gate ?? []).map((check, index) => normalizeCheck(check, [...path, 'gate', index])),
    approve: raw.approve ?? false,
    budget: budgetOf(raw.budget),
    conflicts: raw.conflicts === undefined ? planConflicts : normalizeConflicts(raw.conflicts, [...path, 'conflicts']),
    actions: (raw.actions ?? []).map((action) => action.id),
    path,
  };
}

function normalizeConflicts(raw: RawConflictRule | undefined, path: Path): ConflictRule {
  const rule = typeof raw === 'string' ? { policy: raw } : (raw ?? { policy: DEFAULTS.conflictPolicy });
  return {
    policy: rule.policy,
    agent: 'agent' in rule ? rule.agent : undefined,
    run: 'run' in rule ? rule.run : undefined,
    maxReruns: ('max_reruns' in rule ? rule.max_reruns : undefined) ?? DEFAULTS.conflictReruns,
    path,
  };
}

function normalizeCheck(raw: RawGateCheck, path: Path): GateCheck {
  if (typeof raw === 'string') {
    return { name: raw, run: raw, metric: undefined, target: undefined, baseline: undefined, timeoutS: undefined, path };
  }
  return {
    name: raw.name ?? raw.run,
    run: raw.run,
    metric: raw.metric,
    target: raw.target,
    baseline: raw.baseline,
    timeoutS: raw.timeout,
    path,
  };
}

function normalizeAction(raw: RawAction, phase: string, path: Path, problems: Problem[]): Action {
  if (raw.run !== undefined && raw.prompt !== undefined) {
    problems.push({
      path: [...path, 'prompt'],
      atKey: true,
      code: 'run-and-prompt',
      message: 'expected either "run" (a shell command) or "prompt" (work for an AI agent), not both',
    });
  }
  if (raw.run === undefined && raw.prompt === undefined) {
    problems.push({
      path,
      code: 'no-work',
      message: `action "${raw.id}" has nothing to do: expected "run" (a shell command) or "prompt" (work for an AI agent)`,
    });
  }
  if (raw.agent === undefined && raw.prompt !== undefined) {
    problems.push({
      path,
      code: 'missing-agent',
      message: `action "${raw.id}" has a prompt but no agent: expected "agent" naming one of the plan's agents`,
    });
  }
  const estimateS = raw.estimate ?? DEFAULTS.estimateS;
  return {
    id: raw.id,
    title: raw.title ?? raw.id,
    agent: raw.agent ?? IMPLICIT_SHELL_AGENT,
    phase,
    prompt: raw.prompt,
    run: raw.run,
    needs: list(raw.needs),
    requires: list(raw.requires),
    provides: list(raw.provides),
    verify: list(raw.verify),
    files: list(raw.files),
    estimateS,
    estimateDefaulted: raw.estimate === undefined,
    cost: raw.cost ?? estimateS,
    timeboxS: raw.timebox,
    retries: raw.retries ?? DEFAULTS.retries,
    priority: raw.priority ?? DEFAULTS.priority,
    risk: raw.risk ?? DEFAULTS.risk,
    review: raw.review,
    reviewRounds: raw.review_rounds ?? DEFAULTS.reviewRounds,
    budget: budgetOf(raw.budget),
    env: raw.env ?? {},
    uses: usesOf(raw.uses),
    workspace: raw.workspace,
    setup: list(raw.setup),
    parallelOk: raw.parallel_ok ?? false,
    path,
  };
}

function budgetOf(raw: RawBudget | undefined): Budget | undefined {
  if (raw === undefined) return undefined;
  return { tokens: raw.tokens, costUsd: raw.cost, timeS: raw.time };
}

function usesOf(raw: RawAction['uses']): Record<string, number> {
  if (raw === undefined) return {};
  if (typeof raw === 'string') return { [raw]: 1 };
  if (Array.isArray(raw)) return Object.fromEntries(raw.map((name) => [name, 1]));
  return { ...raw };
}

function normalizeAgents(raw: Readonly<Record<string, RawAgent>>): Record<string, Agent> {
  const agents = mapValues(raw, (agent, id): Agent => ({
    id,
    use: agent.use,
    model: agent.model,
    concurrency: agent.concurrency ?? DEFAULTS.agentConcurrency,
    env: agent.env ?? {},
    args: agent.args ?? [],
    bin: agent.bin,
    workspace: agent.workspace,
    setup: list(agent.setup),
    permissionMode: agent.permission_mode,
    command: agent.command ?? [],
    promptVia: agent.prompt_via,
    price: agent.price && { inputPerMTok: agent.price.input, outputPerMTok: agent.price.output },
    budget: budgetOf(agent.budget),
    implicit: false,
    path: ['agents', id],
  }));
  if (!(IMPLICIT_SHELL_AGENT in agents)) {
    agents[IMPLICIT_SHELL_AGENT] = {
      id: IMPLICIT_SHELL_AGENT,
      use: 'shell',
      model: undefined,
      concurrency: Infinity,
      env: {},
      args: [],
      bin: undefined,
      workspace: undefined,
      setup: [],
      permissionMode: undefined,
      command: [],
      promptVia: undefined,
      price: undefined,
      budget: undefined,
      implicit: true,
      path: [],
    };
  }
  return agents;
}

function normalizeSensor(fact: string, raw: RawSensor): Sensor {
  const path = ['sensors', fact];
  if (typeof raw === 'string') return { fact, run: raw, timeoutS: DEFAULTS.sensorTimeoutS, path };
  return { fact, run: raw.run, timeoutS: raw.timeout ?? DEFAULTS.sensorTimeoutS, path };
}

function list<T>(value: T | readonly T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? [...(value as readonly T[])] : [value as T];
}

function mapValues<A, B>(record: Readonly<Record<string, A>>, fn: (value: A, key: string) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value, key)]));
}

function baseName(file: string): string {
  const name = file.split(/[\\/]/).at(-1) ?? file;
  return name.replace(/(\.plan)?\.(ya?ml|json|md)$/i, '') || 'plan';
}
