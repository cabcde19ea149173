/**
 * Merging an action's branch into the run's integration branch without touching any worktree: merge-tree
 * computes the merged tree, commit-tree writes a merge commit (always a merge, one per action on the
 * first-parent chain, carrying its trailers, so history says which action brought what), and a compare-and-swap
 * `update-ref` moves the branch. A crash leaves the old tip or the new one, never a half-merged state, and a
 * re-run after a crash finds the branch already merged.
 *
 * When a conflict is handed to a resolver program instead, the merge happens the ordinary way in the action's
 * worktree ({@link startConflictedMerge}), and the resolved result is merged from there.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DirtyWorktreeError, GitError, NoMergeInProgressError, RefMovedError, UnresolvedMergeError } from '../errors.js';
import { conflictSides } from './conflict-sides.js';
import type { ConflictSides } from './conflict-sides.js';
import { git, identityEnv, isAncestor, resolveCommits, revParse, splitLines, splitNul } from './git.js';
import { mergeTree } from './merge-tree.js';
import { headRef } from './names.js';
import { preferBranchTree } from './prefer-branch.js';
import { updateRef } from './refs.js';
import { dirtyFiles, sortedUnique, unmergedFiles } from './status.js';
import { withTrailers } from './trailers.js';
import { commitStaged } from './worktree.js';
import type { CommitOptions } from './worktree.js';

export interface IntegrationMergeOptions {
  /** The integration branch (`baton/<run>`). */
  readonly integration: string;
  /** The branch to merge (`baton/<run>+<name>`). */
  readonly branch: string;
  /**
   * The commit of the branch to merge, when not its tip: what the attempt committed, so that work a later
   * attempt added to the same branch (an agent's track) is not merged under this one's name.
   */
  readonly commit?: string | undefined;
  readonly message: string;
  /** Trailers of the merge commit; `Baton-Action` is what conflict reports read back. */
  readonly trailers: Readonly<Record<string, string>>;
  /** `'branch'`: on a conflict the branch's version of each conflicted file wins (the lease owner's side). */
  readonly prefer?: 'branch';
  /** Identity environment (see `identityEnv`); computed when not given. */
  readonly env?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal | undefined;
}

/** What a merge into the integration branch did: merged, nothing to merge, or a conflict (nothing changed). */
export type IntegrationMerge =
  | {
      readonly status: 'merged';
      /** The new integration tip, a merge commit. */
      readonly commit: string;
      /** Files this merge changed on the integration branch. */
      readonly files: readonly string[];
      /** Conflicted files settled in the branch's favour (`prefer: 'branch'`); absent when there were none. */
      readonly overridden?: readonly string[];
    }
  | { readonly status: 'nothing'; readonly commit: string }
  | { readonly status: 'conflict'; readonly files: readonly string[]; readonly sides: ConflictSides };

/** How often a merge is recomputed when another process moved the integration branch under it. */
const CAS_TRIES = 5;

/**
 * Merges `branch` into `integration` (see the module comment). `nothing` when the branch's tip is already in
 * the integration branch (no commits, or merged before a crash); `conflict` with the files and the actions on
 * the other side, changing nothing. Merges into one integration branch from this process run one at a time;
 * when another process moves the branch in between, the merge is recomputed on the new tip
 * ({@link RefMovedError} if it keeps moving).
 */
export function mergeIntoIntegration(root: string, options: IntegrationMergeOptions): Promise<IntegrationMerge> {
  return oneAtATime(`${root}\0${options.integration}`, async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await mergeOnce(root, options);
      } catch (error) {
        if (!(error instanceof RefMovedError) || attempt >= CAS_TRIES) throw error;
      }
    }
  });
}

/** The last queued job per key: jobs with the same key run in order, one at a time. */
const queues = new Map<string, Promise<unknown>>();

