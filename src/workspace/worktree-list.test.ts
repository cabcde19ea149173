import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isolateGitConfig, makeRepo, removeTestRepos } from './test-repo.js';
import { listWorktrees } from './worktree-list.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

describe('the worktrees of a repository', () => {
  it('lists the main one first, then the linked ones with their branch, detached, locked or missing state', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    const side = join(repo.root, '..', 'side');
    const gate = join(repo.root, '..', 'gate');
    const gone = join(repo.root, '..', 'gone');
    await repo.run(['worktree', 'add', '-q', '-b', 'side', side]);
    await repo.run(['worktree', 'add', '-q', '--detach', gate]);
    await repo.run(['worktree', 'add', '-q', '-b', 'gone', gone]);
    await repo.run(['worktree', 'lock', gate]);
    rmSync(gone, { recursive: true });
    const common = { head, bare: false };
    const [main, ...linked] = await listWorktrees(side);
    expect(main).toEqual({ ...common, path: repo.root, branch: 'main', locked: false, prunable: false });
    expect(linked.sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { ...common, path: gate, branch: undefined, locked: true, prunable: false },
      { ...common, path: gone, branch: 'gone', locked: false, prunable: true },
      { ...common, path: side, branch: 'side', locked: false, prunable: false },
    ]);
  });
});
