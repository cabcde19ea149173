/**
 * The worktrees attempts, tracks and gates run in: creating them (or finding them again on a resume, untouched:
 * whatever an agent wrote there is its work), reading what changed in them, committing it, and moving them.
 */
import { readdir, realpath } from 'node:fs/promises';
import { DirtyWorktreeError, GitError, MissingRefError, RefMovedError, WorktreeConflictError } from '../errors.js';
import { countCommitsNotIn, git, identityEnv, revParse, splitNul } from './git.js';
import { headRef } from './names.js';
import { updateRef } from './refs.js';
import { dirtyFiles, sortedUnique } from './status.js';
import { withTrailers } from './trailers.js';
import { listWorktrees } from './worktree-list.js';
import type { WorktreeInfo } from './worktree-list.js';

export interface CreateWorktreeOptions {
  /** Where: `worktreeDir(root, run, name)`. */
  readonly dir: string;
  /** The branch to create there (`branchOf(run, name)`); none for a detached checkout (gates). */
  readonly branch?: string;
  /** The commit (or rev) to start from, usually the integration tip. */
  readonly from: string;
  readonly signal?: AbortSignal | undefined;
}

/** The worktree {@link createWorktree} made or found. */
export interface CreatedWorktree {
  readonly dir: string;
  readonly branch: string | undefined;
  /** The commit checked out. */
  readonly head: string;
  /**
   * `created`: new branch and worktree at `from`. `reused`: `dir` already was this worktree (a resume), left as
   * found. `reattached`: the branch existed without a worktree (its directory was deleted) and was checked out
   * again, keeping its commits.
   */
  readonly state: 'created' | 'reused' | 'reattached';
}

/**
 * Makes `dir` a worktree of the repository at `root` on a new `branch` (or detached) at `from`. Refuses with
 * {@link WorktreeConflictError} when the branch is checked out in another worktree or `dir` holds something
 * else; never overwrites either. Two git calls when the worktree is new.
 */
export async function createWorktree(root: string, options: CreateWorktreeOptions): Promise<CreatedWorktree> {
  const { dir, branch, signal } = options;
  const found = await findWorktree(root, dir);
  if (found === 'other') throw new WorktreeConflictError(dir, branch, 'dir-not-a-worktree', undefined);
  if (found !== undefined) {
    if (found.branch !== branch) throw new WorktreeConflictError(dir, branch, 'dir-on-other-branch', found.branch);
    return { dir, branch, head: found.head ?? '', state: 'reused' };
  }
  const start = await revParse(root, `${options.from}^{commit}`);
  if (start === undefined) throw new MissingRefError(options.from, root);
  const added = await addWorktree(root, branch === undefined ? ['--detach', dir, start] : ['-b', branch, dir, start], signal);
  if (added === undefined) return { dir, branch, head: start, state: 'created' };
  // The branch may exist already: a resume whose worktree directory was deleted, or a branch in use elsewhere.
  const existing = branch === undefined ? undefined : await revParse(root, headRef(branch));
  if (branch === undefined || existing === undefined) throw added;
  const holder = (await listWorktrees(root)).find((worktree) => worktree.branch === branch && !worktree.prunable);
  if (holder !== undefined) throw new WorktreeConflictError(dir, branch, 'branch-checked-out', holder.path);
  const again = await addWorktree(root, [dir, branch], signal);
  if (again !== undefined) throw again;
  return { dir, branch, head: existing, state: 'reattached' };
}

/**
 * `git worktree add -q <args>`; the failure, if any, is returned. A worktree registered at `dir` whose directory
 * was deleted blocks the add; it holds nothing, so the add is tried once more with `-f`, which takes over that
 * registration only (a repository-wide `git worktree prune` would also forget the user's own worktrees whose
 * drive is not mounted, with their index).
 */
async function addWorktree(root: string, args: readonly string[], signal: AbortSignal | undefined): Promise<GitError | undefined> {
  const argv = ['worktree', 'add', '-q', ...args];
  let result = await git(root, argv, { signal, allowFail: true });
  if (result.exitCode !== 0 && /missing but already registered worktree/.test(result.stderr)) {
    result = await git(root, ['worktree', 'add', '-q', '-f', ...args], { signal, allowFail: true });
  }
  return result.exitCode === 0 ? undefined : new GitError(argv, result.exitCode, result.stderr, root);
}

/**
 * The worktree at `dir` if it is one of this repository's; `'other'` when `dir` holds anything else;
 * `undefined` when `dir` is missing or an empty directory (git can create the worktree there).
 */
async function findWorktree(root: string, dir: string): Promise<WorktreeInfo | 'other' | undefined> {
  const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (entries === undefined) return undefined;
  const real = await realpath(dir);
  const worktree = (await listWorktrees(root)).find((w) => w.path === real || w.path === dir);
  if (worktree !== undefined) return worktree;
  return entries.length === 0 ? undefined : 'other';
}

/**
 * Whether the worktree at `dir` has no tracked changes and no untracked files that are not ignored: the state in
 * which git can move it to another commit, or remove it, losing nothing but ignored build output.
 */
