import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitError } from '../errors.js';
import { git } from './git.js';
import { clearStaleLocks } from './locks.js';
import { branchOf, checkpointRef, integrationBranch, worktreeDir } from './names.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import { createWorktree } from './worktree.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const OTHER_RUN = '20250101-120000-wxyz';

describe('clearing the locks a killed run left', () => {
  it("removes the run's ref and worktree locks so that git can update them again, and nothing else", async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await repo.run(['branch', integrationBranch(RUN)]);
    const dir = worktreeDir(repo.root, RUN, 'a');
    await createWorktree(repo.root, { dir, branch: branchOf(RUN, 'a'), from: 'main' });
    const common = join(repo.root, '.git');
    const ours = [
      join(common, 'refs', 'heads', 'baton', `${RUN}.lock`),
      join(common, 'refs', 'heads', 'baton', `${RUN}+a.lock`),
      join(common, 'worktrees', 'a', 'index.lock'),
    ];
    const theirs = [join(common, 'refs', 'heads', 'baton', `${OTHER_RUN}.lock`), join(common, 'refs', 'heads', 'main.lock'), join(common, 'index.lock')];
    for (const file of [...ours, ...theirs]) writeFileSync(file, '');
    const update = () => git(repo.root, ['update-ref', `refs/heads/${integrationBranch(RUN)}`, head, head]);
    await expect(update()).rejects.toBeInstanceOf(GitError);
    expect(await clearStaleLocks(repo.root, RUN)).toEqual([...ours].sort());
    await update();
    await repo.commit('in the worktree', { 'x.txt': 'x' }, dir);
    expect(theirs.every((file) => existsSync(file))).toBe(true);
  });

  it('clears a lock on a checkpoint tag being moved', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await repo.run(['update-ref', checkpointRef(RUN, 'p1'), head]);
    const lock = join(repo.root, '.git', `${checkpointRef(RUN, 'p1')}.lock`);
    writeFileSync(lock, '');
    expect(await clearStaleLocks(repo.root, RUN)).toEqual([lock]);
    await repo.run(['update-ref', checkpointRef(RUN, 'p1'), head]);
  });

  it('finds nothing to clear in a repository baton never ran in', async () => {
    const repo = await makeRepo();
    expect(await clearStaleLocks(repo.root, RUN)).toEqual([]);
  });
});
