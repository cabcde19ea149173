/**
 * The plan as `baton plan` shows it: one view model that the text, Mermaid and JSON outputs all render, so they
 * cannot disagree. Its JSON form is the contract in DESIGN.md (`actions`, `phases`, `critical_path`,
 * `critical_path_s`, `sequential_s`, `lower_bound_s`); the other fields are extras.
 */
import { leaseOverlaps } from '../plan/leases.js';
import type { Action, Plan } from '../plan/model.js';
import type { Analysis } from '../planner/analysis.js';
import type { Planned } from '../planner/goap.js';
import { directActionNeeds } from '../planner/needs.js';
import type { SensorReading } from '../planner/sense.js';

export interface PlannedActionView {
  readonly id: string;
  readonly title: string;
  readonly agent: string;
  readonly phase: string;
  /** Effective direct predecessors: explicit needs, required facts, phase order. */
  readonly needs: readonly string[];
  readonly estimate_s: number;
  /** True when the plan gave no estimate and the default was used. */
  readonly estimate_defaulted: boolean;
  readonly critical: boolean;
  /** Predicted start and end, from critical-path-first scheduling. */
  readonly start_s: number;
  readonly end_s: number;
  /** Lane within its agent (or worker pool) in the predicted timeline. */
  readonly slot: number;
}

export interface PhaseView {
  readonly id: string;
  readonly title: string;
  readonly mode: string;
  readonly after: readonly string[];
  readonly approve: boolean;
  readonly gate: readonly string[];
  /** Planned action ids of this phase, in the order written. */
  readonly actions: readonly string[];
}

/** Two planned actions whose file leases may share a file (see src/plan/leases.ts). */
export interface LeaseOverlapView {
  /** The action written first in the plan. */
  readonly a: string;
  readonly b: string;
  /** Each `[pattern of a, pattern of b]` that may share a file, in the order written. */
  readonly patterns: readonly (readonly [string, string])[];
  /** One waits for the other, directly or not: they never run at the same time anyway. */
  readonly ordered: boolean;
}

export interface PlanView {
  readonly name: string;
  readonly file: string;
  readonly goal: readonly string[];
  readonly actions: readonly PlannedActionView[];
  readonly phases: readonly PhaseView[];
  /** Actions not planned because every fact they provide already holds. */
  readonly skipped: readonly string[];
  readonly sensed: readonly { readonly fact: string; readonly holds: boolean; readonly note: string | null }[];
  readonly critical_path: readonly string[];
  readonly critical_path_s: number;
  readonly sequential_s: number;
  readonly lower_bound_s: number;
  readonly makespan_s: number;
  readonly speedup: number;
  readonly efficiency_gain: number;
  /** `--agents N` when given; `null` means each agent's own concurrency. */
  readonly workers: number | null;
  /** Search nodes the planner expanded. */
  readonly expansions: number;
  /** Planned actions whose leases may share a file: the scheduler runs them one at a time. Always present. */
  readonly lease_overlaps: readonly LeaseOverlapView[];
}

export interface PlanViewInput {
  readonly plan: Plan;
  readonly planned: Planned;
  readonly analysis: Analysis;
  readonly readings: readonly SensorReading[];
  readonly workers: number | undefined;
}

/** Builds the view; actions come in predicted start order (then file order), the order a reader follows. */
export function buildPlanView({ plan, planned, analysis, readings, workers }: PlanViewInput): PlanView {
  const needs = directActionNeeds(planned);
  const critical = new Set(analysis.criticalPath);
  const byId = new Map(plan.actions.map((action) => [action.id, action]));
  const actions = analysis.schedule.map((entry): PlannedActionView => {
    const action = byId.get(entry.id)!;
    return {
      id: action.id,
      title: action.title,
      agent: entry.agent,
      phase: action.phase,
      needs: needs.get(action.id) ?? [],
      estimate_s: action.estimateS,
      estimate_defaulted: action.estimateDefaulted,
      critical: critical.has(action.id),
      start_s: entry.startS,
      end_s: entry.endS,
      slot: entry.slot,
    };
  });
  const planned_ids = new Set(actions.map((a) => a.id));
  return {
    name: plan.name,
    file: plan.file,
    goal: planned.goal,
    actions,
    phases: plan.phases.map((phase) => ({
      id: phase.id,
      title: phase.title,
      mode: phase.mode,
      after: phase.after,
      approve: phase.approve,
      gate: phase.gate.map((check) => check.name),
      actions: phase.actions.filter((id) => planned_ids.has(id)),
    })),
    skipped: planned.skipped,
    sensed: readings.map((r) => ({ fact: r.fact, holds: r.holds, note: r.note ?? (r.holds ? null : `exit ${r.exitCode ?? '?'}`) })),
    critical_path: analysis.criticalPath,
    critical_path_s: analysis.criticalPathS,
    sequential_s: analysis.sequentialS,
    lower_bound_s: analysis.lowerBoundS,
    makespan_s: analysis.makespanS,
    speedup: analysis.speedup,
    efficiency_gain: analysis.efficiencyGain,
    workers: workers ?? null,
    expansions: planned.expansions,
    lease_overlaps: leaseOverlapViews(planned, plan.actions.filter((action) => planned_ids.has(action.id))),
  };
}

/** The lease overlaps among the planned `actions` (file order), each marked with whether the graph orders the two. */
function leaseOverlapViews(planned: Planned, actions: readonly Action[]): LeaseOverlapView[] {
  const overlaps = leaseOverlaps(actions);
  if (overlaps.length === 0) return [];
  const index = new Map<string, number>();
  planned.nodes.forEach((node, i) => {
    if (node.kind === 'action') index.set(node.id, i);
  });
  const ordered = orderedPairs(planned, overlaps.map((o): [number, number] => [index.get(o.a)!, index.get(o.b)!]));
  return overlaps.map((overlap, k) => ({ ...overlap, ordered: ordered[k]! }));
}

/**
 * For each pair of node indices, whether one reaches the other through `preds`. `planned.nodes` is in a
 * topological order, so only the later node of a pair can wait for the earlier, and the walk back from it
 * stops at indices below the earliest partner. One walk per distinct later node.
 */
function orderedPairs(planned: Planned, pairs: readonly (readonly [number, number])[]): boolean[] {
  const partners = new Map<number, number[]>();
  for (const [x, y] of pairs) {
    const later = Math.max(x, y);
    const list = partners.get(later);
    if (list === undefined) partners.set(later, [Math.min(x, y)]);
    else list.push(Math.min(x, y));
  }
  const seen = new Int32Array(planned.nodes.length).fill(-1);
  for (const [later, earlier] of partners) {
    const floor = earlier.reduce((low, e) => Math.min(low, e), later);
    const stack = [later];
    seen[later] = later;
    while (stack.length > 0) {
      for (const p of planned.preds[stack.pop()!]!) {
        if (p < floor || seen[p] === later) continue;
        seen[p] = later;
        stack.push(p);
      }
    }
    partners.set(later, earlier.filter((e) => seen[e] === later));
  }
  return pairs.map(([x, y]) => partners.get(Math.max(x, y))!.includes(Math.min(x, y)));
}
