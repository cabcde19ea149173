import { describe, expect, it } from 'vitest';
import type { EngineEvent, MergeOutcome, RunWorkspace } from './events.js';
import { Scenario, started, types } from './scenario.test.js';

const workspace: RunWorkspace = { root: '/repo', prefix: '', base: 'main', baseCommit: 'c0', integration: 'baton/r' };

function git(text: string): Scenario {
  return Scenario.yaml(text, { workspace });
}

function merged(run: Scenario, action: string, result: MergeOutcome = 'merged', extra: Partial<Extract<EngineEvent, { type: 'merge.finished' }>> = {}): EngineEvent[] {
  return run.report({ type: 'merge.finished', action, attempt: run.node(action).attempts, result, files: [], ...extra });
}

function conflict(run: Scenario, action: string, files: string[], ours: string[]): EngineEvent[] {
  return merged(run, action, 'conflict', { conflict: { files, ours, theirs: action } });
}

function merges(events: readonly EngineEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'merge.started' ? [event.action] : []));
}

describe('integrating work in git', () => {
  it('merges an attempt’s branch before anything that needs it starts', () => {
    const run = git(`actions: [{ id: a, run: "true" }, { id: b, run: "true", needs: [a] }]`);
    expect(started(run.start())).toEqual(['a']);
    expect(run.exit('a')).toEqual([{ type: 'merge.started', action: 'a', attempt: 1 }]);
    expect(run.status('a')).toBe('merging');
    expect(run.status('b')).toBe('waiting');
    expect(started(merged(run, 'a'))).toEqual(['b']);
    expect(run.status('a')).toBe('done');
  });

  it('merges one branch at a time, in the order the attempts succeeded', () => {
    const run = git(`actions: [{ id: a, run: "true" }, { id: b, run: "true" }, { id: c, run: "true" }]`);
    run.start();
    expect(merges(run.exit('b'))).toEqual(['b']);
    expect(merges(run.exit('a'))).toEqual([]);
    expect(merges(run.exit('c'))).toEqual([]);
    expect(merges(merged(run, 'b'))).toEqual(['a']);
    expect(merges(merged(run, 'a'))).toEqual(['c']);
    expect(merged(run, 'c')).toEqual([{ type: 'gate.started', phase: 'main', iteration: 1 }]);
    expect(types(run.gate('main', true))).toEqual(['run.finished']);
    expect(run.state.status).toBe('succeeded');
  });

  it('does not merge actions that run in the target directory', () => {
    const run = git(`actions: [{ id: a, run: "true", workspace: none }]`);
    run.start();
    // The gate goes to the drivers even without checks: in git its pass tags a checkpoint.
    expect(types(run.exit('a'))).toEqual(['gate.started']);
  });

  it('merges a branch that had nothing new as done', () => {
    const run = git(`actions: [{ id: a, run: "true" }]`);
    run.start();
    run.exit('a');
    expect(types(merged(run, 'a', 'nothing'))).toEqual(['gate.started']);
  });

  it('counts a merge that git failed as a failed attempt, retried like one', () => {
    const run = git(`actions: [{ id: a, run: "true", retries: 1 }]`);
    run.start();
    run.exit('a');
    expect(types(merged(run, 'a', 'failed', { reason: 'disk full' }))).toEqual(['retry.scheduled']);
    expect(run.node('a').reason).toBe('merge failed: disk full');
  });
});

describe('file leases', () => {
  const plan = `actions:
    - { id: a, run: "true", files: ["scripts/**"], estimate: 2h }
    - { id: b, run: "true", files: ["scripts/cleanup.sh"] }
    - { id: c, run: "true", files: ["docs/**"] }`;

  it('runs actions whose leases overlap one after the other, and the others beside them', () => {
    const run = git(plan);
    expect(started(run.start())).toEqual(['a', 'c']);
    expect(run.status('b')).toBe('ready');
  });

  it('keeps a lease until the work is merged, not just until the attempt ends', () => {
    const run = git(plan);
    run.start();
    expect(started(run.exit('a'))).toEqual([]);
    expect(started(merged(run, 'a'))).toEqual(['b']);
  });

  it('lets an action marked parallel_ok run beside overlapping leases', () => {
    const run = git(plan.replace('files: ["scripts/cleanup.sh"]', 'files: ["scripts/cleanup.sh"], parallel_ok: true'));
    expect(started(run.start())).toEqual(['a', 'b', 'c']);
  });

  it('holds leases outside git too, until the attempt ends', () => {
    const run = Scenario.yaml(plan);
    expect(started(run.start())).toEqual(['a', 'c']);
    expect(started(run.exit('a'))).toEqual(['b']);
  });
});

