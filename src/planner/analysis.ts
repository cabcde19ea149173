/**
 * What a planned graph promises before it runs: its critical path, the bound no schedule can beat, and the
 * makespan that critical-path-first scheduling predicts under the agents' limits (or N workers) and the file
 * leases (two actions whose leases may overlap never run at once, as in the engine).
 */
import { UsageError } from '../errors.js';
import { leaseOverlaps } from '../plan/leases.js';
import type { Plan, Priority } from '../plan/model.js';
import type { Planned } from './goap.js';
import { topologicalOrderOfRows } from './graph.js';
import { invertRows, toRows } from './links.js';
import type { Rows } from './links.js';
import { listSchedule } from './schedule.js';

export interface AnalyzeOptions {
  /**
   * Interchangeable workers that replace the agents' own limits (`--agents N`): what the plan would take
   * with N of anything. @default each agent's `concurrency`
   */
  readonly workers?: number;
}

/** One action in the predicted timeline. */
export interface ScheduleEntry {
  readonly id: string;
  readonly agent: string;
  /** Which of its pool's parallel places it takes (0-based): a lane in a Gantt chart. */
  readonly slot: number;
  readonly startS: number;
  readonly endS: number;
}

export interface Analysis {
  /** Indices into `planned.nodes` in a topological order. */
  readonly order: readonly number[];
  /** Per planned node: its duration plus the longest chain of durations after it. */
  readonly bottomLevelS: Float64Array;
  /** The longest chain of actions (gates left out), first to last. */
  readonly criticalPath: readonly string[];
  readonly criticalPathS: number;
  /** All action durations added up: the time one worker would take. */
  readonly sequentialS: number;
  /** No schedule can finish sooner: max(critical path, work / capacity, each agent's work / its concurrency). */
  readonly lowerBoundS: number;
  /** When critical-path-first list scheduling finishes, leases respected. */
  readonly makespanS: number;
  /** `sequentialS / makespanS`; 1 when both are 0. */
  readonly speedup: number;
  /** `1 − makespanS / sequentialS`; 0 when `sequentialS` is 0. */
  readonly efficiencyGain: number;
  /** Each action with its predicted start and end, in start order. */
  readonly schedule: readonly ScheduleEntry[];
}

/**
 * Analyses `planned` in O((V + E + L) log V) for L pairs of actions whose leases may overlap, plus finding those
 * pairs (`leaseOverlaps`), which only actions with leases take part in.
 */
export function analyzePlan(planned: Planned, plan: Plan, options: AnalyzeOptions = {}): Analysis {
  const workers = checkWorkers(options.workers);
  const n = planned.nodes.length;
  const preds = toRows(n, (v) => planned.preds[v]!);
  const succ = invertRows(preds, n);
  const order = topologicalOrderOfRows(succ);
  if (order === undefined) throw new Error('internal: the planned graph has a cycle');
  const { durationS, priority, rank, holders } = nodeColumns(planned);
  const bottomLevelS = bottomLevels(order, succ, durationS);
  const critical = criticalPath(planned, succ, bottomLevelS);
  const pools = assignPools(planned, plan, workers);
  const conflicts = leaseConflicts(planned, holders);
  const timeline = listSchedule({ succ, preds, durationS, bottomLevelS, priority, rank, ...pools, conflicts });
  const sequentialS = planned.nodes.reduce((sum, node) => sum + (node.kind === 'action' ? node.durationS : 0), 0);
  const lowerBoundS = Math.max(critical.lengthS, ...capacityBounds(planned, plan, workers));
  const makespanS = timeline.makespanS;
  const schedule = timeline.started.map((i): ScheduleEntry => {
    const node = planned.nodes[i]!;
    return { id: node.id, agent: node.agent ?? '', slot: timeline.slot[i]!, startS: timeline.startS[i]!, endS: timeline.endS[i]! };
  });
  return {
    order,
    bottomLevelS,
    criticalPath: critical.ids,
    criticalPathS: critical.lengthS,
    sequentialS,
    lowerBoundS,
    makespanS,
    speedup: makespanS === 0 ? 1 : sequentialS / makespanS,
    efficiencyGain: sequentialS === 0 ? 0 : 1 - makespanS / sequentialS,
    schedule,
  };
}

function checkWorkers(workers: number | undefined): number | undefined {
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    throw new UsageError(`workers: expected a whole number of at least 1, got ${workers}`);
  }
  return workers;
}

function bottomLevels(order: readonly number[], succ: Rows, durationS: Float64Array): Float64Array {
  const { start, items } = succ;
  const level = new Float64Array(order.length);
  for (let i = order.length - 1; i >= 0; i--) {
    const v = order[i]!;
    let after = 0;
    for (let k = start[v]!; k < start[v + 1]!; k++) after = Math.max(after, level[items[k]!]!);
    level[v] = durationS[v]! + after;
  }
  return level;
}

