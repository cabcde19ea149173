import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AttemptOutcome, EngineEvent, RunOptions } from '../engine/events.js';
import { openStore } from './open.js';
import type { Store } from './store.js';

let dir: string;
let store: Store;
let clock: number;

const places: Record<string, { phase: string; agent: string }> = {
  a: { phase: 'build', agent: 'dev' },
  b: { phase: 'build', agent: 'dev' },
  c: { phase: 'test', agent: 'qa' },
};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-project-'));
  store = openStore(join(dir, 'baton.db'), { describeAction: (id) => places[id] });
  store.createRun('r1', 'plan.yaml', 0);
  clock = 0;
});

afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const options: RunOptions = { concurrency: 2, failFast: false, yes: true, goal: ['shipped'], workers: null, retryBackoffMs: 10 };

function record(...events: EngineEvent[]): void {
  store.append('r1', events, ++clock);
}

function plan(actions: string[], skipped: string[] = [], excluded: string[] = []): EngineEvent {
  return { type: 'run.planned', actions, nodes: actions.map((id) => ({ id, preds: [] })), skipped, excluded };
}

function start(action: string, attempt: number, pid = 1000 + attempt): EngineEvent[] {
  return [
    { type: 'attempt.started', action, attempt, iteration: 0 },
    { type: 'attempt.spawned', action, attempt, pid, log: `logs/${action}.${attempt}.log` },
  ];
}

function exit(action: string, attempt: number, outcome: AttemptOutcome, exitCode: number | null = 0): EngineEvent {
  return { type: 'attempt.exited', action, attempt, outcome, exitCode, signal: null, durationMs: 5, verify: [] };
}

/** The `baton status --json` contract, read from the read models. */
function status(): { run: string; state: string; actions: { id: string; state: string; attempts: number }[] } {
  const run = store.run('r1');
  const actions = store.actions('r1').map(({ id, state, attempts }) => ({ id, state, attempts }));
  return { run: 'r1', state: run?.status ?? 'unknown', actions };
}

