/**
 * Whether a branch is in the middle of something in one of the repository's worktrees: a rebase (git shows the
 * checkout as detached meanwhile, and moving the branch would make `git rebase --continue` fail and strand the
 * rebased commits) or a bisect started from it. `baton land` refuses then.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git.js';
import { listWorktrees } from './worktree-list.js';

/** What is under way on `branch`, and where; `undefined` when nothing is. */
export async function branchBusy(root: string, branch: string): Promise<string | undefined> {
  const ref = `refs/heads/${branch}`;
  for (const worktree of await listWorktrees(root)) {
    if (worktree.bare || worktree.prunable) continue;
    const dir = (await git(worktree.path, ['rev-parse', '--absolute-git-dir'], { allowFail: true })).stdout.trim();
    if (dir === '') continue;
    for (const [file, what] of [
      ['rebase-merge/head-name', 'a rebase'],
      ['rebase-apply/head-name', 'a rebase'],
      ['BISECT_START', 'a bisect'],
    ] as const) {
      const text = (await readFile(join(dir, file), 'utf8').catch(() => '')).trim();
      if (text === ref || text === branch) return `${what} of ${branch} is under way in ${worktree.path}`;
    }
  }
  return undefined;
}