export async function isClean(dir: string, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<boolean> {
  const { stdout } = await git(dir, ['status', '--porcelain=v1', '-z', '--untracked-files=normal'], options);
  return stdout === '';
}

/**
 * The files an attempt touched since commit `base`: changed by its commits (`base..HEAD`), staged, unstaged,
 * and untracked-not-ignored. Deduplicated, sorted, relative to the worktree's top; a rename counts as both
 * paths. What leases are checked against and evidence records.
 */
export async function changedFiles(dir: string, base: string, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<string[]> {
  const [committed, dirty] = await Promise.all([
    git(dir, ['diff', '--name-only', '-z', '--no-renames', base, 'HEAD', '--'], options),
    dirtyFiles(dir, options),
  ]);
  return sortedUnique([...splitNul(committed.stdout), ...dirty]);
}

/**
 * Moves a detached worktree (a gate's) to `commit`. Refuses with {@link DirtyWorktreeError} when it holds
 * uncommitted changes or untracked files, which would be carried into the next gate's checks.
 */
export async function checkoutDetached(dir: string, commit: string, options: { readonly signal?: AbortSignal | undefined } = {}): Promise<void> {
  const dirty = await dirtyFiles(dir, options);
  if (dirty.length > 0) throw new DirtyWorktreeError(dir, dirty, `check out ${commit}`);
  await git(dir, ['checkout', '-q', '--detach', commit, '--'], options);
}

export interface CommitOptions {
  /** The commit message's text; the trailers are appended. */
  readonly message: string;
  /** Git trailers, e.g. `{ 'Baton-Run': run, 'Baton-Action': action, 'Baton-Agent': agent }`. */
  readonly trailers: Readonly<Record<string, string>>;
  /** Identity environment ({@link identityEnv}); computed when not given. A run computes it once and passes it. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Flags for the commits baton makes on its own branches. Hooks are the user's checks for the user's commits and
 * may be slow or interactive (baton's checks are the plan's gates); a signing prompt would hang an unattended
 * run. Landing, which the user asks for, runs their hooks and signs as they configured.
 */
export const UNATTENDED_COMMIT_FLAGS = ['--no-verify', '--no-gpg-sign'] as const;

/**
 * Stages everything in the worktree at `dir` (`git add -A`: new, changed and deleted files; ignored ones stay
 * out) and commits it if anything is staged, so all an attempt produced is on its branch, attributable by its
 * trailers. Returns the new HEAD, or `undefined` when there was nothing to commit.
 */
export async function commitAll(dir: string, options: CommitOptions): Promise<string | undefined> {
  const { signal } = options;
  await git(dir, ['add', '-A'], { signal });
  const args = ['diff', '--cached', '--quiet'];
  const staged = await git(dir, args, { signal, allowFail: true });
  if (staged.exitCode === 0) return undefined;
  if (staged.exitCode !== 1) throw new GitError(args, staged.exitCode, staged.stderr, dir);
  return commitStaged(dir, options);
}

/** Commits the index as it is (concluding the merge in progress, if any) and returns the new HEAD. */
export async function commitStaged(dir: string, options: CommitOptions): Promise<string> {
  const { signal } = options;
  const env = options.env ?? (await identityEnv(dir));
  const input = withTrailers(options.message, options.trailers);
  await git(dir, ['commit', '-q', ...UNATTENDED_COMMIT_FLAGS, '-F', '-'], { input, env, signal });
  const { stdout } = await git(dir, ['rev-parse', 'HEAD'], { signal });
  return stdout.trim();
}


export interface ShelveOptions {
  /** Where the work is kept: `shelvedRef(run, workspace, action, attempt)`. Created, never moved. */
  readonly ref: string;
  /** The commit (or rev) the worktree is reset to: what the failed attempt started from. */
  readonly base: string;
  /** Message of the commit of what was left uncommitted, if one is needed; the trailers are appended. */
  readonly message: string;
  readonly trailers: Readonly<Record<string, string>>;
  /** Identity environment ({@link identityEnv}); computed when not given. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Puts aside what a failed attempt left in an agent's track at `dir`, so the next action starts from `base`
 * and is not credited with it (merged under its name): commits everything left ({@link commitAll}), keeps the
 * track's HEAD under `ref`, then resets the track to `base` and removes untracked files that are not ignored.
 * Nothing is reset before `ref` is seen to hold that HEAD and the worktree holds nothing uncommitted
 * ({@link DirtyWorktreeError} when something wrote to it meanwhile; {@link RefMovedError} when `ref` holds
 * something else). Again after a crash, it finds the ref made and goes on. `shelved`: the commit kept, or
 * `undefined` when the track had nothing beyond `base` (nothing was done).
 */
export async function shelveTrackWork(dir: string, options: ShelveOptions): Promise<{ readonly shelved: string | undefined }> {
  const { ref, signal } = options;
  const base = await revParse(dir, `${options.base}^{commit}`);
  if (base === undefined) throw new MissingRefError(options.base, dir);
  const committed = await commitAll(dir, { message: options.message, trailers: options.trailers, signal, ...(options.env ? { env: options.env } : {}) });
  const head = committed ?? (await revParse(dir, 'HEAD')) ?? '';
  if (committed === undefined && (await countCommitsNotIn(dir, head, [base])) === 0) return { shelved: undefined };
  if ((await revParse(dir, ref)) !== head) await updateRef(dir, ref, head, undefined, options.message);
  const kept = await revParse(dir, ref);
  if (kept !== head) throw new RefMovedError(ref, head, kept);
  const left = await dirtyFiles(dir, { signal });
  if (left.length > 0) throw new DirtyWorktreeError(dir, left, `reset a track whose work was shelved under ${ref}`);
  await git(dir, ['reset', '-q', '--hard', base], { signal });
  // Only files ignored by the shelved commit's rules and not by base's can be left: build output, not work.
  await git(dir, ['clean', '-q', '-f', '-d'], { signal });
  return { shelved: head };
}
