/** The state changes that several events share: becoming ready, finishing, taking and giving back capacity. */
import { doneFact, phaseFact } from '../plan/model.js';
import type { EngineState } from './state.js';
import { poolOf, readyHeap } from './state.js';

/** Puts a node whose preds are all done where the scheduler finds it. */
export function makeReady(state: EngineState, index: number): void {
  const node = state.nodes[index]!;
  const domainNode = state.domain.nodes[index]!;
  if (domainNode.kind === 'gate') {
    node.status = 'ready';
    state.readyGates.add(index);
    return;
  }
  const phase = state.phases.get(domainNode.phase);
  if (phase && (phase.approval === 'needed' || phase.approval === 'waiting')) {
    node.status = 'held';
    phase.held.push(index);
    return;
  }
  node.status = 'ready';
  stampReady(state, index);
  readyHeap(state, poolOf(state, index)).push(index);
}

/**
 * Stamps the instant a node first becomes ready (FIFO order; see `readyRound`): nodes made ready at the same
 * instant share a stamp, so FIFO breaks their tie by file order. Under the virtual clock an instant is exact;
 * in a real run it is a millisecond of wall-clock time, replayed from the log like everything else.
 */
function stampReady(state: EngineState, index: number): void {
  const node = state.nodes[index]!;
  if (node.readyRound >= 0) return;
  if (state.now > state.lastReadyAt) {
    state.readyRounds++;
    state.lastReadyAt = state.now;
  }
  node.readyRound = state.readyRounds;
}

/** A node finished well: its facts hold and what waited only for it becomes ready. */
export function complete(state: EngineState, index: number): void {
  const node = state.nodes[index]!;
  const domainNode = state.domain.nodes[index]!;
  // Twice would release its successors twice.
  if (node.status === 'done') return;
  node.status = 'done';
  if (domainNode.action) {
    state.facts.add(doneFact(domainNode.id));
    for (const fact of domainNode.action.provides) state.facts.add(fact);
  } else {
    state.facts.add(phaseFact(domainNode.phase));
  }
  for (const succ of node.succs) {
    const next = state.nodes[succ]!;
    next.blockers--;
    if (next.blockers === 0 && next.status === 'waiting') makeReady(state, succ);
  }
}

/** Counts an attempt against its pool, the global limit and its resources. */
export function takeCapacity(state: EngineState, index: number): void {
  adjustCapacity(state, index, 1);
}

export function releaseCapacity(state: EngineState, index: number): void {
  adjustCapacity(state, index, -1);
}

function adjustCapacity(state: EngineState, index: number, delta: 1 | -1): void {
  state.running += delta;
  if (delta > 0 && state.modes[index] === 'track') state.trackHolders.set(state.domain.nodes[index]!.agent!, index);
  const pool = poolOf(state, index);
  state.runningByPool.set(pool, (state.runningByPool.get(pool) ?? 0) + delta);
  const uses = state.domain.nodes[index]!.action?.uses ?? {};
  for (const [resource, amount] of Object.entries(uses)) {
    state.resourcesInUse.set(resource, (state.resourcesInUse.get(resource) ?? 0) + delta * amount);
  }
}

/**
 * A done action goes back to work (a later merge overrode its changes): its facts no longer hold, and what waits
 * on it and has not started waits again. What already started on the strength of its first result goes on.
 */
export function reopen(state: EngineState, index: number): void {
  const node = state.nodes[index]!;
  const domainNode = state.domain.nodes[index]!;
  if (node.status !== 'done' || !domainNode.action) return;
  state.facts.delete(doneFact(domainNode.id));
  for (const fact of domainNode.action.provides) state.facts.delete(fact);
  for (const succ of node.succs) {
    const next = state.nodes[succ]!;
    next.blockers++;
    if (next.status === 'ready' || next.status === 'held') next.status = 'waiting';
    // A ready gate leaves the set it is found in.
    state.readyGates.delete(succ);
  }
  // Its work is redone on top of what replaced it: a new piece of work, reviewed afresh.
  Object.assign(node, { failures: 0, status: 'waiting', reviewRounds: 0, review: undefined, revise: undefined });
  makeReady(state, index);
}

/** An attempt or a gate went wrong: the core decides next (retry, or fail for good). */
export function markErrored(state: EngineState, index: number, reason: string): void {
  const node = state.nodes[index]!;
  node.status = 'errored';
  node.reason = reason;
  state.errored.add(index);
}