describe('the read models follow the events', () => {
  it('a new run is created, then running once run.created is stored, with its goal', () => {
    expect(store.run('r1')?.status).toBe('created');
    record({ type: 'run.created', file: 'plan.yaml', planText: '', options });
    expect(store.run('r1')).toMatchObject({ status: 'running', goal: ['shipped'], file: 'plan.yaml' });
  });

  it('a run with retries, a failure, a replan, an interruption and a resume ends as its events say', () => {
    record({ type: 'run.created', file: 'plan.yaml', planText: '', options }, { type: 'run.sensed', facts: ['s_done'] });
    record(plan(['a', 'b', 'c', 'd'], ['s']));
    record(...start('a', 1), ...start('b', 1));
    record(exit('a', 1, 'succeeded'), exit('b', 1, 'failed', 1));
    expect(store.actions('r1').find((a) => a.id === 'b')?.state).toBe('failed');
    record({ type: 'retry.scheduled', action: 'b', at: 100 });
    expect(store.actions('r1').find((a) => a.id === 'b')?.state).toBe('retrying');
    record({ type: 'timer.fired', action: 'b' }, ...start('b', 2));
    record(exit('b', 2, 'timed_out', null), { type: 'action.failed', action: 'b', reason: 'retries spent' });

    // The replan leaves b out (failed for good) and d (no longer needed); e is new.
    record(plan(['a', 'c', 'e'], ['s'], ['b']));
    record(...start('c', 1, 4242));
    record({ type: 'run.interrupted', signal: 'SIGINT' });
    expect(status()).toEqual({
      run: 'r1',
      state: 'interrupted',
      actions: [
        { id: 'a', state: 'done', attempts: 1 },
        { id: 'b', state: 'failed', attempts: 2 },
        { id: 'c', state: 'interrupted', attempts: 1 },
        { id: 'd', state: 'dropped', attempts: 0 },
        { id: 'e', state: 'pending', attempts: 0 },
        { id: 's', state: 'skipped', attempts: 0 },
      ],
    });

    record({ type: 'run.resumed', pid: 77 });
    expect(store.run('r1')?.status).toBe('running');
    record(...start('c', 2), exit('c', 2, 'succeeded'));
    record({ type: 'action.cancelled', action: 'e', reason: 'fail-fast' });
    record({ type: 'run.finished', status: 'failed', reason: 'b failed' });

    expect(status()).toEqual({
      run: 'r1',
      state: 'failed',
      actions: [
        { id: 'a', state: 'done', attempts: 1 },
        { id: 'b', state: 'failed', attempts: 2 },
        { id: 'c', state: 'done', attempts: 2 },
        { id: 'd', state: 'dropped', attempts: 0 },
        { id: 'e', state: 'cancelled', attempts: 0 },
        { id: 's', state: 'skipped', attempts: 0 },
      ],
    });
    expect(store.run('r1')?.reason).toBe('b failed');
  });

  it('records each attempt: its process, its log, how and when it ended', () => {
    record(plan(['b', 'c']), ...start('b', 1), exit('b', 1, 'failed', 1), ...start('b', 2), exit('b', 2, 'succeeded'));
    record(...start('c', 1, 4242), { type: 'run.interrupted', signal: 'SIGTERM' });
    expect(store.attempts('r1', 'b')).toEqual([
      { run: 'r1', action: 'b', attempt: 1, state: 'failed', pid: 1001, log: 'logs/b.1.log', startedAt: 1, endedAt: 1, exitCode: 1, signal: null, outcome: 'failed', inputTokens: 0, outputTokens: 0, costUsd: null },
      { run: 'r1', action: 'b', attempt: 2, state: 'succeeded', pid: 1002, log: 'logs/b.2.log', startedAt: 1, endedAt: 1, exitCode: 0, signal: null, outcome: 'succeeded', inputTokens: 0, outputTokens: 0, costUsd: null },
    ]);
    // Interrupted: baton stopped while it ran; nobody saw it end.
    expect(store.attempts('r1', 'c')).toEqual([
      { run: 'r1', action: 'c', attempt: 1, state: 'interrupted', pid: 4242, log: 'logs/c.1.log', startedAt: 2, endedAt: null, exitCode: null, signal: null, outcome: null, inputTokens: 0, outputTokens: 0, costUsd: null },
    ]);
    expect(store.attempts('r1').map((a) => `${a.action}#${a.attempt}`)).toEqual(['b#1', 'b#2', 'c#1']);
  });

  it('keeps what each attempt spent, live while it runs and final when it ends', () => {
    record(plan(['a']), ...start('a', 1));
    record({ type: 'attempt.usage', action: 'a', attempt: 1, usage: { inputTokens: 900, outputTokens: 100, costUsd: 0.01 } });
    expect(store.attempts('r1', 'a')[0]).toMatchObject({ state: 'running', inputTokens: 900, outputTokens: 100, costUsd: 0.01 });
    record({ ...exit('a', 1, 'over_budget', null), usage: { inputTokens: 2000, outputTokens: 300, costUsd: 0.05 } } as EngineEvent);
    expect(store.attempts('r1', 'a')[0]).toMatchObject({ outcome: 'over_budget', inputTokens: 2000, outputTokens: 300, costUsd: 0.05 });
    expect(store.actions('r1')[0]).toMatchObject({ state: 'failed' });
  });

  it('an attempt its reviewer sent back leaves the action retrying', () => {
    record(plan(['a']), ...start('a', 1), exit('a', 1, 'changes_requested'));
    expect(store.actions('r1')[0]).toMatchObject({ state: 'retrying' });
  });

  it('takes phase and agent from the lookup, and leaves them null for actions it does not know', () => {
    record(plan(['a', 'c', 'x']));
    expect(store.actions('r1').map(({ id, phase, agent }) => ({ id, phase, agent }))).toEqual([
      { id: 'a', phase: 'build', agent: 'dev' },
      { id: 'c', phase: 'test', agent: 'qa' },
      { id: 'x', phase: null, agent: null },
    ]);
  });

  it('a replan leaves running and finished actions as they are and plans the rest again', () => {
    record(plan(['a', 'b', 'c']), ...start('a', 1), exit('a', 1, 'succeeded'), ...start('b', 1));
    record({ type: 'action.cancelled', action: 'c', reason: 'x' }, plan(['a', 'b', 'c']));
    expect(status().actions.map((a) => `${a.id}:${a.state}`)).toEqual(['a:done', 'b:running', 'c:pending']);
  });

  it('an attempt ending late does not change an action that has started a newer one', () => {
    record(plan(['a']), ...start('a', 1), ...start('a', 2), exit('a', 1, 'failed', 1));
    expect(store.actions('r1')[0]).toMatchObject({ state: 'running', attempts: 2 });
  });

  it('events that change no read model are only stored', () => {
    record(plan(['a']));
    const before = { run: store.run('r1'), actions: store.actions('r1') };
    record(
      { type: 'gate.started', phase: 'build', iteration: 0 },
      { type: 'gate.finished', phase: 'build', passed: true, checks: [] },
      { type: 'phase.waiting', phase: 'test' },
      { type: 'phase.approved', phase: 'test', by: 'ana' },
      { type: 'loop.check', phase: 'test', iteration: 1 },
      { type: 'loop.checked', phase: 'test', holds: false },
      { type: 'loop.repeat', phase: 'test', iteration: 2 },
    );
    expect(store.actions('r1')).toEqual(before.actions);
    expect(store.run('r1')).toEqual({ ...before.run, updatedAt: 2 });
    expect(store.events('r1')).toHaveLength(8);
  });
});
