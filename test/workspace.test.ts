import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { git, gitTarget, show } from './support/git-target.js';
import { startBaton } from './support/live.js';
import { until } from './support/processes.js';
import { repoRoot, runBaton } from './support/run-baton.js';
import { status } from './support/target.js';

function baton(dir: string, ...args: string[]) {
  return runBaton(args, { cwd: dir });
}

function runOk(dir: string, ...args: string[]): string {
  const result = baton(dir, 'run', 'plan.yaml', ...args);
  expect(result.code, result.stdout + result.stderr).toBe(0);
  return status(dir).run;
}

function attempts(dir: string): Record<string, number> {
  return Object.fromEntries(status(dir).actions.map((a) => [a.id, a.attempts]));
}

/** A file outside every worktree where parallel attempts leave their marks. */
function sharedFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'baton-shared-')), 'marks.txt');
}

describe('each attempt works in its own worktree', () => {
  it('lands two parallel actions editing different files, and leaves the user’s tree alone', () => {
    const dir = gitTarget(`actions:
  - { id: a, run: "echo from-a > a.txt" }
  - { id: b, run: "echo from-b > b.txt" }
`);
    const run = runOk(dir);
    expect(show(dir, `baton/${run}`, 'a.txt')).toBe('from-a');
    expect(show(dir, `baton/${run}`, 'b.txt')).toBe('from-b');
    expect(existsSync(join(dir, 'a.txt'))).toBe(false);
    expect(git(dir, 'status', '--porcelain')).toBe('?? plan.yaml');
    expect(git(dir, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(existsSync(join(dir, '.baton', 'worktrees', run, 'a', 'a.txt'))).toBe(true);
    expect(git(dir, 'log', '--format=%s', `baton/${run}+a`, '-1')).toBe('baton: a (attempt 1, agent shell)');
    // One merge commit per action on the integration branch's first-parent chain, each naming its action.
    const trailers = git(dir, 'log', '--first-parent', '--format=%(trailers:key=Baton-Action,valueonly)', `main..baton/${run}`).split('\n').filter(Boolean);
    expect(trailers.sort()).toEqual(['a', 'b']);
  });

  it('works in the target directory, with no branch, when the plan says workspace: none', () => {
    const dir = gitTarget(`workspace: none
actions: [{ id: a, run: "echo here > a.txt" }]
`);
    const run = runOk(dir);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('here\n');
    expect(git(dir, 'branch', '--list', `baton/${run}*`)).toBe('');
    // .baton/ is still kept out of git, so an agent's `git add -A` here would not commit the run's database.
    expect(git(dir, 'status', '--porcelain')).toBe('?? a.txt\n?? plan.yaml');
  });

  it('starts a dependent from a tip that holds its dependencies’ work', () => {
    const dir = gitTarget(`actions:
  - { id: a, run: "echo from-a > a.txt" }
  - { id: b, needs: [a], run: "test -f a.txt && cat a.txt > b.txt" }
`);
    const run = runOk(dir);
    expect(show(dir, `baton/${run}`, 'b.txt')).toBe('from-a');
  });

  it('runs a track’s actions one after another in the agent’s one worktree and branch', () => {
    const dir = gitTarget(`agents: { dev: { use: shell, workspace: track, concurrency: 2 } }
actions:
  - { id: a, agent: dev, run: "echo 1 > a.txt" }
  - { id: b, agent: dev, run: "echo 2 > b.txt" }
`);
    const run = runOk(dir);
    expect(readFileSync(join(dir, '.baton', 'worktrees', run, '_track-dev', 'b.txt'), 'utf8')).toBe('2\n');
    expect(existsSync(join(dir, '.baton', 'worktrees', run, 'a'))).toBe(false);
    expect(show(dir, `baton/${run}`, 'a.txt')).toBe('1');
    expect(show(dir, `baton/${run}`, 'b.txt')).toBe('2');
  });

  it('shelves what a failed attempt left in a track, so the retry starts clean and never merges it', () => {
    const dir = gitTarget(`agents: { dev: { use: shell, workspace: track } }
actions:
  - { id: a, agent: dev, retries: 1, run: 'if [ "$BATON_ATTEMPT" = 1 ]; then echo junk > junk.txt; exit 1; fi; test ! -f junk.txt && echo ok > good.txt' }
`);
    const run = runOk(dir, '--retry-backoff', '1');
    expect(show(dir, `baton/${run}`, 'good.txt')).toBe('ok');
    expect(show(dir, `baton/${run}`, 'junk.txt')).toBeUndefined();
    expect(show(dir, `refs/baton/${run}/shelved/_track-dev/a`, 'junk.txt')).toBe('junk');
  });

  it('starts each track attempt from the integration tip: verify output and a conflicting commit are shelved, not merged', () => {
    // a writes f.txt only once x's version is merged (bounded wait), so a is the one that conflicts.
    const WAIT_FOR_X = 'i=0; until git show "baton/$BATON_RUN:f.txt" 2>/dev/null | grep -q from-x || [ $i -ge 1000 ]; do sleep 0.02; i=$((i+1)); done;';
    const dir = gitTarget(
      `agents: { dev: { use: shell, workspace: track } }
actions:
  - { id: x, run: "echo from-x > f.txt", estimate: 2h }
  - { id: a, agent: dev, run: 'if [ -z "$BATON_CONFLICT_FILES" ]; then ${WAIT_FOR_X} echo from-a > f.txt; fi; echo a > a.txt', verify: "mkdir -p build && echo compiled > build/out.o" }
  - { id: b, agent: dev, needs: [a], run: "echo b > b.txt" }
`,
      { 'f.txt': 'base\n' },
    );
    const run = runOk(dir, '--concurrency', '3');
    expect(show(dir, `baton/${run}`, 'f.txt')).toBe('from-x');
    expect(show(dir, `baton/${run}`, 'a.txt')).toBe('a');
    expect(show(dir, `baton/${run}`, 'b.txt')).toBe('b');
    expect(show(dir, `baton/${run}`, 'build/out.o')).toBeUndefined();
    expect(attempts(dir)).toEqual({ x: 1, a: 2, b: 1 });
  });

  it('fills in placeholders so parallel attempts get their own build directory and port', () => {
    const marks = sharedFile();
    const dir = gitTarget(`agents: { dev: { use: shell, concurrency: 2, env: { BUILD_DIR: "{{workspace}}/.target", PORT: "{{port}}", WHO: "{{agent}}/{{action}}" } } }
actions:
  - { id: a, agent: dev, run: 'echo "$WHO $BUILD_DIR $PORT" >> ${marks}' }
  - { id: b, agent: dev, run: 'echo "$WHO $BUILD_DIR $PORT" >> ${marks}' }
`);
    const run = runOk(dir);
    const byWho = new Map<string, { build: string; port: number }>();
    for (const line of readFileSync(marks, 'utf8').trim().split('\n')) {
      const [who = '', build = '', port = ''] = line.split(' ');
      byWho.set(who, { build, port: Number(port) });
    }
    expect(byWho.get('dev/a')?.build).toBe(join(dir, '.baton', 'worktrees', run, 'a', '.target'));
    expect(byWho.get('dev/b')?.build).toBe(join(dir, '.baton', 'worktrees', run, 'b', '.target'));
    expect(byWho.get('dev/a')?.port).toBeGreaterThan(0);
    expect(byWho.get('dev/a')?.port).not.toBe(byWho.get('dev/b')?.port);
  });

  it('runs setup commands in each new worktree before the action, and logs them', () => {
    const dir = gitTarget(`agents: { dev: { use: shell, setup: "echo agent-setup > setup.txt" } }
actions:
  - { id: a, agent: dev, setup: "echo action-setup >> setup.txt", run: "cp setup.txt out.txt" }
`);
    const run = runOk(dir);
    expect(show(dir, `baton/${run}`, 'out.txt')).toBe('agent-setup\naction-setup');
    expect(readFileSync(join(dir, '.baton', 'runs', run, 'logs', 'a.1.setup-1.log'), 'utf8')).toBe('');
    expect(existsSync(join(dir, '.baton', 'runs', run, 'logs', 'a.1.setup-2.log'))).toBe(true);
  });
});

describe('file leases', () => {
  it('runs actions whose leases overlap one after the other', () => {
    const marks = sharedFile();
    const body = (id: string) => `echo "${id} start" >> ${marks}; sleep 0.2; echo ${id} > ${id}.sh; echo "${id} end" >> ${marks}`;
    const dir = gitTarget(`actions:
  - { id: a, run: '${body('a')}', files: ["scripts/**", "a.sh"] }
  - { id: b, run: '${body('b')}', files: ["scripts/cleanup.sh", "b.sh"] }
`);
    runOk(dir, '--concurrency', '2');
    const [first, second] = readFileSync(marks, 'utf8').trim().split('\n');
    const firstToStart = first!.split(' ')[0];
    expect(second).toBe(`${firstToStart} end`);
  });

  it('tells the user while they run when two attempts change the same file', async () => {
    const release = join(mkdtempSync(join(tmpdir(), 'baton-release-')), 'go');
    const wait = `i=0; while [ ! -f ${release} ] && [ $i -lt 3000 ]; do sleep 0.02; i=$((i+1)); done`;
    const dir = gitTarget(`actions:
  - { id: a, run: 'echo a > shared.txt; ${wait}', files: ["a/**"], parallel_ok: true }
  - { id: b, run: 'echo b > shared.txt; ${wait}', parallel_ok: true }
`);
    const live = startBaton(dir, ['run', 'plan.yaml', '--json', '--watch-interval', '1s']);
    await until(() => live.output().includes('"files.outside_lease"') && live.output().includes('"files.overlap"'));
    writeFileSync(release, '');
    await live.exit;
    const events = live.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(events.find((e) => e.type === 'files.overlap')).toMatchObject({ actions: ['a', 'b'], files: ['shared.txt'] });
    expect(events.find((e) => e.type === 'files.outside_lease')).toMatchObject({ action: 'a', files: ['shared.txt'] });
  });
});

describe('merge conflicts', () => {
  /** Two actions that write the same file at the same time; a rerun (with conflict context) writes elsewhere. */
  const fight = (conflicts: string, extraA = '', extraB = '') => `conflicts: ${conflicts}
actions:
  - { id: a, run: 'if [ -n "$BATON_CONFLICT_FILES" ]; then echo "$BATON_CONFLICT_FILES" > a-rerun.txt; else echo from-a > x.txt; fi', parallel_ok: true ${extraA} }
  - { id: b, run: 'if [ -n "$BATON_CONFLICT_FILES" ]; then echo "$BATON_CONFLICT_FILES" > b-rerun.txt; else echo from-b > x.txt; fi', parallel_ok: true ${extraB} }
`;

  it('under rebase, the first merged wins and the other runs again on the new tip with the conflict in its context', () => {
    const dir = gitTarget(fight('rebase'), { 'x.txt': 'base\n' });
    const run = runOk(dir, '--concurrency', '2');
    const rerun = Object.entries(attempts(dir)).find(([, n]) => n === 2)![0];
    const winner = rerun === 'a' ? 'b' : 'a';
    expect(show(dir, `baton/${run}`, 'x.txt')).toBe(`from-${winner}`);
    expect(show(dir, `baton/${run}`, `${rerun}-rerun.txt`)).toBe('x.txt');
  });

  it('under escalate, blocks the action until a person fixes it and runs baton resolve', async () => {
    const dir = gitTarget(fight('escalate'), { 'x.txt': 'base\n' });
    const live = startBaton(dir, ['run', 'plan.yaml', '--concurrency', '2']);
    await until(() => live.output().includes('blocked'));
    const { run, actions } = status(dir);
    const blocked = actions.find((a) => a.state === 'blocked')!.id;
    expect(live.output()).toContain(`baton resolve ${run} ${blocked}`);
    const worktree = join(dir, '.baton', 'worktrees', run, blocked);
    expect(() => git(worktree, 'merge', `baton/${run}`)).toThrow();
    writeFileSync(join(worktree, 'x.txt'), 'settled by hand\n');
    git(worktree, 'commit', '--quiet', '-am', 'settle the conflict');
    expect(baton(dir, 'resolve', run, blocked).code).toBe(0);
    expect(await live.exit).toBe(0);
    expect(show(dir, `baton/${run}`, 'x.txt')).toBe('settled by hand');
  });

  it('under owner, the side whose lease covers the files wins and the other runs again', () => {
    const dir = gitTarget(fight('owner', '', ', files: ["x.txt", "b-rerun.txt"]'), { 'x.txt': 'base\n' });
    const run = runOk(dir, '--concurrency', '2');
    expect(show(dir, `baton/${run}`, 'x.txt')).toBe('from-b');
    expect(attempts(dir).a).toBe(2);
    expect(show(dir, `baton/${run}`, 'a-rerun.txt')).toBe('x.txt');
  });

  it('under agent, a resolver settles the conflicted merge in the action’s worktree', () => {
    const dir = gitTarget(
      fight(`{ policy: agent, agent: fixer, run: 'printf "%s\\n" "resolved $BATON_CONFLICT_FILES" > x.txt && git add x.txt' }\nagents: { fixer: { use: shell } }`),
      { 'x.txt': 'base\n' },
    );
    const run = runOk(dir, '--concurrency', '2');
    expect(show(dir, `baton/${run}`, 'x.txt')).toBe('resolved x.txt');
    expect(Object.values(attempts(dir))).toEqual([1, 1]);
  });
});

describe('a resolver’s work is judged too', () => {
  it('blocks the action when its verify fails on the resolver’s merge', async () => {
    const dir = gitTarget(
      `conflicts: { policy: agent, agent: fixer, run: 'echo bad > x.txt && git add x.txt' }
agents: { fixer: { use: shell } }
actions:
  - { id: a, run: "echo from-a > x.txt", parallel_ok: true, verify: "! grep -q bad x.txt" }
  - { id: b, run: "echo from-b > x.txt", parallel_ok: true, verify: "! grep -q bad x.txt" }
`,
      { 'x.txt': 'base\n' },
    );
    const live = startBaton(dir, ['run', 'plan.yaml', '--concurrency', '2']);
    await until(() => live.output().includes('blocked'));
    expect(live.output()).toMatch(/blocked: .*verify failed after it: ! grep -q bad x\.txt/);
    live.child.kill('SIGINT');
    expect(await live.exit).toBe(130);
  });
});

describe('checkpoints, rollback and landing', () => {
  const phased = `phases:
  - { id: one, actions: [{ id: a, run: "echo 1 > one.txt" }], gate: ["test -f one.txt"] }
  - { id: two, actions: [{ id: b, run: "echo 2 > two.txt" }], gate: ["test -f two.txt && test -f one.txt"] }
`;

  it('tags each passed gate, rolls back to a checkpoint keeping the old tip, and reruns what came after', () => {
    const dir = gitTarget(phased);
    const run = runOk(dir);
    const cpOne = git(dir, 'rev-parse', `baton/${run}/cp/one^{commit}`);
    const oldTip = git(dir, 'rev-parse', `baton/${run}`);
    expect(git(dir, 'rev-parse', `baton/${run}/cp/two^{commit}`)).toBe(oldTip);

    const rolled = baton(dir, 'rollback', run, '--to', 'one');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(rolled.stdout).toContain(`1 action(s) will run again: baton resume ${run}`);
    expect(git(dir, 'rev-parse', `baton/${run}`)).toBe(cpOne);
    expect(show(dir, `baton/${run}`, 'two.txt')).toBeUndefined();
    expect(git(dir, 'rev-parse', `refs/baton/${run}/backup/1`)).toBe(oldTip);

    const resumed = baton(dir, 'resume', run);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(attempts(dir)).toEqual({ a: 1, b: 2 });
    expect(show(dir, `baton/${run}`, 'two.txt')).toBe('2');
  });

  it('rolls back by what the checkpoint holds, not by the order phases are written in', () => {
    // Phase "side" is written first but starts at once (after: []) and merges after "one"'s checkpoint.
    const dir = gitTarget(`phases:
  - { id: one, actions: [{ id: a, run: "echo 1 > one.txt" }], gate: ["test -f one.txt"] }
  - { id: side, after: [], actions: [{ id: s, needs: [a], run: "echo s > side.txt" }] }
  - { id: two, after: [one], actions: [{ id: b, needs: [s], run: "echo 2 > two.txt" }], gate: ["test -f side.txt"] }
`);
    const run = runOk(dir);
    const rolled = baton(dir, 'rollback', run, '--to', 'one');
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(show(dir, `baton/${run}`, 'side.txt')).toBeUndefined();
    expect(git(dir, 'tag', '--list', `baton/${run}/cp/*`)).toBe(`baton/${run}/cp/one`);
    expect(baton(dir, 'resume', run).code).toBe(0);
    expect(attempts(dir)).toEqual({ a: 1, s: 2, b: 2 });
    expect(show(dir, `baton/${run}`, 'side.txt')).toBe('s');
    expect(baton(dir, 'land', run).code).toBe(0);
  });

  it('rolls tracks back too: an abandoned commit in a track never comes back', () => {
    const dir = gitTarget(`agents: { dev: { use: shell, workspace: track } }
phases:
  - { id: p1, actions: [{ id: a, agent: dev, run: "echo a >> log.txt" }] }
  - { id: p2, actions: [{ id: b, agent: dev, run: "echo b >> log.txt" }], gate: ["test ! -f c.txt"] }
  - { id: p3, actions: [{ id: c, agent: dev, run: "echo c > c.txt" }] }
`);
    const run = runOk(dir);
    expect(baton(dir, 'rollback', run, '--to', 'p1').code).toBe(0);
    const resumed = baton(dir, 'resume', run);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(show(dir, `baton/${run}`, 'log.txt')).toBe('a\nb');
  });

  it('never rolls forward: a second rollback goes to an earlier checkpoint, not an abandoned one', () => {
    const dir = gitTarget(`phases:
  - { id: one, actions: [{ id: a, run: "echo 1 >> log.txt" }] }
  - { id: two, actions: [{ id: b, run: "echo 2 >> log.txt" }] }
  - { id: three, actions: [{ id: c, run: "echo 3 >> log.txt" }] }
`);
    const run = runOk(dir);
    expect(baton(dir, 'rollback', run).stdout).toContain('to the checkpoint of two');
    expect(baton(dir, 'rollback', run).stdout).toContain('to the checkpoint of one');
    expect(baton(dir, 'resume', run).code).toBe(0);
    expect(show(dir, `baton/${run}`, 'log.txt')).toBe('1\n2\n3');
  });

  it('checks a loop’s until on the merged work, not on the user’s tree', () => {
    const dir = gitTarget(`sensors: { enough: "test $(cat count.txt 2>/dev/null || echo 0) -ge 2" }
phases:
  - id: grow
    mode: loop
    until: enough
    max_iterations: 5
    actions: [{ id: add, run: "echo $(( $(cat count.txt 2>/dev/null || echo 0) + 1 )) > count.txt" }]
`);
    const run = runOk(dir);
    expect(show(dir, `baton/${run}`, 'count.txt')).toBe('2');
    expect(existsSync(join(dir, 'count.txt'))).toBe(false);
  });

  it('lands a run only on a clean tree, fast-forwarding the branch it started from', () => {
    const dir = gitTarget(phased);
    const run = runOk(dir);
    writeFileSync(join(dir, 'README.md'), 'local edit\n');
    const refused = baton(dir, 'land', run);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not landing run .*README\.md/s);
    expect(git(dir, 'rev-parse', 'main')).not.toBe(git(dir, 'rev-parse', `baton/${run}`));

    git(dir, 'checkout', '--quiet', 'README.md');
    const landed = baton(dir, 'land', run);
    expect(landed.code, landed.stderr).toBe(0);
    expect(landed.stdout).toContain('fast-forward');
    expect(git(dir, 'rev-parse', 'main')).toBe(git(dir, 'rev-parse', `baton/${run}`));
    expect(readFileSync(join(dir, 'two.txt'), 'utf8')).toBe('2\n');
  });

  it('refuses to land a run whose gate failed', () => {
    const dir = gitTarget(phased.replace('test -f two.txt && test -f one.txt', 'false'));
    const result = baton(dir, 'run', 'plan.yaml');
    expect(result.code).toBe(1);
    const landed = baton(dir, 'land', status(dir).run);
    expect(landed.code).toBe(1);
    expect(landed.stderr).toContain('gates not passed: two');
  });
});

describe('the worktrees example', () => {
  it('runs in a git repository, serializes the two notes on one file, and lands', () => {
    const dir = gitTarget(readFileSync(join(repoRoot, 'examples', 'worktrees.plan.yaml'), 'utf8'));
    const run = runOk(dir);
    const changes = show(dir, `baton/${run}`, 'CHANGES.md')!.split('\n').sort();
    expect(changes).toEqual(['- api', '- ui']);
    expect(show(dir, `baton/${run}`, 'src/api.txt')).toMatch(/^api listens on \d+$/);
    expect(git(dir, 'tag', '--list', `baton/${run}/cp/*`).split('\n')).toEqual([`baton/${run}/cp/build`, `baton/${run}/cp/document`]);
    expect(baton(dir, 'land').code).toBe(0);
    expect(readFileSync(join(dir, 'FILES.md'), 'utf8')).toContain('api.txt');
  });
});

describe('baton gc', () => {
  it('removes clean merged worktrees and keeps one with an untracked file and a branch with an unmerged commit', () => {
    const dir = gitTarget(`actions:
  - { id: a, run: "echo a > a.txt" }
  - { id: b, run: "echo b > b.txt" }
  - { id: c, run: "echo c > c.txt && git add c.txt && git commit --quiet -m c && exit 1" }
`);
    expect(baton(dir, 'run', 'plan.yaml').code).toBe(1);
    const { run } = status(dir);
    const worktrees = join(dir, '.baton', 'worktrees', run);
    writeFileSync(join(worktrees, 'a', 'notes.txt'), 'my notes\n');

    const result = baton(dir, 'gc');
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(join(worktrees, 'b'))).toBe(false);
    expect(existsSync(join(worktrees, 'a', 'notes.txt'))).toBe(true);
    expect(existsSync(join(worktrees, 'c'))).toBe(true);
    expect(git(dir, 'branch', '--list', `baton/${run}+c`)).not.toBe('');
    expect(result.stdout).toMatch(/kept worktree .*a: .*(untracked|uncommitted)/);
    expect(result.stdout).toMatch(/kept (worktree|branch) .*c: .*not merged/);
    expect(git(dir, 'branch', '--list', `baton/${run}`)).not.toBe('');
  });
});

