/**
 * baton's errors: small classes that carry data and keep `cause`. The CLI maps them to exit codes:
 * {@link BadInputError} and its subclasses → 2, anything that means "the run or check failed" → 1.
 */
import type { Path } from './plan/model.js';

/** A problem found in a plan, before it is placed at a line and column. */
export interface Problem {
  readonly path: Path;
  readonly message: string;
  /** Stable identifier of the kind of problem, for tests and tools (e.g. `unknown-action`). */
  readonly code: string;
  /** When true the problem is about the key at `path`, not its value: the position is the key's. */
  readonly atKey?: boolean;
}

/** A problem placed in the source file. Lines and columns start at 1. */
export interface LocatedProblem extends Problem {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export class BatonError extends Error {
  override name = 'BatonError';
}

/** Input that baton cannot accept: bad usage, an unreadable or invalid plan. Exit code 2. */
export class BadInputError extends BatonError {
  override name = 'BadInputError';
}

export class UsageError extends BadInputError {
  override name = 'UsageError';
}

/** The plan file could not be read at all (missing, a directory, unreadable). */
export class PlanReadError extends BadInputError {
  override name = 'PlanReadError';
  constructor(
    readonly file: string,
    options: { cause: unknown },
  ) {
    super(`cannot read plan ${file}: ${describeCause(options.cause)}`, options);
  }
}

/** The plan was read but has problems; every one of them is listed, each with its place. */
export class PlanInvalidError extends BadInputError {
  override name = 'PlanInvalidError';
  constructor(readonly problems: readonly LocatedProblem[]) {
    super(`plan has ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
  }
}

/** The planner found no set of actions that makes the goal true. */
export class GoalUnreachableError extends BatonError {
  override name = 'GoalUnreachableError';
  constructor(
    /** Goal facts that cannot be made true, each with the reason. */
    readonly unreachable: readonly { readonly fact: string; readonly reason: string }[],
  ) {
    super(
      `goal cannot be reached: ${unreachable.map((u) => `"${u.fact}" ${u.reason}`).join('; ')}`,
    );
  }
}

/** The search stopped at its bound before finding a plan. */
export class SearchBoundError extends BatonError {
  override name = 'SearchBoundError';
  constructor(readonly expansions: number) {
    super(
      `planner gave up after expanding ${expansions} search nodes; the plan has too many alternative ` +
        `providers to compare. Narrow it with --goal or raise the bound (maxExpansions)`,
    );
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a directory';
    if (code === 'EACCES') return 'permission denied';
    return cause.message;
  }
  return String(cause);
}

// ── Workspace (git) errors: src/workspace ───────────────────────────────────────────────────────────────────────

/** A git command failed. It carries the argv, the exit code and what git said, so a message can show all three. */
export class GitError extends BatonError {
  override name = 'GitError';
  constructor(
    readonly args: readonly string[],
    /** `undefined` when git could not be started or was ended by a signal. */
    readonly exitCode: number | undefined,
    readonly stderr: string,
    readonly cwd: string,
    options?: { cause: unknown },
  ) {
    const said = stderr.trim();
    super(
      `git ${args.join(' ')} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`} in ${cwd}` +
        (said === '' ? '' : `: ${said.length > 2000 ? `${said.slice(0, 2000)}…` : said}`),
      options,
    );
  }
}

/**
 * A compare-and-swap ref update lost: the ref no longer points where the caller read it, because something else
 * moved it in between. Nothing was changed.
 */
export class RefMovedError extends BatonError {
  override name = 'RefMovedError';
  constructor(
    readonly ref: string,
    /** Where the caller expected the ref (`undefined`: expected it not to exist). */
    readonly expected: string | undefined,
    /** Where it was found after the update failed (`undefined`: it does not exist). */
    readonly actual: string | undefined,
  ) {
    super(`${ref} moved while baton was updating it: expected ${expected ?? 'no ref'}, found ${actual ?? 'no ref'}`);
  }
}

/** A branch, tag or commit that an operation needs does not exist. */
export class MissingRefError extends BatonError {
  override name = 'MissingRefError';
  constructor(
    readonly ref: string,
    readonly cwd: string,
  ) {
    super(`${ref} does not exist in ${cwd}`);
  }
}

/** Why a worktree could not be created where it was asked for. */
export type WorktreeConflict = 'branch-checked-out' | 'dir-not-a-worktree' | 'dir-on-other-branch';

/**
 * A worktree cannot be created: its branch is checked out in another worktree (git allows one), or the directory
 * already holds something that is not that branch's worktree. baton never overwrites either.
 */
export class WorktreeConflictError extends BatonError {
  override name = 'WorktreeConflictError';
  constructor(
    readonly dir: string,
    readonly branch: string | undefined,
    readonly reason: WorktreeConflict,
    /** The other worktree holding the branch, or what `dir` has checked out. */
    readonly other: string | undefined,
  ) {
    const what = branch === undefined ? 'a detached worktree' : `a worktree on ${branch}`;
    const why =
      reason === 'branch-checked-out'
        ? `${branch ?? ''} is already checked out in ${other ?? 'another worktree'}`
        : reason === 'dir-on-other-branch'
          ? `${dir} is already a worktree on ${other ?? 'a detached HEAD'}`
          : `${dir} exists and is not a worktree of this repository`;
    super(`cannot create ${what} at ${dir}: ${why}`);
  }
}

/** A worktree holds uncommitted changes (or untracked files) where an operation needs a clean one. */
export class DirtyWorktreeError extends BatonError {
  override name = 'DirtyWorktreeError';
  constructor(
    readonly dir: string,
    readonly files: readonly string[],
    /** What was refused, for the message (`check out a gate commit`). */
    readonly operation: string,
  ) {
    super(`cannot ${operation} in ${dir}: ${files.length} uncommitted file${files.length === 1 ? '' : 's'} (${listFiles(files)})`);
  }
}

/** A merge handed to a resolver is not resolved yet: paths are still unmerged, or still hold conflict markers. */
export class UnresolvedMergeError extends BatonError {
  override name = 'UnresolvedMergeError';
  constructor(
    readonly dir: string,
    readonly unmerged: readonly string[],
    readonly markers: readonly string[],
  ) {
    const parts = [
      unmerged.length > 0 ? `unmerged: ${listFiles(unmerged)}` : '',
      markers.length > 0 ? `conflict markers left in: ${listFiles(markers)}` : '',
    ].filter((part) => part !== '');
    super(`the merge in ${dir} is not resolved (${parts.join('; ')})`);
  }
}

/** An operation that finishes a merge found none in progress. */
export class NoMergeInProgressError extends BatonError {
  override name = 'NoMergeInProgressError';
  constructor(readonly dir: string) {
    super(`no merge is in progress in ${dir}`);
  }
}

/** A rollback named a phase whose gate never passed in this run, so it has no checkpoint. */
export class NoCheckpointError extends BatonError {
  override name = 'NoCheckpointError';
  constructor(
    readonly run: string,
    readonly phase: string,
    /** The phases that do have a checkpoint. */
    readonly known: readonly string[],
  ) {
    super(
      `run ${run} has no checkpoint for phase "${phase}"; ` +
        (known.length === 0 ? 'no gate has passed yet' : `checkpoints exist for ${known.map((p) => `"${p}"`).join(', ')}`),
    );
  }
}

/** Why `baton land` refused, as a stable code for tools and tests. */
export type LandRefusal =
  | 'base-missing'
  | 'integration-missing'
  | 'dirty-checkout'
  | 'conflict'
  | 'untracked-would-be-overwritten'
  | 'merge-failed';

/** `baton land` refused to merge a run into its base branch; nothing was changed. */
export class LandRefusedError extends BatonError {
  override name = 'LandRefusedError';
  constructor(
    readonly reason: LandRefusal,
    readonly data: {
      readonly base: string;
      readonly integration: string;
      /** The files in the way: uncommitted, conflicting, or untracked ones the merge would overwrite. */
      readonly files?: readonly string[];
      /** The worktree where `base` is checked out, when that matters. */
      readonly worktree?: string;
      /** What git said, when git itself failed (`merge-failed`: a hook, a signing error). */
      readonly stderr?: string;
    },
  ) {
    super(`cannot land ${data.integration} into ${data.base}: ${describeLandRefusal(reason, data)}`);
  }
}

function describeLandRefusal(reason: LandRefusal, data: LandRefusedError['data']): string {
  const files = listFiles(data.files ?? []);
  switch (reason) {
    case 'base-missing':
      return `branch ${data.base} does not exist`;
    case 'integration-missing':
      return `branch ${data.integration} does not exist`;
    case 'dirty-checkout':
      return `${data.base} is checked out in ${data.worktree ?? 'a worktree'} with uncommitted changes (${files}); commit or stash them first`;
    case 'conflict':
      return `the merge would conflict in ${files}; merge it by hand (git merge ${data.integration})`;
    case 'untracked-would-be-overwritten':
      return `untracked files in ${data.worktree ?? 'the worktree'} would be overwritten (${files}); move them away first`;
    case 'merge-failed':
      return `git merge failed in ${data.worktree ?? 'the checkout'} and was undone: ${data.stderr?.trim() || 'git said nothing'}`;
  }
}

/** A minimum-free-space setting that is not a size or a percentage. Exit code 2. */
export class MinFreeInvalidError extends BadInputError {
  override name = 'MinFreeInvalidError';
  constructor(
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field}: expected a size like "500MiB", "2GiB", "1GB" or a share of the disk like "5%", got "${value}"`);
  }
}

/** No free TCP port could be found for an agent that asked for one. */
export class PortUnavailableError extends BatonError {
  override name = 'PortUnavailableError';
  constructor(readonly tries: number) {
    super(`no free TCP port on 127.0.0.1 after ${tries} tries`);
  }
}

function listFiles(files: readonly string[]): string {
  const shown = files.slice(0, 10).join(', ');
  return files.length > 10 ? `${shown} and ${files.length - 10} more` : shown;
}

/** An agent CLI the run needs is missing or does not run: found before anything starts, not mid-run. */
export class AgentUnavailableError extends BadInputError {
  override name = 'AgentUnavailableError';
  constructor(readonly problems: readonly { readonly agent: string; readonly detail: string }[]) {
    super(`${problems.length === 1 ? 'an agent CLI is' : `${problems.length} agent CLIs are`} not usable:\n${problems.map((p) => `  agent "${p.agent}": ${p.detail}`).join('\n')}`);
  }
}
