import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, until } from './support/processes.js';
import { startBaton } from './support/live.js';
import { runBaton } from './support/run-baton.js';
import { status, target } from './support/target.js';

describe('approval', () => {
  const plan = `phases:
  - id: build
    actions: [{ id: compile, run: touch compiled }]
  - id: release
    approve: true
    actions: [{ id: publish, run: touch published }]
`;

  it('pauses before the phase until someone approves it, and refuses a second driver meanwhile', async () => {
    const dir = target(plan);
    const run = startBaton(dir, ['run', 'plan.yaml']);
    await until(() => run.output().includes('waits for approval'));
    expect(existsSync(join(dir, 'compiled'))).toBe(true);
    expect(existsSync(join(dir, 'published'))).toBe(false);
    const id = status(dir).run;

    const second = runBaton(['resume', id], { cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`run ${id} is already being driven by baton process ${run.child.pid}`));

    const approval = runBaton(['approve', id, 'release'], { cwd: dir });
    expect(approval.code, approval.stderr).toBe(0);
    expect(await run.exit).toBe(0);
    expect(existsSync(join(dir, 'published'))).toBe(true);
    expect(status(dir).state).toBe('succeeded');
  });

  it('takes an approval given while the run is busy with earlier work', async () => {
    const dir = target(`phases:
  - id: build
    actions: [{ id: compile, run: 'while [ ! -f go ]; do sleep 0.02; done; touch compiled' }]
  - id: release
    approve: true
    actions: [{ id: publish, run: touch published }]
`);
    const run = startBaton(dir, ['run', 'plan.yaml']);
    await until(() => existsSync(join(dir, '.baton', 'baton.db')) && runBaton(['status', '--json'], { cwd: dir }).stdout.includes('"running"'));
    const approval = runBaton(['approve', status(dir).run, 'release'], { cwd: dir });
    expect(approval.code, approval.stderr).toBe(0);
    writeFileSync(join(dir, 'go'), '');
    expect(await run.exit).toBe(0);
    expect(existsSync(join(dir, 'published'))).toBe(true);
  });

  it('rejects approving a phase the run does not have', () => {
    const dir = target(plan);
    expect(runBaton(['run', 'plan.yaml', '--yes'], { cwd: dir }).code).toBe(0);
    const result = runBaton(['approve', status(dir).run, 'relase'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown phase "relase"');
  });
});

describe('a second driver', () => {
  it('is refused while a run is live, and leaves its processes alone', async () => {
    const dir = target(`actions:\n  - { id: wait, run: 'echo $$ > launcher.pid; while [ ! -f go ]; do sleep 0.02; done' }\n`);
    const run = startBaton(dir, ['run', 'plan.yaml']);
    await until(() => existsSync(join(dir, 'launcher.pid')) && readFileSync(join(dir, 'launcher.pid'), 'utf8').trim() !== '');
    const resumed = runBaton(['resume'], { cwd: dir });
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/is already being driven by baton process/);
    expect(alive(Number(readFileSync(join(dir, 'launcher.pid'), 'utf8')))).toBe(true);
    writeFileSync(join(dir, 'go'), '');
    expect(await run.exit).toBe(0);
  });
});

describe('Ctrl-C during a run', () => {
  it('stops running attempts, grandchildren included, records the interruption, and resumes', async () => {
    // The slow action sleeps only until the test lets it finish (by creating "go").
    const dir = target(`actions:
  - { id: quick, run: touch quick }
  - { id: slow, run: 'if [ -f go ]; then exit 0; fi; sleep 60 & echo $! > child.pid; wait' }
`);
    const run = startBaton(dir, ['run', 'plan.yaml']);
    await until(() => existsSync(join(dir, 'child.pid')) && readFileSync(join(dir, 'child.pid'), 'utf8').trim() !== '');
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(130);
    expect(alive(child)).toBe(false);
    expect(run.output()).toContain('interrupted by SIGINT; resume with: baton resume');
    const interrupted = status(dir);
    expect(interrupted.state).toBe('interrupted');
    expect(interrupted.actions).toContainEqual(expect.objectContaining({ id: 'slow', state: 'interrupted' }));

    writeFileSync(join(dir, 'go'), '');
    const resumed = runBaton(['resume'], { cwd: dir });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(status(dir).actions).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: 'quick', state: 'done', attempts: 1 }), expect.objectContaining({ id: 'slow', state: 'done', attempts: 2 })]),
    );
  });
});

describe('crash and resume', () => {
  // 8 chains of 5 actions; each attempt writes a line to the ledger when it starts.
  const chains = 8;
  const length = 5;
  const actions: string[] = [];
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < length; i++) {
      const needs = i === 0 ? '' : `, needs: [c${c}-${i - 1}]`;
      actions.push(`  - { id: c${c}-${i}, run: 'echo $BATON_ACTION >> ledger; sleep 0.0${(c + i) % 5}'${needs} }`);
    }
  }
  const plan = `actions:\n${actions.join('\n')}\n`;

  it('loses nothing and repeats only what was in flight, over 20 kill -9 trials', async () => {
    let seed = 20261121;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let trial = 0; trial < 20; trial++) {
      const dir = target(plan);
      const ledger = join(dir, 'ledger');
      const lines = () => (existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean) : []);
      const killAfter = 1 + Math.floor(random() * (chains * length - 2));
      const run = startBaton(dir, ['run', 'plan.yaml', '--concurrency', '4']);
      await until(() => lines().length >= killAfter || run.child.exitCode !== null);
      run.child.kill('SIGKILL');
      await run.exit;

      const inFlight = new Set(status(dir).actions.filter((a) => a.state === 'running').map((a) => a.id));
      const resumed = runBaton(['resume'], { cwd: dir });
      expect(resumed.code, `trial ${trial}: ${resumed.stdout}${resumed.stderr}`).toBe(0);

      const after = status(dir);
      expect(after.state).toBe('succeeded');
      expect(after.actions.filter((a) => a.state !== 'done')).toEqual([]);
      const counts = new Map<string, number>();
      for (const id of lines()) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(counts.size, `trial ${trial}`).toBe(chains * length);
      const repeated = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
      for (const id of repeated) expect(inFlight.has(id), `trial ${trial}: ${id} ran twice but was not in flight (killed after ${killAfter})`).toBe(true);
    }
    // Each trial starts baton four times from source; the bound is a hang guard, not a speed check.
  }, 600_000);
});
