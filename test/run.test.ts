import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive } from './support/processes.js';
import { repoRoot, runBaton } from './support/run-baton.js';
import { status, target } from './support/target.js';

/** baton, run in the target directory `dir`. */
function baton(dir: string, ...args: string[]) {
  return runBaton(args, { cwd: dir });
}

function states(dir: string): Record<string, string> {
  return Object.fromEntries(status(dir).actions.map((a) => [a.id, a.state]));
}

/** Each action appends "<id> start|end <ns>" to stamps.txt; returns start and end per id. */
function stamps(dir: string): Record<string, { start: bigint; end: bigint }> {
  const out: Record<string, { start: bigint; end: bigint }> = {};
  for (const line of readFileSync(join(dir, 'stamps.txt'), 'utf8').trim().split('\n')) {
    const [id, what, ns] = line.split(' ');
    out[id!] ??= { start: 0n, end: 0n };
    out[id!]![what as 'start' | 'end'] = BigInt(ns!);
  }
  return out;
}

const stamp = (body: string) => `echo "$BATON_ACTION start $(date +%s%N)" >> stamps.txt; ${body} echo "$BATON_ACTION end $(date +%s%N)" >> stamps.txt`;

describe('the bundled examples', () => {
  for (const example of ['parallel', 'sequential', 'loop', 'ci-disk-space', 'worktrees']) {
    it(`runs ${example}.plan.yaml to success`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'baton-example-'));
      const result = runBaton(['run', join(repoRoot, 'examples', `${example}.plan.yaml`), '--yes', '--cwd', dir]);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(/■ run \S+ succeeded/);
    });
  }
});

