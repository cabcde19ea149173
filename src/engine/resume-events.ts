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
}

/** Attempts the log shows started but not ended, in the order they started. */
export function inFlightAttempts(events: readonly StoredEvent[]): InFlight[] {
  const open = new Map<string, InFlight>();
  for (const { event } of events) {
    const key = 'action' in event && 'attempt' in event ? `${event.action}#${event.attempt}` : '';
    if (event.type === 'attempt.started') open.set(key, { action: event.action, attempt: event.attempt, pid: undefined });
    else if (event.type === 'attempt.spawned' && open.has(key)) open.set(key, { ...open.get(key)!, pid: event.pid });
    else if (event.type === 'attempt.exited') open.delete(key);
  }
  return [...open.values()];
}

/** The events that reopen a run: its in-flight attempts interrupted, then `run.resumed` by process `pid`. */
export function resumeEvents(inFlight: readonly InFlight[], pid: number): EngineEvent[] {
  return [
    ...inFlight.map((a): EngineEvent => ({
      type: 'attempt.exited', action: a.action, attempt: a.attempt, outcome: 'interrupted', exitCode: null, signal: null, durationMs: 0, verify: [],
    })),
    { type: 'run.resumed', pid },
  ];
}
