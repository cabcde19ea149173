/**
 * Installing a planned graph (`run.planned`) into the state: the first plan, or a replan after a failure. What
 * is done stays done, what runs keeps running; new nodes wait for their preds; nodes the new plan leaves out
 * are dropped (unless they are running: an attempt in flight is never abandoned silently).
 */
import { topologicalOrder } from '../planner/graph.js';
import type { PlannedNode } from './events.js';
import type { EngineState } from './state.js';
import { makeReady } from './transitions.js';

/** Kept whether the new plan has them or not: work in flight (an attempt, a merge, a conflict) is never abandoned. */
const KEEP = new Set(['running', 'merging', 'conflicted', 'blocked', 'done', 'failed', 'cancelled']);
const NOT_STARTED = new Set(['idle', 'waiting', 'ready', 'held']);

export function installPlan(state: EngineState, planned: readonly PlannedNode[], skipped: readonly string[]): void {
  const { nodes } = state;
  for (const id of skipped) markSkipped(state, id);
  const inPlan = new Set<number>();
  for (const node of planned) inPlan.add(indexOf(state, node.id));
  nodes.forEach((node, index) => {
    node.preds = [];
    node.succs = [];
    if (!inPlan.has(index) && !KEEP.has(node.status)) drop(state, index);
  });
  for (const { id, preds } of planned) {
    const index = indexOf(state, id);
    const node = nodes[index]!;
    node.preds = preds.map((pred) => indexOf(state, pred));
    for (const pred of node.preds) nodes[pred]!.succs.push(index);
    if (node.status === 'idle') node.status = 'waiting';
  }
  computeBottomLevels(state, [...inPlan]);
  rebuildReady(state, inPlan);
}

/** A node the plan no longer needs: it leaves the plan, with the retry it was waiting for. */
function drop(state: EngineState, index: number): void {
  state.nodes[index]!.status = 'idle';
  state.errored.delete(index);
  state.retryAt.delete(index);
}

/**
 * An action the planner counts as done because what it declares holds. Only one that has not started is marked
 * so: an attempt in flight still ends with an exit (which must give its capacity back), and a failed or retried
 * action keeps its history.
 */
function markSkipped(state: EngineState, id: string): void {
  const index = state.domain.byId.get(id);
  if (index === undefined) return;
  const node = state.nodes[index]!;
  if (!NOT_STARTED.has(node.status)) return;
  node.status = 'done';
  node.reason = 'skipped: what it provides already holds';
  state.facts.add(`done:${id}`);
}

/** Recounts what each planned node still waits for, and refills the ready heaps and gates from scratch. */
function rebuildReady(state: EngineState, inPlan: ReadonlySet<number>): void {
  state.ready.clear();
  state.readyGates.clear();
  for (const phase of state.phases.values()) phase.held = [];
  for (const index of inPlan) {
    const node = state.nodes[index]!;
    node.blockers = node.preds.filter((pred) => state.nodes[pred]!.status !== 'done').length;
    if (node.status === 'ready' || node.status === 'held' || (node.status === 'waiting' && node.blockers === 0)) {
      makeReady(state, index);
    }
  }
}

/** Bottom level = own duration + the longest chain after it, over the current plan; gates take no time. */
function computeBottomLevels(state: EngineState, members: readonly number[]): void {
  const local = new Map(members.map((index, i) => [index, i]));
  const succ = members.map((index) => state.nodes[index]!.succs.flatMap((s) => local.get(s) ?? []));
  const order = topologicalOrder(members.length, succ) ?? members.map((_, i) => i);
  for (let k = order.length - 1; k >= 0; k--) {
    const index = members[order[k]!]!;
    const node = state.nodes[index]!;
    let after = 0;
    for (const s of node.succs) after = Math.max(after, state.nodes[s]!.bottomLevelS);
    node.bottomLevelS = state.domain.nodes[index]!.durationS + after;
  }
}

function indexOf(state: EngineState, id: string): number {
  const index = state.domain.byId.get(id);
  if (index === undefined) throw new Error(`internal: planned node "${id}" is not in the plan`);
  return index;
}
