/**
 * What a failure for good leads to. An action that failed after its retries: the planner is asked for another
 * path to the goal without it (and without every action that failed before); if there is one, it is taken. If
 * not — or for a failed gate or loop — whatever waits on the failed node is cancelled, naming the reason, and
 * independent branches go on. With `--fail-fast` the run ends at the first failure.
 */
import { GoalUnreachableError, SearchBoundError } from '../errors.js';
import { planActions } from '../planner/goap.js';
import type { EngineEvent } from './events.js';
import { plannedEvent } from './planned-event.js';
import type { EngineState, NodeStatus } from './state.js';

export function failureDecisions(state: EngineState, index: number, reason: string): EngineEvent[] {
  const node = state.domain.nodes[index]!;
  const failed: EngineEvent = { type: 'action.failed', action: node.id, reason };
  if (state.options.failFast) {
    return [failed, { type: 'run.finished', status: 'failed', reason: `${node.id} failed (${reason}); stopped at the first failure (--fail-fast)` }];
  }
  if (node.kind === 'action') {
    const replan = replanWithout(state, node.id);
    if (replan.event) return [failed, replan.event];
    return [failed, ...cancelDependents(state, index, `${node.id} failed and ${replan.why}`)];
  }
  return [failed, ...cancelDependents(state, index, `${node.id.replace(/^gate:/, 'the gate of phase ')} failed`)];
}

interface Replan {
  readonly event?: EngineEvent;
  readonly why: string;
}

function replanWithout(state: EngineState, id: string): Replan {
  const exclude = new Set([...state.failed, id]);
  try {
    const planned = planActions(state.domain, { initial: state.facts, goal: state.options.goal, exclude });
    return { event: plannedEvent(planned, [...exclude]), why: '' };
  } catch (error) {
    if (error instanceof GoalUnreachableError) {
      const facts = error.unreachable.map((u) => `"${u.fact}"`).join(', ');
      return { why: `no other path reaches ${facts} (failed: ${[...exclude].join(', ')})` };
    }
    if (error instanceof SearchBoundError) return { why: 'the search for another path hit its bound' };
    throw error;
  }
}

const IN_FLIGHT: ReadonlySet<NodeStatus> = new Set(['running', 'merging', 'conflicted', 'blocked']);

/** Cancels every node that waits, directly or not, on `index` and is not already settled or in flight. */
function cancelDependents(state: EngineState, index: number, reason: string): EngineEvent[] {
  const seen = new Set<number>([index]);
  const queue = [index];
  const events: EngineEvent[] = [];
  while (queue.length > 0) {
    for (const succ of state.nodes[queue.shift()!]!.succs) {
      if (seen.has(succ)) continue;
      seen.add(succ);
      queue.push(succ);
      const status = state.nodes[succ]!.status;
      // Work in flight (started when what it waits for was done, before a reopen) finishes; what waits on it is cancelled.
      if (status !== 'done' && status !== 'failed' && status !== 'cancelled' && !IN_FLIGHT.has(status)) {
        events.push({ type: 'action.cancelled', action: state.domain.nodes[succ]!.id, reason });
      }
    }
  }
  return events;
}
