/**
 * The fold for integration events: merges of attempts' branches into the integration branch, their conflicts,
 * and rollbacks to a checkpoint. Like apply.ts it decides nothing and does no I/O.
 */
import { doneFact, phaseFact } from '../plan/model.js';
import type { EngineEvent } from './events.js';
import type { EngineState } from './state.js';
import { complete, markErrored, releaseCapacity } from './transitions.js';

export function startMerge(state: EngineState, index: number): void {
  const at = state.mergeQueue.indexOf(index);
  if (at >= 0) state.mergeQueue.splice(at, 1);
  state.merging = index;
}

export function endMerge(state: EngineState, index: number, event: Extract<EngineEvent, { type: 'merge.finished' }>): void {
  if (state.merging === index) state.merging = -1;
  const node = state.nodes[index]!;
  if (node.status !== 'merging') return;
  // A merge that preferred this side and finds it merged already ran before a crash: it overrode the conflict's files.
  const overridden = event.overridden?.length ? event.overridden : event.result === 'nothing' && node.preferBranch ? node.conflict?.files : undefined;
  node.preferBranch = false;
  if (event.result === 'merged' || event.result === 'nothing') {
    // The other side's changes to these files were replaced by this action's: it runs again on top of them.
    if (overridden?.length) {
      for (const id of node.conflict?.ours ?? []) {
        if (state.reopen.includes(id)) continue;
        state.reopen.push(id);
        // Its next attempt learns which of its files lost, and to whom.
        const other = state.domain.byId.get(id);
        if (other !== undefined) state.nodes[other]!.conflict = { files: overridden, ours: [state.domain.nodes[index]!.id], theirs: id };
      }
    }
    // Settled: a later attempt (a loop's next round, a rollback) must not get this conflict as its context.
    node.conflict = undefined;
    return complete(state, index);
  }
  if (event.result === 'conflict') {
    node.status = 'conflicted';
    node.conflict = event.conflict;
    node.reason = event.reason ?? `merge conflict on ${event.conflict?.files.join(', ') ?? 'some files'}`;
    state.conflicted.add(index);
    return;
  }
  node.failures++;
  markErrored(state, index, `merge failed: ${event.reason ?? 'git failed'}`);
}

/** No review pending, no reviewed work to continue, no rounds spent. */
const FRESH_REVIEW = { reviewRounds: 0, review: undefined, revise: undefined } as const;

/**
 * `baton rollback`: the listed actions and gates return to the start (the planner plans them again on resume);
 * their facts, and the phase facts of reset gates, no longer hold. What is kept keeps its facts. The run waits
 * for `baton resume`.
 */
export function rollBack(state: EngineState, reset: readonly string[], phase: string): void {
  for (const id of reset) {
    const index = state.domain.byId.get(id);
    if (index === undefined) continue;
    const domainNode = state.domain.nodes[index]!;
    // An attempt the log shows in flight (baton died) gives its capacity back; a queued merge is dropped.
    if (state.nodes[index]!.status === 'running' && domainNode.action) releaseCapacity(state, index);
    if (state.merging === index) state.merging = -1;
    if (state.mergeQueue.includes(index)) state.mergeQueue.splice(state.mergeQueue.indexOf(index), 1);
    // Its work and its reviews were about the abandoned tip: it starts over, reviews included.
    Object.assign(state.nodes[index]!, { status: 'idle', failures: 0, reason: '', conflict: undefined, conflictReruns: 0, preferBranch: false, ...FRESH_REVIEW });
    state.failed.delete(id);
    state.errored.delete(index);
    state.conflicted.delete(index);
    state.retryAt.delete(index);
    if (domainNode.action) {
      state.facts.delete(doneFact(id));
      for (const fact of domainNode.action.provides) state.facts.delete(fact);
    } else {
      state.facts.delete(phaseFact(domainNode.phase));
      const runtime = state.phases.get(domainNode.phase)!;
      Object.assign(runtime, { iteration: 1, untilHolds: undefined, held: [] });
      if (runtime.approval !== 'not-needed') runtime.approval = 'needed';
    }
  }
  // A fact provided by a kept action holds still.
  state.nodes.forEach((node, index) => {
    if (node.status === 'done') for (const fact of state.domain.nodes[index]!.action?.provides ?? []) state.facts.add(fact);
  });
  state.status = 'interrupted';
  state.reason = `rolled back to the checkpoint of phase ${phase}`;
}