describe('tracks', () => {
  it('runs one action at a time in an agent’s track, whatever its concurrency, until its work is merged', () => {
    const run = git(`agents: { dev: { use: shell, concurrency: 2, workspace: track } }
actions: [{ id: a, agent: dev, run: "true" }, { id: b, agent: dev, run: "true" }]`);
    expect(started(run.start())).toEqual(['a']);
    expect(started(run.exit('a'))).toEqual([]);
    expect(started(merged(run, 'a'))).toEqual(['b']);
  });

  it('frees the track when its action must run again after a conflict', () => {
    const run = git(`agents: { dev: { use: shell, workspace: track } }
actions: [{ id: x, run: "true", estimate: 2h }, { id: a, agent: dev, run: "true" }, { id: b, agent: dev, run: "true", needs: [a] }]`);
    run.start();
    run.exitAll(['x', 'a']);
    merged(run, 'x');
    expect(started(conflict(run, 'a', ['f'], ['x']))).toEqual(['a']);
  });
});

describe('merge conflicts', () => {
  const two = (policy: string, extra = '') => `conflicts: ${policy}
actions:
  - { id: a, run: "true", estimate: 2h ${extra} }
  - { id: b, run: "true" }`;

  it('under rebase, runs the second side again on the new tip, with the conflict as its context', () => {
    const run = git(two('rebase'));
    run.start();
    run.exit('a');
    run.exit('b');
    merged(run, 'a');
    const decided = conflict(run, 'b', ['x.txt'], ['a']);
    expect(decided[0]).toEqual({ type: 'conflict.rerun', action: 'b', reason: 'merge conflict on x.txt with a; the first merged wins; running it again on the new tip' });
    expect(decided[1]).toMatchObject({ type: 'attempt.started', action: 'b', attempt: 2 });
    expect(run.node('b').conflict).toEqual({ files: ['x.txt'], ours: ['a'], theirs: 'b' });
  });

  it('under rebase, fails the action once its reruns are spent', () => {
    const run = git(two('{ policy: rebase, max_reruns: 1 }'));
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    conflict(run, 'b', ['x.txt'], ['a']);
    run.exit('b');
    const decided = conflict(run, 'b', ['x.txt'], ['a']);
    expect(decided[0]).toMatchObject({ type: 'action.failed', action: 'b', reason: 'merge conflict on x.txt with a; the first merged wins; still conflicting after 1 rerun' });
    expect(run.state.status).toBe('failed');
  });

  it('under escalate, blocks the action and waits for baton resolve', () => {
    const run = git(two('escalate'));
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    expect(types(conflict(run, 'b', ['x.txt'], ['a']))).toEqual(['action.blocked']);
    expect(run.status('b')).toBe('blocked');
    expect(run.state.status).toBe('running');
    expect(run.report({ type: 'action.resolved', action: 'b', by: 'someone' })).toEqual([{ type: 'merge.started', action: 'b', attempt: 1 }]);
    expect(types(merged(run, 'b'))).toEqual(['gate.started']);
    run.gate('main', true);
    expect(run.state.status).toBe('succeeded');
  });

  it('ends the run as failed, blocked action and all, once the goal is out of reach anyway', () => {
    const run = git(`conflicts: escalate
phases:
  - id: one
    actions: [{ id: a, run: "true" }, { id: b, run: "true" }, { id: c, run: "false" }]
    gate: [make test]`);
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    conflict(run, 'b', ['x'], ['a']);
    expect(run.status('b')).toBe('blocked');
    const end = run.exit('c', 'failed');
    expect(end.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed', reason: expect.stringContaining('b (blocked): merge conflict on x') as string });
  });

  it('under owner, lets the lease owner’s side win and runs the other side again on top of it', () => {
    const run = git(`conflicts: owner
actions:
  - { id: a, run: "true", estimate: 2h }
  - { id: b, run: "true", files: ["x.txt"], parallel_ok: true }`);
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    const decided = conflict(run, 'b', ['x.txt'], ['a']);
    expect(decided).toEqual([
      { type: 'merge.retried', action: 'b', prefer: 'branch', reason: 'merge conflict on x.txt with a; b holds the lease on them, so its side wins' },
      { type: 'merge.started', action: 'b', attempt: 1, prefer: 'branch' },
    ]);
    const after = merged(run, 'b', 'merged', { overridden: ['x.txt'] });
    expect(after[0]).toMatchObject({ type: 'action.reopened', action: 'a' });
    expect(started(after)).toEqual(['a']);
    expect(run.node('a').attempts).toBe(2);
    run.exit('a');
    expect(types(merged(run, 'a'))).toEqual(['gate.started']);
  });

  it('under owner, runs the merging side again when the other side owns the files', () => {
    const run = git(two('owner', ', files: ["x.txt"], parallel_ok: true'));
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    expect(conflict(run, 'b', ['x.txt'], ['a'])[0]).toEqual({
      type: 'conflict.rerun',
      action: 'b',
      reason: 'merge conflict on x.txt with a; a holds the lease on them; running it again on the new tip',
    });
  });

  it('under agent, blocks the action when the resolver could not settle the merge', () => {
    const run = git(`conflicts: { policy: agent, agent: fixer, run: ./fix.sh }
agents: { fixer: { use: shell } }
actions: [{ id: a, run: "true" }]`);
    run.start();
    run.exit('a');
    const decided = merged(run, 'a', 'conflict', { conflict: { files: ['x'], ours: [], theirs: 'a' }, reason: 'the resolver fixer exited with 1' });
    expect(decided).toEqual([
      { type: 'action.blocked', action: 'a', reason: 'the resolver fixer exited with 1: the resolver fixer could not settle it; fix it in its worktree, then run `baton resolve`' },
    ]);
  });
});

describe('conflicts and the state around them', () => {
  it('under owner, lets the first merged win when the other side’s phase already closed', () => {
    const run = git(`conflicts: owner
phases:
  - { id: one, actions: [{ id: a, run: "true" }] }
  - { id: two, actions: [{ id: b, run: "true", files: ["x.txt"] }] }`);
    run.start();
    run.exit('a');
    merged(run, 'a');
    run.gate('one', true);
    run.exit('b');
    expect(conflict(run, 'b', ['x.txt'], ['a'])[0]).toMatchObject({ type: 'conflict.rerun', action: 'b' });
  });

  it('reopens the overridden side even when the preferring merge ran just before a crash', () => {
    const run = git(`conflicts: owner
actions:
  - { id: a, run: "true", estimate: 2h }
  - { id: b, run: "true", files: ["x.txt"], parallel_ok: true }`);
    run.start();
    run.exitAll(['a', 'b']);
    merged(run, 'a');
    conflict(run, 'b', ['x.txt'], ['a']);
    const { scenario, decided } = Scenario.resume(run.plan, run.state.options, run.log);
    expect(decided).toEqual([{ type: 'merge.started', action: 'b', attempt: 1, prefer: 'branch' }]);
    expect(started(merged(scenario, 'b', 'nothing'))).toEqual(['a']);
  });

  it('lets work in flight finish when what it waits for fails after a reopen, and still ends the run', () => {
    const run = git(`actions:
  - { id: a, run: "true" }
  - { id: b, run: "true", needs: [a] }`);
    run.start();
    run.exit('a');
    merged(run, 'a');
    expect(run.status('b')).toBe('running');
    expect(started(run.report({ type: 'action.reopened', action: 'a', reason: 'test' }))).toEqual(['a']);
    const failed = run.exit('a', 'failed');
    expect(failed.filter((e) => e.type === 'action.cancelled').map((e) => e.action)).toEqual(['gate:main']);
    run.exit('b');
    const end = merged(run, 'b');
    expect(types(end)).toEqual(['run.finished']);
    expect(run.state.status).toBe('failed');
    expect(run.state.running).toBe(0);
  });
});

describe('resuming and rolling back', () => {
  it('merges again a branch whose merge was in flight when baton stopped', () => {
    const run = git(`actions: [{ id: a, run: "true" }]`);
    run.start();
    run.exit('a');
    const { scenario, decided } = Scenario.resume(run.plan, run.state.options, run.log);
    expect(decided).toEqual([{ type: 'merge.started', action: 'a', attempt: 1 }]);
    expect(types(merged(scenario, 'a', 'nothing'))).toEqual(['gate.started']);
  });

  it('after a rollback, plans and runs the reset actions again while kept ones stay done', () => {
    const run = git(`phases:
  - { id: one, actions: [{ id: a, run: "true" }] }
  - { id: two, actions: [{ id: b, run: "true" }] }`);
    run.start();
    run.exit('a');
    merged(run, 'a');
    run.gate('one', true);
    run.exit('b');
    merged(run, 'b');
    run.gate('two', true);
    expect(run.state.status).toBe('succeeded');
    run.report({ type: 'run.rolled_back', phase: 'one', from: 'c2', to: 'c1', backup: 'refs/baton/r/backup/1', reset: ['b', 'gate:two'] });
    expect(run.state.status).toBe('interrupted');
    expect(run.state.facts.has('done:b')).toBe(false);
    expect(run.state.facts.has('done:a')).toBe(true);
    run.report({ type: 'run.planned', actions: ['b'], nodes: [{ id: 'b', preds: [] }, { id: 'gate:two', preds: ['b'] }], skipped: [], excluded: [] });
    expect(started(run.report({ type: 'run.resumed', pid: 3 }))).toEqual(['b']);
    expect(run.node('b').attempts).toBe(2);
  });
});
