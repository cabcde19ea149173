/**
 * The engine's state: a fold of the run's events (see apply.ts). It holds no I/O handle and reads no clock; the
 * same state is rebuilt on resume by replaying the events. For speed on large runs it is mutated in place and
 * indexed by the planning domain's node indices (actions, then one gate per phase).
 */
import { workspaceModeOf } from '../plan/model.js';
import type { Plan, WorkspaceMode } from '../plan/model.js';
import { leaseOverlaps } from '../plan/leases.js';
import { OrderedHeap } from '../planner/heap.js';
import type { Domain } from '../planner/domain.js';
import { BudgetLedger } from './budget.js';
import type { ConflictInfo, ReviewRecord, RunOptions, RunStatus } from './events.js';

/**
 * - `idle`: not in the current plan.
 * - `waiting`: planned, something it waits for is not done.
 * - `ready`: can start (an action: when a slot frees; a gate: at once).
 * - `held`: ready, but its phase waits for a person's approval.
 * - `running`: an attempt (or the gate's checks, or a loop's `until` check) is under way.
 * - `merging`: an attempt succeeded; its branch waits for (or is in) its merge into the integration branch.
 * - `conflicted`: its merge conflicted; the core decides next by the phase's conflict policy.
 * - `blocked`: a conflict waits for a person (`baton resolve`).
 * - `errored`: an attempt failed or a gate failed; the core decides next: retry, or fail for good.
 * - `retry_wait`: waiting for the retry delay.
 * - `done`, `failed`, `cancelled`: final.
 */
export type NodeStatus =
  | 'idle'
  | 'waiting'
  | 'ready'
  | 'held'
  | 'running'
  | 'merging'
  | 'conflicted'
  | 'blocked'
  | 'errored'
  | 'retry_wait'
  | 'done'
  | 'failed'
  | 'cancelled';

/** While in one of these, an action holds its `files` leases: its work is not on the integration branch yet. */
export const HOLDS_LEASES: ReadonlySet<NodeStatus> = new Set(['running', 'merging', 'conflicted', 'blocked']);

export interface NodeRuntime {
  status: NodeStatus;
  /** Nodes this one waits for, and the nodes that wait for it (both within the current plan). */
  preds: number[];
  succs: number[];
  /** Preds not done yet. */
  blockers: number;
  /** Its duration plus the longest chain of durations after it: the scheduling priority. */
  bottomLevelS: number;
  /** Attempts started, over all iterations: attempt numbers go on counting. */
  attempts: number;
  /** Failed attempts in the current iteration, counted against `retries`. */
  failures: number;
  /** Why it failed or was cancelled. */
  reason: string;
  /**
   * The FIFO order's key: the instant it first entered a ready heap, counted from 1 (-1: not yet). Set once, so
   * a retried or interrupted action keeps its place in line and its heap entries never change order.
   */
  readyRound: number;
  /** Times it ran again because its merge conflicted, counted against the policy's `max_reruns`. */
  conflictReruns: number;
  /** The last conflict of its merge: given to its next attempt as context. */
  conflict: ConflictInfo | undefined;
  /** Its next merge settles conflicts its way (owner policy). */
  preferBranch: boolean;
  /** What its last successful attempt committed: the commit its merge takes (not whatever its branch holds by then). */
  commit: string | undefined;
  /** Reviews of its work that asked for changes, counted against the action's `review_rounds`. */
  reviewRounds: number;
  /** The last review that asked for changes: its next attempt gets it, and continues from `revise`. */
  review: ReviewRecord | undefined;
  /** The commit of the work that review was about: the next attempt starts from it, not from scratch. */
  revise: string | undefined;
  /** Its last failure is final, whatever `retries` says (over budget; the reviewer never approved). */
  noRetry: boolean;
  /** Why baton is stopping its running attempt (a budget ran out); `undefined` when it is not. */
  stopping: string | undefined;
}

export interface PhaseRuntime {
  readonly index: number;
  /** 1 for the first pass; loop phases count up. */
  iteration: number;
  approval: 'not-needed' | 'needed' | 'waiting' | 'approved';
  /** Ready actions kept back until approval. */
  held: number[];
  /** For a loop: whether `until` held at the last check; `undefined` before a check in this iteration. */
  untilHolds: boolean | undefined;
}

export interface EngineState {
  readonly plan: Plan;
  readonly domain: Domain;
  readonly options: RunOptions;
  readonly nodes: NodeRuntime[];
  readonly phases: Map<string, PhaseRuntime>;
  /** Facts that hold now: sensed at the start, provided by finished actions, `done:`/`phase:` facts. */
  readonly facts: Set<string>;
  /** Actions that failed for good: left out of every replan. */
  readonly failed: Set<string>;
  /** Ready actions per pool (an agent, or `*` for interchangeable workers), best first. */
  readonly ready: Map<string, OrderedHeap>;
  readonly readyGates: Set<number>;
  readonly errored: Set<number>;
  /** Per node: where its attempts run (`none` for gates and outside git). */
  readonly modes: readonly WorkspaceMode[];
  /** Actions whose branch waits to be merged, in the order their attempts succeeded: one merge at a time. */
  readonly mergeQueue: number[];
  /** The action being merged, or -1. */
  merging: number;
  readonly conflicted: Set<number>;
  /** Done actions to run again because a merge overrode their changes (owner policy). */
  readonly reopen: string[];
  /** Per action: the actions whose leases may overlap its own (neither is `parallel_ok`). */
  readonly leaseConflicts: ReadonlyMap<number, readonly number[]>;
  /**
   * Per agent, the action that last took its track. The track stays taken while that action holds its leases
   * (running, merging, conflicted, blocked): a resolver or a person may be working in it until its merge settles.
   */
  readonly trackHolders: Map<string, number>;
  /** Running attempts in total, per pool and per resource unit in use. */
  running: number;
  readonly runningByPool: Map<string, number>;
  readonly resourcesInUse: Map<string, number>;
  /** What each scope may spend and has spent. */
  readonly budget: BudgetLedger;
  /** Nodes with an attempt running, as the budget ledger counts them (started, not yet exited). */
  readonly runningAttempts: Set<number>;
  /** Running nodes whose spend changed since the core last looked: their budgets are checked next. */
  readonly spendChanged: Set<number>;
  /** When the core last checked running attempts against time limits: once per instant is enough. */
  budgetCheckedAt: number;
  /** Spend changed in a shared scope (a usage report, an attempt's end): every running attempt is checked next. */
  budgetsToCheck: 'changed' | 'all';
  /** Retry timers: node → time it may start again. */
  readonly retryAt: Map<number, number>;
  status: RunStatus | 'created';
  reason: string;
  /** Time of the last event applied, in milliseconds. */
  now: number;
  /** Distinct instants at which an action entered a ready heap, and the last one: the stamps of FIFO order. */
  readyRounds: number;
  lastReadyAt: number;
}

