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
      { action: 'b', attempt: 1, pid: undefined },
      { action: 'a', attempt: 2, pid: 42 },
    ]);
  });

  it('records them as interrupted, then the resume', () => {
    expect(resumeEvents([{ action: 'b', attempt: 1, pid: undefined }], 7).map((e) => e.type)).toEqual(['attempt.exited', 'run.resumed']);
    expect(resumeEvents([{ action: 'b', attempt: 1, pid: undefined }], 7)[0]).toMatchObject({ outcome: 'interrupted', action: 'b', attempt: 1 });
  });
});
