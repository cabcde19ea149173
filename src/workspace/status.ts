/**
 * What a worktree holds beyond its last commit, read from `git status`/`git diff` with `-z` (paths as they are,
 * unquoted). Paths are relative to the worktree's top level, so `dir` is always a worktree's top.
 */
import { git, splitNul } from './git.js';

export interface StatusOptions {
  /** Count untracked (not ignored) files as changes. @default true */
  readonly untracked?: boolean;
  readonly signal?: AbortSignal | undefined;
}

/**
 * The files with uncommitted changes in the worktree at `dir`: staged, unstaged and (unless `untracked: false`)
 * untracked files that are not ignored. Sorted.
 */
export async function dirtyFiles(dir: string, options: StatusOptions = {}): Promise<string[]> {
  const untracked = options.untracked === false ? 'no' : 'all';
  const args = ['status', '--porcelain=v1', '-z', '--no-renames', `--untracked-files=${untracked}`];
  const { stdout } = await git(dir, args, { signal: options.signal });
  return sortedUnique(splitNul(stdout).map((entry) => entry.slice(3)));
}

/** The paths with unmerged index entries (conflicts not yet marked resolved) in the worktree at `dir`. Sorted. */
export async function unmergedFiles(dir: string): Promise<string[]> {
  const { stdout } = await git(dir, ['diff', '--name-only', '-z', '--diff-filter=U']);
  return sortedUnique(splitNul(stdout));
}

/** Sorts by code unit and drops repeats: stable across locales, unlike `localeCompare`. */
export function sortedUnique(paths: readonly string[]): string[] {
  return [...new Set(paths)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