const PRIORITY_RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/** An empty state for a run of `plan`; events then fill it in. */
export function createState(plan: Plan, domain: Domain, options: RunOptions): EngineState {
  const nodes = domain.nodes.map(
    (): NodeRuntime => ({
      status: 'idle',
      preds: [],
      succs: [],
      blockers: 0,
      bottomLevelS: 0,
      attempts: 0,
      failures: 0,
      reason: '',
      readyRound: -1,
      conflictReruns: 0,
      conflict: undefined,
      preferBranch: false,
      commit: undefined,
      reviewRounds: 0,
      review: undefined,
      revise: undefined,
      noRetry: false,
      stopping: undefined,
    }),
  );
  const phases = new Map<string, PhaseRuntime>(
    plan.phases.map((phase) => [
      phase.id,
      { index: domain.byId.get(`gate:${phase.id}`)!, iteration: 1, approval: phase.approve ? 'needed' : 'not-needed', held: [], untilHolds: undefined },
    ]),
  );
  const state: EngineState = {
    plan,
    domain,
    options,
    nodes,
    phases,
    facts: new Set(),
    failed: new Set(),
    ready: new Map(),
    readyGates: new Set(),
    errored: new Set(),
    modes: domain.nodes.map((node) => (node.action ? workspaceModeOf(plan, node.action, options.workspace !== undefined) : 'none')),
    mergeQueue: [],
    merging: -1,
    conflicted: new Set(),
    reopen: [],
    leaseConflicts: leaseConflictsOf(domain),
    trackHolders: new Map(),
    running: 0,
    runningByPool: new Map(),
    resourcesInUse: new Map(),
    budget: new BudgetLedger(plan, options.budget),
    runningAttempts: new Set(),
    spendChanged: new Set(),
    budgetCheckedAt: -Infinity,
    budgetsToCheck: 'changed',
    retryAt: new Map(),
    status: 'created',
    reason: '',
    now: 0,
    readyRounds: 0,
    lastReadyAt: -Infinity,
  };
  return state;
}

function leaseConflictsOf(domain: Domain): Map<number, number[]> {
  const actions = domain.nodes.flatMap((node) => (node.action ? [node.action] : []));
  const conflicts = new Map<number, number[]>();
  const add = (a: number, b: number): void => {
    const list = conflicts.get(a);
    if (list) list.push(b);
    else conflicts.set(a, [b]);
  };
  for (const { a, b } of leaseOverlaps(actions)) {
    const ia = domain.byId.get(a)!;
    const ib = domain.byId.get(b)!;
    add(ia, ib);
    add(ib, ia);
  }
  return conflicts;
}

/** Whether an action's attempts merge their work into the integration branch. */
export function integrates(state: EngineState, index: number): boolean {
  return state.modes[index] !== 'none';
}

/** The pool an action's attempts count against: its agent, or `*` when workers are interchangeable. */
export function poolOf(state: EngineState, node: number): string {
  return state.options.workers === null ? (state.domain.nodes[node]!.agent ?? '*') : '*';
}

/** How many attempts a pool may run at once. */
export function poolLimit(state: EngineState, pool: string): number {
  if (pool === '*') return state.options.workers ?? Infinity;
  return state.plan.agents[pool]?.concurrency ?? 1;
}

/** The ready heap of a pool, created on first use, in {@link startsBefore} order. */
export function readyHeap(state: EngineState, pool: string): OrderedHeap {
  let heap = state.ready.get(pool);
  if (!heap) {
    heap = new OrderedHeap((a, b) => startsBefore(state, a, b));
    state.ready.set(pool, heap);
  }
  return heap;
}

/**
 * Whether ready node `a` goes before `b`, within a pool and across pools. Critical-path-first (the default):
 * bottom level, priority, file order. FIFO (`options.order`): the instant each became ready, then file order.
 */
export function startsBefore(state: EngineState, a: number, b: number): boolean {
  const { nodes, domain } = state;
  if (state.options.order === 'fifo') {
    const byRound = nodes[a]!.readyRound - nodes[b]!.readyRound;
    return byRound !== 0 ? byRound < 0 : a < b;
  }
  const byLevel = nodes[b]!.bottomLevelS - nodes[a]!.bottomLevelS;
  if (byLevel !== 0) return byLevel < 0;
  const pa = PRIORITY_RANK[domain.nodes[a]!.action?.priority ?? 'medium'];
  const pb = PRIORITY_RANK[domain.nodes[b]!.action?.priority ?? 'medium'];
  return pa !== pb ? pa < pb : a < b;
}
