/**
 * What resuming a run adds to its log: every attempt the log shows started but not ended was in flight when
 * baton stopped; it is recorded as interrupted (so it runs again, without counting as a failure), then
 * `run.resumed`. Shared by `baton resume` and bench/resume, so the benchmark measures what the command does.
 */
import type { EngineEvent, StoredEvent } from './events.js';

export interface InFlight {
  readonly action: string;
  readonly attempt: number;
  /** The pid the log recorded for it, if it got that far. */
  readonly pid: number | undefined;
  /** The core had decided to stop it because its budget ran out. */
  readonly overBudget: boolean;
  /** The time of the log's last event: as far as baton saw it running. */
  readonly lostAt: number;
}

/** Attempts the log shows started but not ended, in the order they started. */
export function inFlightAttempts(events: readonly StoredEvent[]): InFlight[] {
  const open = new Map<string, InFlight>();
  const lostAt = lastSeenRunning(events);
  for (const { event } of events) {
    const key = 'action' in event && 'attempt' in event ? `${event.action}#${event.attempt}` : '';
    if (event.type === 'attempt.started') open.set(key, { action: event.action, attempt: event.attempt, pid: undefined, overBudget: false, lostAt });
    else if (event.type === 'attempt.spawned' && open.has(key)) open.set(key, { ...open.get(key)!, pid: event.pid });
    else if (event.type === 'budget.exceeded' && open.has(key)) open.set(key, { ...open.get(key)!, overBudget: true });
    else if (event.type === 'attempt.exited') open.delete(key);
  }
  return [...open.values()];
}

/**
 * The time of the last event the run's own runner wrote: events other commands append while no runner drives the
 * run (`baton approve`, `resolve`, `rollback` and the plan a rollback records) say nothing about how long its
 * attempts ran, and a night between a crash and an approval must not be charged to their budgets.
 */
function lastSeenRunning(events: readonly StoredEvent[]): number {
  const foreign = new Set(['phase.approved', 'action.resolved', 'run.rolled_back', 'run.landed']);
  let at = 0;
  let previous: string | undefined;
  for (const { event, at: when } of events) {
    const byRollback = event.type === 'run.planned' && previous === 'run.rolled_back';
    if (!foreign.has(event.type) && !byRollback) at = when;
    previous = event.type;
  }
  return at;
}

/**
 * The events that reopen a run: its in-flight attempts interrupted (or `over_budget`, when the core had decided
 * to stop them for that: they must not run again on a budget refilled by the crash), then `run.resumed` by
 * process `pid`. Their time counts up to the log's last event, not to the resume.
 */
export function resumeEvents(inFlight: readonly InFlight[], pid: number): EngineEvent[] {
  return [
    ...inFlight.map((a): EngineEvent => ({
      type: 'attempt.exited',
      action: a.action,
      attempt: a.attempt,
      outcome: a.overBudget ? 'over_budget' : 'interrupted',
      exitCode: null,
      signal: null,
      durationMs: 0,
      verify: [],
      lostAt: a.lostAt,
    })),
    { type: 'run.resumed', pid },
  ];
}
