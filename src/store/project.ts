/**
 * The projector: how each event changes the read models. It runs inside append's transaction, event by event, so
 * the read models are always exactly the fold of the stored events; an event it throws on is not stored either.
 * Events that change no read model (sensing, gates, loops, timers, approvals) are only kept in `events`.
 */
import type { EngineEvent, MergeOutcome } from '../engine/events.js';
import type { ActionPlace, ReadModels } from './read-models.js';
import type { ActionState } from './rows.js';

/**
 * Tells the store an action's phase and agent, which `run.planned` and `attempt.started` do not carry (the plan
 * does). Without it those columns stay null until an append that has one.
 */
export type DescribeAction = (actionId: string) => ActionPlace | undefined;

/** Applies one event to the read models of `run`. `at` is the event's stored time. */
export function project(
  models: ReadModels,
  run: string,
  event: EngineEvent,
  at: number,
  describe: DescribeAction = () => undefined,
): void {
  switch (event.type) {
    case 'run.created':
      return models.runCreated(run, event.file, event.options.goal);
    case 'run.planned':
      return models.planned(run, { actions: event.actions, skipped: event.skipped, place: describe }, at);
    case 'attempt.started':
      return models.attemptStarted(run, event.action, event.attempt, describe(event.action), at);
    case 'attempt.spawned':
      return models.attemptSpawned(run, event.action, event.attempt, event.pid, event.log);
    case 'attempt.exited':
      return models.attemptExited(run, event, at);
    case 'attempt.usage':
      return models.attemptUsage(run, event.action, event.attempt, event.usage);
    case 'retry.scheduled':
      return models.actionState(run, event.action, 'retrying', at);
    case 'action.failed':
      return models.actionState(run, event.action, 'failed', at);
    case 'action.cancelled':
      return models.actionState(run, event.action, 'cancelled', at);
    case 'merge.finished':
      return models.actionState(run, event.action, mergedState(event.result), at);
    case 'conflict.rerun':
    case 'action.reopened':
      return models.actionState(run, event.action, 'pending', at);
    case 'action.blocked':
      return models.actionState(run, event.action, 'blocked', at);
    case 'action.resolved':
    case 'merge.retried':
      return models.actionState(run, event.action, 'merging', at);
    case 'run.rolled_back':
      for (const id of event.reset) if (!id.startsWith('gate:')) models.actionState(run, id, 'pending', at);
      return models.runStatus(run, 'interrupted', `rolled back to ${event.phase}`);
    case 'run.finished':
      return models.runStatus(run, event.status, event.reason);
    case 'run.interrupted':
      models.runStatus(run, 'interrupted', event.signal);
      return models.interrupted(run, at);
    case 'run.resumed':
      return models.runStatus(run, 'running', null);
    default:
      return;
  }
}

function mergedState(result: MergeOutcome): ActionState {
  if (result === 'merged' || result === 'nothing') return 'done';
  // A conflict is settled by the decision that follows it in the same append.
  return result === 'conflict' ? 'merging' : 'failed';
}