/** Follows the highest bottom level from the highest start, lowest index on ties. */
function criticalPath(planned: Planned, succ: Rows, level: Float64Array): { ids: string[]; lengthS: number } {
  let v = -1;
  for (let i = 0; i < level.length; i++) if (v < 0 || level[i]! > level[v]!) v = i;
  const lengthS = v < 0 ? 0 : level[v]!;
  const ids: string[] = [];
  while (v >= 0) {
    const node = planned.nodes[v]!;
    if (node.kind === 'action') ids.push(node.id);
    let next = -1;
    for (let k = succ.start[v]!; k < succ.start[v + 1]!; k++) {
      const s = succ.items[k]!;
      if (next < 0 || level[s]! > level[next]! || (level[s] === level[next] && s < next)) next = s;
    }
    v = next;
  }
  return { ids, lengthS };
}

/** Ties between equal bottom levels go to the higher priority first, as in the engine (src/engine/state.ts). */
const PRIORITY_RANK: Readonly<Record<Priority, number>> = { critical: 0, high: 1, medium: 2, low: 3 };

interface NodeColumns {
  readonly durationS: Float64Array;
  readonly priority: Uint8Array;
  /** The plan's own order: the domain index. */
  readonly rank: Int32Array;
  /** Planned actions with `files` leases that are not `parallel_ok`: the only ones whose leases are compared. */
  readonly holders: readonly number[];
}

/** What the scheduler reads per planned node, in flat arrays, gathered in one pass. */
function nodeColumns(planned: Planned): NodeColumns {
  const n = planned.nodes.length;
  const durationS = new Float64Array(n);
  const priority = new Uint8Array(n).fill(PRIORITY_RANK.medium);
  const rank = new Int32Array(n);
  const holders: number[] = [];
  for (let v = 0; v < n; v++) {
    const node = planned.nodes[v]!;
    durationS[v] = node.durationS;
    rank[v] = node.index;
    const action = node.action;
    if (action === null) continue;
    priority[v] = PRIORITY_RANK[action.priority];
    if (action.files.length > 0 && !action.parallelOk) holders.push(v);
  }
  return { durationS, priority, rank, holders };
}

/**
 * Per planned node, the planned nodes whose `files` leases may overlap its own, as the engine pairs them
 * (src/engine/state.ts); `undefined` when no two do. Only `holders` are compared.
 */
function leaseConflicts(planned: Planned, holders: readonly number[]): Rows | undefined {
  if (holders.length < 2) return undefined;
  const overlaps = leaseOverlaps(holders.map((v) => planned.nodes[v]!.action!));
  if (overlaps.length === 0) return undefined;
  const indexOf = new Map(holders.map((v) => [planned.nodes[v]!.id, v]));
  const n = planned.nodes.length;
  const ends = new Int32Array(2 * overlaps.length);
  const start = new Int32Array(n + 1);
  overlaps.forEach(({ a, b }, k) => {
    const x = indexOf.get(a)!;
    const y = indexOf.get(b)!;
    ends[2 * k] = x;
    ends[2 * k + 1] = y;
    start[x + 1]!++;
    start[y + 1]!++;
  });
  for (let v = 0; v < n; v++) start[v + 1]! += start[v]!;
  const fill = start.slice(0, n);
  const items = new Int32Array(ends.length);
  for (let k = 0; k < ends.length; k += 2) {
    items[fill[ends[k]!]!++] = ends[k + 1]!;
    items[fill[ends[k + 1]!]!++] = ends[k]!;
  }
  return { start, items };
}

/** Pools: one per agent with its concurrency, or a single pool of `workers`. Gates draw from none. */
function assignPools(planned: Planned, plan: Plan, workers: number | undefined): { pool: Int32Array; capacity: number[] } {
  const pool = new Int32Array(planned.nodes.length).fill(-1);
  const capacity: number[] = [];
  const index = new Map<string, number>();
  planned.nodes.forEach((node, i) => {
    if (node.kind !== 'action') return;
    const key = workers === undefined ? (node.agent ?? '') : '';
    let p = index.get(key);
    if (p === undefined) {
      p = capacity.push(workers ?? concurrencyOf(plan, key)) - 1;
      index.set(key, p);
    }
    pool[i] = p;
  });
  return { pool, capacity };
}

/** Work over capacity, overall and (without `workers`) per agent. */
function capacityBounds(planned: Planned, plan: Plan, workers: number | undefined): number[] {
  const work = new Map<string, number>();
  let total = 0;
  for (const node of planned.nodes) {
    if (node.kind !== 'action') continue;
    total += node.durationS;
    const agent = node.agent ?? '';
    work.set(agent, (work.get(agent) ?? 0) + node.durationS);
  }
  if (workers !== undefined) return [total / workers];
  let capacity = 0;
  const perAgent = [...work].map(([agent, w]) => {
    const c = concurrencyOf(plan, agent);
    capacity += c;
    return w / c;
  });
  return [capacity === 0 ? 0 : total / capacity, ...perAgent];
}

/** An agent's concurrency; 1 when the plan does not declare the agent or gives a value below 1. */
function concurrencyOf(plan: Plan, agent: string): number {
  const c = plan.agents[agent]?.concurrency ?? 1;
  return c >= 1 ? c : 1;
}
