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