describe('crashing in the middle of a merge', () => {
  it.each([
    ['while git holds the lock on the integration branch', 'prepared'],
    ['after the branch moved, before baton recorded the merge', 'committed'],
  ])('resumes to a consistent integration branch after kill -9 %s', async (_, stage) => {
    const dir = gitTarget(`actions:
  - { id: a, run: "echo a > a.txt" }
  - { id: b, needs: [a], run: "echo b > b.txt" }
`);
    const marker = join(mkdtempSync(join(tmpdir(), 'baton-hook-')), 'in-merge');
    // git runs this hook while it holds the lock on a ref being updated; the first time the integration branch
    // moves (not its creation), it signals the test and waits to be killed with everything else.
    const hook = join(dir, '.git', 'hooks', 'reference-transaction');
    writeFileSync(
      hook,
      `#!/bin/sh
[ "$1" = "$STAGE" ] || exit 0
if grep -v '^0\\{40\\} ' | grep -q ' refs/heads/baton/[^+/]*$' && [ -n "$MARKER" ] && [ ! -f "$MARKER" ]; then touch "$MARKER"; sleep 60; fi
exit 0
`,
    );
    chmodSync(hook, 0o755);
    const live = startBaton(dir, ['run', 'plan.yaml'], { env: { MARKER: marker, STAGE: stage }, group: true });
    await until(() => existsSync(marker));
    process.kill(-live.child.pid!, 'SIGKILL');
    // Its exit, not its pipes closing: a crash is over when the process is gone.
    await until(() => live.child.signalCode !== null);

    const { run } = status(dir);
    // Killed before the update, git's lock on the integration branch is left: resume must clear it, not fail on it.
    expect(existsSync(join(dir, '.git', 'refs', 'heads', 'baton', `${run}.lock`))).toBe(stage === 'prepared');
    const resumed = runBaton(['resume', run], { cwd: dir });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const tip = `baton/${run}`;
    expect(show(dir, tip, 'a.txt')).toBe('a');
    expect(show(dir, tip, 'b.txt')).toBe('b');
    const merges = git(dir, 'log', '--first-parent', '--format=%(trailers:key=Baton-Action,valueonly)', `main..${tip}`).split('\n').filter(Boolean);
    expect(merges.sort()).toEqual(['a', 'b']);
    expect(() => execFileSync('git', ['fsck', '--no-progress'], { cwd: dir, stdio: 'pipe' })).not.toThrow();
    expect(attempts(dir)).toEqual({ a: 1, b: 1 });
  });
});

describe('free disk space', () => {
  it('makes an attempt wait, saying why and what to do, while the disk is below --min-free', async () => {
    const dir = gitTarget(`actions: [{ id: a, run: "true" }]\n`);
    const live = startBaton(dir, ['run', 'plan.yaml', '--min-free', '100%']);
    await until(() => live.output().includes('a waits'));
    expect(live.output()).toMatch(/a waits: only .* free .*--min-free needs .*baton gc/);
    live.child.kill('SIGINT');
    expect(await live.exit).toBe(130);
  });
});
