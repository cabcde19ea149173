/**
 * Ref updates as compare-and-swap. Every ref baton moves (the integration branch, checkpoints, backups, the base
 * branch when landing) moves with `git update-ref <ref> <new> <old>`: git locks the ref, checks it still points at
 * `<old>` and writes `<new>`, so a crash leaves the old or the new value and a concurrent writer is noticed
 * instead of overwritten.
 */
import { GitError, RefMovedError } from '../errors.js';
import { git, splitLines } from './git.js';
import { revParse } from './git.js';

/** Where a ref is expected before an update: an object id, or `undefined` when it must not exist yet. */
export type Expected = string | undefined;

/**
 * Sets `ref` to `next` if it still is at `expected`. Throws {@link RefMovedError} when it is not (nothing is
 * changed), {@link GitError} for anything else. `reason` goes to the reflog.
 */
export async function updateRef(dir: string, ref: string, next: string, expected: Expected, reason: string): Promise<void> {
  const old = expected ?? '';
  const result = await git(dir, ['update-ref', '-m', reason, ref, next, old], { allowFail: true });
  if (result.exitCode !== 0) await explainFailure(dir, [{ ref, expected }], result);
}

/** Deletes `ref` if it still is at `expected` (see {@link updateRef}). */
export async function deleteRef(dir: string, ref: string, expected: string): Promise<void> {
  const result = await git(dir, ['update-ref', '-d', ref, expected], { allowFail: true });
  if (result.exitCode !== 0) await explainFailure(dir, [{ ref, expected }], result);
}

/** One change in a {@link updateRefs} transaction. `next: undefined` deletes the ref. */
export interface RefChange {
  readonly ref: string;
  readonly next: string | undefined;
  readonly expected: Expected;
}

/**
 * Applies several ref changes atomically: git locks every ref and checks every expected value before writing
 * any, so either all of them happen or none does (a rollback's backup and its move of the branch, a gc's
 * deletions).
 */
export async function updateRefs(dir: string, changes: readonly RefChange[], reason: string): Promise<void> {
  if (changes.length === 0) return;
  const lines = changes.map(({ ref, next, expected }) => {
    if (next === undefined) return expected === undefined ? `delete ${ref}` : `delete ${ref} ${expected}`;
    return expected === undefined ? `create ${ref} ${next}` : `update ${ref} ${next} ${expected}`;
  });
  const args = ['update-ref', '-m', reason, '--stdin'];
  const result = await git(dir, args, { input: `${lines.join('\n')}\n`, allowFail: true });
  if (result.exitCode !== 0) await explainFailure(dir, changes, result, args);
}

/** A ref as `for-each-ref` lists it. */
export interface RefInfo {
  readonly ref: string;
  readonly oid: string;
  /** The worktree that has this branch checked out, if any. */
  readonly worktree: string | undefined;
}

/**
 * The refs matching `patterns` (for-each-ref patterns: a prefix up to a slash, or a glob), sorted by name.
 * `merged`: only refs whose tip is reachable from at least one of these commits.
 */
export async function listRefs(dir: string, patterns: readonly string[], merged: readonly string[] = []): Promise<RefInfo[]> {
  const format = '--format=%(refname)%09%(objectname)%09%(worktreepath)';
  const filters = merged.map((commit) => `--merged=${commit}`);
  const { stdout } = await git(dir, ['for-each-ref', format, ...filters, '--', ...patterns]);
  return splitLines(stdout).map((line) => {
    const [ref = '', oid = '', worktree = ''] = line.split('\t');
    return { ref, oid, worktree: worktree === '' ? undefined : worktree };
  });
}

async function explainFailure(
  dir: string,
  changes: readonly { readonly ref: string; readonly expected: Expected; readonly next?: string | undefined }[],
  result: { readonly exitCode: number; readonly stderr: string },
  args: readonly string[] = ['update-ref', ...changes.map((change) => change.ref)],
): Promise<never> {
  for (const { ref, expected, ...change } of changes) {
    if ('next' in change && change.next === undefined && expected === undefined) continue; // an unchecked delete
    const actual = await revParse(dir, ref);
    if (actual !== expected) throw new RefMovedError(ref, expected, actual);
  }
  throw new GitError(args, result.exitCode, result.stderr, dir);
}
