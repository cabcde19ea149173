/**
 * Landing a run: merging its integration branch into the user's branch. The one operation that touches the
 * user's own branches, so it refuses whenever it could lose or tangle their work: uncommitted changes where
 * the branch is checked out, a merge that would conflict. Where the branch is checked out the merge runs there
 * with `git merge`, so the working tree follows (with the user's hooks and signing); elsewhere only the ref
 * moves, by compare-and-swap.
 */
import { GitError, LandRefusedError } from '../errors.js';
import { git, identityEnv, isAncestor, revParse } from './git.js';
import type { GitResult } from './git.js';
import { mergeTree } from './merge-tree.js';
import { headRef, runOfIntegration } from './names.js';
import { updateRef } from './refs.js';
import { dirtyFiles } from './status.js';
import { listWorktrees } from './worktree-list.js';

export interface LandOptions {
  /** The run's integration branch (`baton/<run>`). */
  readonly integration: string;
  /** The branch to land on (the one the run started from). */
  readonly base: string;
  /** The run id, for the merge message; read from `integration` when not given. */
  readonly run?: string;
  readonly signal?: AbortSignal | undefined;
}

/** How a run landed and where the base branch is now. */
export interface Landed {
  /** `up-to-date`: `base` already contained the run; nothing changed. */
  readonly mode: 'fast-forward' | 'merge' | 'up-to-date';
  /** `base`'s tip afterwards. */
  readonly commit: string;
}

/**
 * Merges `integration` into `base`: a fast-forward when `base` has not moved since the run started, else a
 * merge commit "baton: land run <run>". Refuses with {@link LandRefusedError} (nothing changed) when a branch is
 * missing, when `base` is checked out in a worktree with tracked changes (untracked files are fine, git will
 * not overwrite them), when the merge would conflict (the files are listed), or when `git merge` in the
 * checkout fails (`merge-failed`, with git's stderr: a hook or signing refused), its half-made merge aborted.
 */
export async function landRun(root: string, options: LandOptions): Promise<Landed> {
  const { integration, base, signal } = options;
  const refusal = (reason: LandRefusedError['reason'], extra: Omit<LandRefusedError['data'], 'base' | 'integration'> = {}) =>
    new LandRefusedError(reason, { base, integration, ...extra });
  const baseTip = await revParse(root, headRef(base));
  if (baseTip === undefined) throw refusal('base-missing');
  const tip = await revParse(root, headRef(integration));
  if (tip === undefined) throw refusal('integration-missing');
  if (await isAncestor(root, tip, baseTip)) return { mode: 'up-to-date', commit: baseTip };
  const checkout = (await listWorktrees(root)).find((worktree) => worktree.branch === base && !worktree.prunable);
  if (checkout !== undefined) {
    const dirty = await dirtyFiles(checkout.path, { untracked: false, signal });
    if (dirty.length > 0) throw refusal('dirty-checkout', { files: dirty, worktree: checkout.path });
  }
  const fastForward = await isAncestor(root, baseTip, tip);
  let tree: string | undefined;
  if (!fastForward) {
    const merged = await mergeTree(root, baseTip, tip, signal);
    if (!merged.clean) throw refusal('conflict', { files: merged.conflicts });
    tree = merged.tree;
  }
  const message = `baton: land run ${options.run ?? runOfIntegration(integration) ?? integration}`;
  const mode = fastForward ? 'fast-forward' : 'merge';
  if (checkout !== undefined) {
    const args = fastForward ? ['merge', '--ff-only', '-q', tip] : ['merge', '--no-ff', '-q', '-m', message, tip];
    const merge = await mergeOrUndo(checkout.path, args, { env: await identityEnv(root), signal });
    if (merge.exitCode === 0) return { mode, commit: (await revParse(checkout.path, 'HEAD')) ?? '' };
    const untracked = untrackedInTheWay(merge.stderr);
    if (untracked.length > 0) throw refusal('untracked-would-be-overwritten', { files: untracked, worktree: checkout.path });
    throw refusal('merge-failed', { worktree: checkout.path, stderr: merge.stderr });
  }
  const commit = fastForward ? tip : await mergeCommit(root, tree ?? '', [baseTip, tip], message, signal);
  await updateRef(root, headRef(base), commit, baseTip, message);
  return { mode, commit };
}

/**
 * Runs `git merge` in the user's checkout at `dir`; when it fails (a `pre-merge-commit` hook, signing, an abort)
 * after it started a merge, `git merge --abort` puts the tree and index back as they were. Only a merge this
 * call started is aborted: one the user had in progress (`MERGE_HEAD` already there) is theirs.
 */
async function mergeOrUndo(dir: string, args: readonly string[], options: { env: Record<string, string>; signal: AbortSignal | undefined }): Promise<GitResult> {
  const mergingBefore = (await revParse(dir, 'MERGE_HEAD')) !== undefined;
  const undo = async (failure: unknown) => {
    if (mergingBefore || (await revParse(dir, 'MERGE_HEAD')) === undefined) return;
    const abort = ['merge', '--abort'];
    const undone = await git(dir, abort, { allowFail: true });
    if (undone.exitCode !== 0) throw new GitError(abort, undone.exitCode, undone.stderr, dir, { cause: failure });
  };
  let merge: GitResult;
  try {
    merge = await git(dir, args, { ...options, allowFail: true });
  } catch (error) {
    await undo(error);
    throw error;
  }
  if (merge.exitCode !== 0) await undo(new GitError(args, merge.exitCode, merge.stderr, dir));
  return merge;
}

async function mergeCommit(root: string, tree: string, parents: readonly string[], message: string, signal: AbortSignal | undefined): Promise<string> {
  const args = ['commit-tree', tree, ...parents.flatMap((parent) => ['-p', parent]), '-F', '-'];
  const { stdout } = await git(root, args, { env: await identityEnv(root), input: `${message}\n`, signal });
  return stdout.trim();
}

/** The files git lists after "untracked working tree files would be overwritten by merge" (C locale). */
function untrackedInTheWay(stderr: string): string[] {
  const lines = stderr.split('\n');
  const start = lines.findIndex((line) => line.includes('untracked working tree files would be overwritten'));
  if (start < 0) return [];
  const files: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('\t')) break;
    files.push(line.slice(1));
  }
  return files;
}
