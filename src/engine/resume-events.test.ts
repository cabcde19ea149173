import { describe, expect, it } from 'vitest';
import type { EngineEvent, StoredEvent } from './events.js';
import { inFlightAttempts, resumeEvents } from './resume-events.js';

const log = (events: EngineEvent[]): StoredEvent[] => events.map((event, i) => ({ run: 'r', seq: i + 1, at: i, event }));

describe('resuming a run', () => {
  it('finds the attempts started but not ended, with the pid the log recorded', () => {
    const events = log([
      { type: 'attempt.started', action: 'a', attempt: 1, iteration: 1 },
      { type: 'attempt.spawned', action: 'a', attempt: 1, pid: 41, log: 'a.1.log' },
      { type: 'attempt.started', action: 'b', attempt: 1, iteration: 1 },
      { type: 'attempt.exited', action: 'a', attempt: 1, outcome: 'failed', exitCode: 1, signal: null, durationMs: 3, verify: [] },
      { type: 'attempt.started', action: 'a', attempt: 2, iteration: 1 },
      { type: 'attempt.spawned', action: 'a', attempt: 2, pid: 42, log: 'a.2.log' },
    ]);
    expect(inFlightAttempts(events)).toEqual([
      { action: 'b', attempt: 1, pid: undefined, overBudget: false, lostAt: 5 },
      { action: 'a', attempt: 2, pid: 42, overBudget: false, lostAt: 5 },
    ]);
  });

  it('records them as interrupted, as seen last at the log\'s last event, then the resume', () => {
    const inFlight = [{ action: 'b', attempt: 1, pid: undefined, overBudget: false, lostAt: 9 }];
    expect(resumeEvents(inFlight, 7).map((e) => e.type)).toEqual(['attempt.exited', 'run.resumed']);
    expect(resumeEvents(inFlight, 7)[0]).toMatchObject({ outcome: 'interrupted', action: 'b', attempt: 1, lostAt: 9 });
  });

  it('sees an attempt last at the runner\'s last event, not at an approval or a rollback written while it was down', () => {
    const events = log([
      { type: 'attempt.started', action: 'a', attempt: 1, iteration: 1 },
      { type: 'attempt.spawned', action: 'a', attempt: 1, pid: 41, log: 'a.1.log' },
      { type: 'phase.approved', phase: 'later', by: 'ann' },
      { type: 'run.rolled_back', phase: 'p', from: 'x', to: 'y', backup: 'b', reset: [] },
      { type: 'run.planned', actions: [], nodes: [], skipped: [], excluded: [] },
    ]);
    expect(inFlightAttempts(events)[0]).toMatchObject({ action: 'a', lostAt: 1 });
  });

  it('records an attempt the core was stopping for its budget as over budget, so it does not run again', () => {
    const events = log([
      { type: 'attempt.started', action: 'a', attempt: 1, iteration: 1 },
      { type: 'budget.exceeded', action: 'a', attempt: 1, reason: 'action a time 10s of 10s' },
    ]);
    expect(resumeEvents(inFlightAttempts(events), 7)[0]).toMatchObject({ outcome: 'over_budget', action: 'a' });
  });
});
