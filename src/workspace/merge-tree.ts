/**
 * Merging two commits without a worktree: `git merge-tree --write-tree` (git ≥ 2.38) runs the same merge
 * machinery as `git merge` (ort) entirely in the object store and prints the merged tree and the conflicts.
 * The integration branch is never checked out, so merging into it needs no checkout and no lock on any
 * worktree.
 */
import { GitError } from '../errors.js';
import { git, splitNul } from './git.js';
import { sortedUnique } from './status.js';

/** One index entry of a conflicted path: stage 1 = merge base, 2 = ours (first commit), 3 = theirs (second). */
export interface ConflictEntry {
  readonly mode: string;
  readonly oid: string;
  readonly stage: 1 | 2 | 3;
  readonly path: string;
}

/** The outcome of a merge computed in the object store. */
export interface MergeTreeResult {
  /** The merged tree; with conflicts, conflicted files hold conflict markers. */
  readonly tree: string;
  readonly clean: boolean;
  /** The conflicted paths, sorted. */
  readonly conflicts: readonly string[];
  /** Their index entries, as `git merge` would leave them. */
  readonly entries: readonly ConflictEntry[];
}

/** Merges commit `theirs` into commit `ours` (their merge base found by git) and returns the result. */
export async function mergeTree(dir: string, ours: string, theirs: string, signal?: AbortSignal): Promise<MergeTreeResult> {
  const args = ['merge-tree', '--write-tree', '-z', '--no-messages', ours, theirs];
  const result = await git(dir, args, { signal, allowFail: true });
  if (result.exitCode !== 0 && result.exitCode !== 1) throw new GitError(args, result.exitCode, result.stderr, dir);
  const [tree = '', ...fields] = splitNul(result.stdout);
  const entries = fields.filter((field) => field !== '').map(parseEntry);
  return { tree, clean: result.exitCode === 0, conflicts: sortedUnique(entries.map((entry) => entry.path)), entries };
}

/** `<mode> <oid> <stage>\t<path>` */
function parseEntry(field: string): ConflictEntry {
  const tab = field.indexOf('\t');
  const [mode = '', oid = '', stage = ''] = field.slice(0, tab).split(' ');
  return { mode, oid, stage: Number(stage) as 1 | 2 | 3, path: field.slice(tab + 1) };
}