function oneAtATime<T>(key: string, job: () => Promise<T>): Promise<T> {
  const result = (queues.get(key) ?? Promise.resolve()).then(job);
  const tail = result.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

async function mergeOnce(root: string, options: IntegrationMergeOptions): Promise<IntegrationMerge> {
  const { signal } = options;
  const [old, tip] = await resolveCommits(root, [headRef(options.integration), options.commit ?? headRef(options.branch)]);
  // Asked together: a re-run after a crash finds the branch merged, and then the merged tree is not needed.
  const [contained, merged] = await Promise.all([isAncestor(root, tip, old), mergeTree(root, old, tip, signal)]);
  if (contained) return { status: 'nothing', commit: old };
  let tree = merged.tree;
  if (!merged.clean) {
    if (options.prefer !== 'branch') {
      const sides = await conflictSides(root, { integration: old, branch: tip }, options.branch, merged.conflicts);
      return { status: 'conflict', files: merged.conflicts, sides };
    }
    tree = await preferBranchTree(root, merged, signal);
  }
  const env = options.env ?? (await identityEnv(root));
  const input = withTrailers(options.message, options.trailers);
  const args = ['commit-tree', '--no-gpg-sign', tree, '-p', old, '-p', tip, '-F', '-'];
  const commit = (await git(root, args, { env, input, signal })).stdout.trim();
  const [, files] = await Promise.all([
    updateRef(root, headRef(options.integration), commit, old, `baton: merge ${options.branch}`),
    treeChanges(root, old, commit),
  ]);
  return { status: 'merged', commit, files, ...(merged.clean ? {} : { overridden: merged.conflicts }) };
}

/** The paths whose content differs between two commits (a rename counts as both paths). Sorted. */
export async function treeChanges(dir: string, from: string, to: string): Promise<string[]> {
  const { stdout } = await git(dir, ['diff-tree', '-r', '--name-only', '-z', '--no-renames', '--no-commit-id', from, to]);
  return sortedUnique(splitNul(stdout));
}

/**
 * Starts merging `integration` into the action worktree at `dir` (clean, its work committed) and stops before
 * committing, leaving the conflicts for a resolver program. Returns the conflicted files (empty when the merge
 * went through cleanly or there was nothing to merge). `env`: identity (see `identityEnv`). Refuses with
 * {@link DirtyWorktreeError} on a dirty worktree: the resolver's changes must be told apart from the attempt's.
 */
export async function startConflictedMerge(
  dir: string,
  integration: string,
  options: { readonly env?: Readonly<Record<string, string>>; readonly signal?: AbortSignal | undefined } = {},
): Promise<string[]> {
  const { signal } = options;
  const dirty = await dirtyFiles(dir, { signal });
  if (dirty.length > 0) throw new DirtyWorktreeError(dir, dirty, `merge ${integration}`);
  const args = ['merge', '--no-ff', '--no-commit', '-q', integration];
  const env = options.env ?? (await identityEnv(dir)); // git wants an identity even for --no-commit
  const merge = await git(dir, args, { env, signal, allowFail: true });
  const conflicts = await unmergedFiles(dir);
  if (merge.exitCode !== 0 && conflicts.length === 0) throw new GitError(args, merge.exitCode, merge.stderr, dir);
  return conflicts;
}

/** Lines of a file that git left conflicted: the start and end markers of a conflict hunk (and diff3's base). */
const MARKER = /^(?:<{7}|\|{7}|>{7})(?: |$)/m;

/**
 * Concludes a merge a resolver settled in the worktree at `dir`: refuses with {@link UnresolvedMergeError} while
 * paths are unmerged (the resolver marks each with `git add`/`git rm`, as with any merge) or a file that was
 * conflicted still holds conflict markers; else stages everything and commits the merge. Returns the commit.
 * `files`: the conflicted files as {@link startConflictedMerge} returned them (git's own record in `MERGE_MSG`
 * is read as well).
 */
export async function finishResolvedMerge(dir: string, options: CommitOptions & { readonly files?: readonly string[] }): Promise<string> {
  if ((await revParse(dir, 'MERGE_HEAD')) === undefined) throw new NoMergeInProgressError(dir);
  const unmerged = await unmergedFiles(dir);
  const candidates = sortedUnique([...unmerged, ...(options.files ?? []), ...(await recordedConflicts(dir))]);
  const markers: string[] = [];
  for (const file of candidates) {
    const text = await readFile(join(dir, file), 'utf8').catch(() => '');
    if (MARKER.test(text)) markers.push(file);
  }
  if (unmerged.length > 0 || markers.length > 0) throw new UnresolvedMergeError(dir, unmerged, markers);
  await git(dir, ['add', '-A'], { signal: options.signal });
  return commitStaged(dir, options);
}

/** The conflicted paths `git merge` listed under `# Conflicts:` in the worktree's `MERGE_MSG`. */
async function recordedConflicts(dir: string): Promise<string[]> {
  const { stdout } = await git(dir, ['rev-parse', '--path-format=absolute', '--git-path', 'MERGE_MSG']);
  const text = await readFile(stdout.trim(), 'utf8').catch(() => '');
  const lines = splitLines(text);
  const start = lines.indexOf('# Conflicts:');
  if (start < 0) return [];
  const files: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#\t')) break;
    files.push(line.slice(2));
  }
  return files;
}

/** Abandons the merge in progress in the worktree at `dir`, restoring it as it was; false when there was none. */
export async function abortMerge(dir: string): Promise<boolean> {
  if ((await revParse(dir, 'MERGE_HEAD')) === undefined) return false;
  await git(dir, ['merge', '--abort']);
  return true;
}
