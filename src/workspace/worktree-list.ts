/**
 * The worktrees git knows for a repository, read from `git worktree list --porcelain -z`: one call that answers
 * "is this directory a worktree, on which branch" for a resume, and "which worktrees belong to a run" for gc.
 */
import { git, splitNul } from './git.js';

/** One worktree as git records it. */
export interface WorktreeInfo {
  /** Absolute path, as git stores it (symlinks resolved). */
  readonly path: string;
  /** The checked-out commit; `undefined` for a bare repository or an unborn branch. */
  readonly head: string | undefined;
  /** The checked-out branch (`main`, `baton/x+a`), `undefined` when detached. */
  readonly branch: string | undefined;
  /** `git worktree lock`ed: git refuses to remove or prune it. */
  readonly locked: boolean;
  /** Its directory is gone; `git worktree prune` will forget it. */
  readonly prunable: boolean;
  readonly bare: boolean;
}

/** Every worktree of the repository at `dir`, the main one first. */
export async function listWorktrees(dir: string): Promise<WorktreeInfo[]> {
  const { stdout } = await git(dir, ['worktree', 'list', '--porcelain', '-z']);
  const worktrees: WorktreeInfo[] = [];
  let current: { -readonly [K in keyof WorktreeInfo]: WorktreeInfo[K] } | undefined;
  for (const field of splitNul(stdout)) {
    if (field === '') {
      current = undefined;
      continue;
    }
    const space = field.indexOf(' ');
    const key = space < 0 ? field : field.slice(0, space);
    const value = space < 0 ? '' : field.slice(space + 1);
    if (key === 'worktree') {
      current = { path: value, head: undefined, branch: undefined, locked: false, prunable: false, bare: false };
      worktrees.push(current);
    } else if (current !== undefined) {
      if (key === 'HEAD') current.head = value;
      else if (key === 'branch') current.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'locked') current.locked = true;
      else if (key === 'prunable') current.prunable = true;
      else if (key === 'bare') current.bare = true;
    }
  }
  return worktrees;
}