describe('baton run', () => {
  it('runs independent actions at the same time', () => {
    // Each waits (bounded) for the other to have started: both succeed only if they really overlap.
    const wait = (other: string) => stamp(`touch ${other === 'b' ? 'a' : 'b'}.started; i=0; while [ ! -f ${other}.started ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i+1)); done; test -f ${other}.started;`);
    const dir = target(`actions:\n  - { id: a, run: '${wait('b')}' }\n  - { id: b, run: '${wait('a')}' }\n`);
    const result = baton(dir, 'run', 'plan.yaml', '--concurrency', '2');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const t = stamps(dir);
    expect(t.a!.start < t.b!.end && t.b!.start < t.a!.end).toBe(true);
  });

  it('keeps needs and sequential order', () => {
    const dir = target(`phases:
  - id: build
    actions:
      - { id: first, run: '${stamp('')}' }
      - { id: second, run: '${stamp('')}', needs: [first] }
  - id: ship
    mode: sequential
    actions:
      - { id: one, run: '${stamp('')}' }
      - { id: two, run: '${stamp('')}' }
      - { id: three, run: '${stamp('')}' }
`);
    expect(baton(dir, 'run', 'plan.yaml', '--concurrency', '4').code).toBe(0);
    const t = stamps(dir);
    const order = ['first', 'second', 'one', 'two', 'three'];
    for (let i = 1; i < order.length; i++) expect(t[order[i - 1]!]!.end <= t[order[i]!]!.start, order[i]).toBe(true);
  });

  it('repeats a loop phase until a file appears', () => {
    const dir = target(`sensors:
  enough: { run: test -f round-3, timeout: 10s }
phases:
  - id: polish
    mode: loop
    until: enough
    max_iterations: 5
    actions:
      - { id: step, run: 'touch round-$BATON_ITERATION' }
`);
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(existsSync(join(dir, 'round-3'))).toBe(true);
    expect(existsSync(join(dir, 'round-4'))).toBe(false);
    expect(status(dir).actions).toEqual([expect.objectContaining({ id: 'step', state: 'done', attempts: 3 })]);
  });

  it('stops later phases when a gate fails, and exits 1', () => {
    const dir = target(`phases:
  - id: build
    gate: [{ name: coverage, run: 'echo coverage=41', metric: coverage, target: '>= 80' }]
    actions: [{ id: compile, run: 'true' }]
  - id: ship
    actions: [{ id: publish, run: touch published }]
`);
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('gate of build failed: ✗ coverage = 41 (target >= 80)');
    expect(existsSync(join(dir, 'published'))).toBe(false);
    expect(states(dir)).toEqual({ compile: 'done', publish: 'cancelled' });
    expect(status(dir).state).toBe('failed');
  });

  it('kills an attempt at its time-box, grandchildren included', () => {
    const dir = target(`actions:\n  - { id: slow, run: 'sleep 60 & echo $! > child.pid; wait', timebox: 1s }\n`);
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('slow hit its time-box');
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    expect(alive(child)).toBe(false);
  });

  it('retries a failed attempt and succeeds', () => {
    const dir = target(`actions:\n  - { id: flaky, run: 'n=$(cat count 2>/dev/null || echo 0); echo $((n+1)) > count; test $n -ge 1', retries: 2 }\n`);
    const result = baton(dir, 'run', 'plan.yaml', '--retry-backoff', '20');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(status(dir).actions).toEqual([expect.objectContaining({ id: 'flaky', state: 'done', attempts: 2 })]);
  });

  it('replans to another provider when the cheaper one fails for good', () => {
    const dir = target(`actions:
  - { id: fast-build, run: 'exit 1', provides: [artifact], cost: 1 }
  - { id: slow-build, run: touch artifact, provides: [artifact], cost: 10 }
  - { id: package, run: test -f artifact, requires: [artifact] }
`);
    const result = baton(dir, 'run', 'plan.yaml', '--concurrency', '1');
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(states(dir)).toEqual({ 'fast-build': 'failed', 'slow-build': 'done', package: 'done' });
  });

  it('cancels what depends on a failure with no other path, and finishes the rest', () => {
    const dir = target(`actions:
  - { id: broken, run: 'exit 3', provides: [artifact] }
  - { id: package, run: 'true', requires: [artifact] }
  - { id: docs, run: touch docs }
`);
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code).toBe(1);
    expect(states(dir)).toEqual({ broken: 'failed', package: 'cancelled', docs: 'done' });
    expect(result.stdout).toMatch(/package cancelled: broken failed and no other path reaches/);
  });

  it('believes an attempt only when its verify commands pass', () => {
    const dir = target(`actions:
  - { id: claims, run: 'echo "done, trust me"', verify: [test -f proof], retries: 1 }
`);
    const result = baton(dir, 'run', 'plan.yaml', '--retry-backoff', '20');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('claims exited 0 but verify failed: ✗ test -f proof');
    expect(status(dir).actions).toEqual([expect.objectContaining({ id: 'claims', state: 'failed', attempts: 2 })]);
  });

  it('keeps each attempt’s output in its own log, shown by baton logs', () => {
    const dir = target(`actions:\n  - { id: talk, run: 'echo "attempt $BATON_ATTEMPT says hi"; echo oops >&2' }\n`);
    expect(baton(dir, 'run', 'plan.yaml').code).toBe(0);
    const logs = baton(dir, 'logs', status(dir).run, 'talk');
    expect(logs.code).toBe(0);
    expect(logs.stdout).toBe('attempt 1 says hi\noops\n');
    expect(baton(dir, 'logs', status(dir).run, 'nobody').stderr).toContain('has no attempt of action "nobody"');
  });

  it('streams every event as a JSON line with --json, and lists runs', () => {
    const dir = target(`actions:\n  - { id: a, run: 'true' }\n`);
    const result = baton(dir, 'run', 'plan.yaml', '--json');
    expect(result.code).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { type: string; seq: number });
    expect(events.map((e) => e.type)).toEqual(['run.created', 'run.sensed', 'run.planned', 'attempt.started', 'attempt.spawned', 'attempt.exited', 'gate.finished', 'run.finished']);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const runs = JSON.parse(baton(dir, 'runs', '--json').stdout) as { run: string; state: string }[];
    expect(runs).toEqual([expect.objectContaining({ run: status(dir).run, state: 'succeeded' })]);
  });

  it('refuses, before the run exists, a plan whose agent CLI is not installed, rather than fail mid-run', () => {
    const dir = target(`agents:\n  dev: { use: claude-code, bin: ./no-such-claude }\nactions:\n  - { id: docs, agent: dev, prompt: Write the docs. }\n`);
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('agent "dev": ./no-such-claude missing');
    expect(result.stderr).toContain('install it or set "bin" in agents.dev');
    expect(baton(dir, 'status').code).toBe(2);
  });
});
