import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitError } from '../errors.js';
import { git } from './git.js';
import { clearStaleLocks } from './locks.js';
import { backupRef, branchOf, checkpointRef, integrationBranch, shelvedRef, trackWorkspace, worktreeDir } from './names.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import { createWorktree } from './worktree.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const OTHER_RUN = '20250101-120000-wxyz';

/** Writes lock files as a git killed a minute ago would have left them. */
function staleLocks(...files: string[]): void {
  const minuteAgo = new Date(Date.now() - 60_000);
  for (const file of files) {
    writeFileSync(file, '');
    utimesSync(file, minuteAgo, minuteAgo);
  }
}

describe('clearing the locks a killed run left', () => {
  it("removes the locks of the run's refs and of the named workspaces, and nothing else", async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await repo.run(['branch', integrationBranch(RUN)]);
    const track = trackWorkspace('dev');
    for (const name of ['a', track, 'b']) await createWorktree(repo.root, { dir: worktreeDir(repo.root, RUN, name), branch: branchOf(RUN, name), from: 'main' });
    const common = join(repo.root, '.git');
    const heads = join(common, 'refs', 'heads', 'baton');
    const ours = [
      join(heads, `${RUN}.lock`),
      join(heads, `${RUN}+a.lock`),
      join(heads, `${RUN}+${track}.lock`),
      join(common, 'worktrees', 'a', 'index.lock'),
      join(common, 'worktrees', track, 'HEAD.lock'),
    ];
    // `b` is not named: a user resolving its blocked action works there.
    const theirs = [
      join(heads, `${RUN}+b.lock`),
      join(common, 'worktrees', 'b', 'index.lock'),
      join(heads, `${OTHER_RUN}.lock`),
      join(common, 'refs', 'heads', 'main.lock'),
      join(common, 'index.lock'),
      join(common, 'packed-refs.lock'),
    ];
    staleLocks(...ours, ...theirs);
    const update = () => git(repo.root, ['update-ref', `refs/heads/${integrationBranch(RUN)}`, head, head]);
    await expect(update()).rejects.toBeInstanceOf(GitError);
    expect(await clearStaleLocks(repo.root, RUN, { workspaces: ['a', track, '_gate-one'] })).toEqual({ removed: [...ours].sort(), skipped: [] });
    await update();
    await repo.commit('in the worktree', { 'x.txt': 'x' }, worktreeDir(repo.root, RUN, 'a'));
    expect(theirs.filter((file) => !existsSync(file))).toEqual([]);
  });

  it('leaves a lock modified in the last two seconds, which a live git may hold, and reports it', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integrationBranch(RUN)]);
    const dir = worktreeDir(repo.root, RUN, 'a');
    await createWorktree(repo.root, { dir, branch: branchOf(RUN, 'a'), from: 'main' });
    const fresh = [join(repo.root, '.git', 'refs', 'heads', 'baton', `${RUN}.lock`), join(repo.root, '.git', 'worktrees', 'a', 'index.lock')];
    for (const file of fresh) writeFileSync(file, '');
    const stale = join(repo.root, '.git', 'refs', 'heads', 'baton', `${RUN}+a.lock`);
    staleLocks(stale);
    expect(await clearStaleLocks(repo.root, RUN, { workspaces: ['a'] })).toEqual({ removed: [stale], skipped: [...fresh].sort() });
    expect(fresh.every((file) => existsSync(file))).toBe(true);
  });

  it('clears the locks of checkpoint tags, rollback backups and shelved work being written', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    const refs = [checkpointRef(RUN, 'p1'), backupRef(RUN, 1), shelvedRef(RUN, trackWorkspace('dev'), 'a', 2)];
    for (const ref of refs) await repo.run(['update-ref', ref, head]);
    const locks = refs.map((ref) => join(repo.root, '.git', `${ref}.lock`));
    staleLocks(...locks);
    expect(await clearStaleLocks(repo.root, RUN, { workspaces: [] })).toEqual({ removed: [...locks].sort(), skipped: [] });
    for (const ref of refs) await repo.run(['update-ref', ref, head]);
  });

  it('finds nothing to clear in a repository baton never ran in', async () => {
    const repo = await makeRepo();
    expect(await clearStaleLocks(repo.root, RUN, { workspaces: ['a'] })).toEqual({ removed: [], skipped: [] });
  });

  it('refuses a name that is not a workspace name rather than guess what it means', async () => {
    const repo = await makeRepo();
    await expect(clearStaleLocks(repo.root, RUN, { workspaces: ['../x'] })).rejects.toBeInstanceOf(RangeError);
  });
});
