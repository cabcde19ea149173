/**
 * The events of a run: everything that happened, in order, append-only. The engine's state is a fold of these
 * events, so a run that crashed is resumed by replaying them. Events come from two sides:
 * - decisions of the engine core (`decided`): it chose to start an attempt, run a gate, replan, finish;
 * - facts reported by the drivers (`reported`): a process started with a pid, exited, a gate's checks ran,
 *   a timer fired, a person approved, a signal arrived.
 * A decision is written before the driver acts on it, so after a crash nothing is done twice unknowingly.
 */

/** Bumped when an event's shape changes incompatibly; stored with every event. */
export const EVENT_SCHEMA_VERSION = 1;

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/**
 * How an attempt ended. `interrupted`: baton stopped or died while it ran. `over_budget`: baton stopped it because
 * a budget of its scope ran out. `changes_requested`: its work passed `verify` but its reviewer asked for changes.
 */
export type AttemptOutcome = 'succeeded' | 'failed' | 'timed_out' | 'verify_failed' | 'interrupted' | 'over_budget' | 'changes_requested';

/** Tokens and money an attempt spent so far (cumulative). */
export interface Usage {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** As the CLI reported it or the agent's `price` computed it; `undefined` when neither could. */
  readonly costUsd: number | undefined;
}

/** A reviewer's verdict on an attempt's work. */
export interface ReviewRecord {
  readonly reviewer: string;
  /** 1 for the first review of the action, counting up with each rerun it asked for. */
  readonly round: number;
  readonly verdict: 'approve' | 'request_changes';
  readonly reasons: readonly string[];
}

/** Limits the command line puts on the whole run (`--max-cost`, `--max-tokens`, `--max-time`). */
export interface RunBudget {
  readonly tokens?: number;
  readonly costUsd?: number;
  readonly timeS?: number;
}

export interface CheckResult {
  readonly name: string;
  readonly exitCode: number | null;
  readonly passed: boolean;
  /** The metric read from the check's output, when it declares one. */
  readonly value?: number | undefined;
  readonly target?: string | undefined;
  readonly baseline?: number | undefined;
  readonly durationMs: number;
}

/** A merge conflict between an action's branch and the integration branch. */
export interface ConflictInfo {
  readonly files: readonly string[];
  /** Actions already merged whose changes to those files are on the integration branch. */
  readonly ours: readonly string[];
  /** The action whose branch did not merge. */
  readonly theirs: string;
}

/**
 * How an action's work was integrated. `merged`: a merge commit is on the integration branch. `nothing`: the
 * branch had nothing new (no changes, or merged before a crash). `conflict`: it did not merge. `failed`: git
 * itself failed (the reason says why); counted like a failed attempt.
 */
export type MergeOutcome = 'merged' | 'nothing' | 'conflict' | 'failed';

/**
 * The git side of a run (absent outside git, where every action runs in the target directory): the repository,
 * where the target directory is in it, the branch and commit the run started from, its integration branch.
 */
export interface RunWorkspace {
  readonly root: string;
  /** The target directory relative to `root` ('' for the top): attempts run in the same place of their worktree. */
  readonly prefix: string;
  /** The branch checked out when the run was created (`baton land` merges into it); `undefined` when detached. */
  readonly base: string | undefined;
  readonly baseCommit: string;
  readonly integration: string;
}

/** A node of the planned graph as recorded: its id and the ids of the nodes it waits for. */
export interface PlannedNode {
  readonly id: string;
  readonly preds: readonly string[];
}

export interface RunOptions {
  /** Global limit on attempts running at once. */
  readonly concurrency: number;
  readonly failFast: boolean;
  /** Approve every phase that asks for approval. */
  readonly yes: boolean;
  /** `--goal` facts, or the plan's goal, or its default. */
  readonly goal: readonly string[];
  /** Interchangeable workers replacing each agent's own limit (`simulate --agents N`); `null` = agents' limits. */
  readonly workers: number | null;
  /** First retry delay in milliseconds; it doubles with each retry. */
  readonly retryBackoffMs: number;
  /**
   * Which ready action starts first when a slot frees. `critical-path`: the highest bottom level (the longest
   * chain of work still behind it), then priority, then file order. `fifo`: the order in which actions became
   * ready, then file order; a baseline for bench/makespan. Optional so that runs stored before it existed replay.
   * @default 'critical-path'
   */
  readonly order?: 'critical-path' | 'fifo';
  /** Set when the target is in a git repository: attempts get worktrees and merge into the integration branch. */
  readonly workspace?: RunWorkspace;
  /** The command line's limits on the run, on top of the plan's `budget`. */
  readonly budget?: RunBudget;
}

export type EngineEvent =
  // decided by the core (or by `baton run` when it creates the run)
  | { readonly type: 'run.created'; readonly file: string; readonly planText: string; readonly options: RunOptions }
  | { readonly type: 'run.sensed'; readonly facts: readonly string[] }
  | {
      readonly type: 'run.planned';
      /** Planned action ids (gates left out), for the read models. */
      readonly actions: readonly string[];
      /** Every planned node, gates (`gate:<phase>`) included, with the nodes it waits for: replay needs no planner. */
      readonly nodes: readonly PlannedNode[];
      readonly skipped: readonly string[];
      readonly excluded: readonly string[];
    }
  | { readonly type: 'attempt.started'; readonly action: string; readonly attempt: number; readonly iteration: number }
  | { readonly type: 'retry.scheduled'; readonly action: string; readonly at: number }
  /** An action (or a gate, id `gate:<phase>`) failed for good: retries spent, or its gate or loop failed. */
  | { readonly type: 'action.failed'; readonly action: string; readonly reason: string }
  /** Will not run because something it waits for failed and no other path exists (or `--fail-fast`). */
  | { readonly type: 'action.cancelled'; readonly action: string; readonly reason: string }
  | { readonly type: 'gate.started'; readonly phase: string; readonly iteration: number }
  | { readonly type: 'loop.check'; readonly phase: string; readonly iteration: number }
  | { readonly type: 'loop.repeat'; readonly phase: string; readonly iteration: number }
  | { readonly type: 'phase.waiting'; readonly phase: string }
  | { readonly type: 'run.finished'; readonly status: 'succeeded' | 'failed'; readonly reason: string }
  /** Merge this attempt's branch into the integration branch; `prefer: 'branch'` settles conflicts its way (owner policy). */
  | { readonly type: 'merge.started'; readonly action: string; readonly attempt: number; readonly prefer?: 'branch' }
  /** After a conflict: the action runs again on the new integration tip (rebase policy, or the other side owns the files). */
  | { readonly type: 'conflict.rerun'; readonly action: string; readonly reason: string }
  /** After a conflict: the action's branch is merged again, its side winning (it owns the conflicting files). */
  | { readonly type: 'merge.retried'; readonly action: string; readonly prefer: 'branch'; readonly reason: string }
  /** A budget of the attempt's scope ran out while it ran: baton stops it, and it ends `over_budget`. */
  | { readonly type: 'budget.exceeded'; readonly action: string; readonly attempt: number; readonly reason: string }
  /** After a conflict: the action waits for a person (`baton resolve`). */
  | { readonly type: 'action.blocked'; readonly action: string; readonly reason: string }
  /** A done action runs again: a later merge overrode its changes (owner policy). */
  | { readonly type: 'action.reopened'; readonly action: string; readonly reason: string }
  // reported by drivers
  | { readonly type: 'attempt.spawned'; readonly action: string; readonly attempt: number; readonly pid: number; readonly log: string }
  | {
      readonly type: 'attempt.exited';
      readonly action: string;
      readonly attempt: number;
      readonly outcome: AttemptOutcome;
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly durationMs: number;
      readonly verify: readonly CheckResult[];
      /** The head of the attempt's branch once its work was committed (git workspaces). */
      readonly commit?: string;
      /** What the attempt spent (its agent's and its reviewer's), for AI agents. */
      readonly usage?: Usage;
      /** The reviewer's verdict, when the action has one and its work passed `verify`. */
      readonly review?: ReviewRecord;
      /** Recorded by a resume: baton last saw it running at this time (its budget is charged up to here). */
      readonly lostAt?: number;
    }
  /** An AI agent's usage so far, while it runs (cumulative): budgets are checked against it. */
  | { readonly type: 'attempt.usage'; readonly action: string; readonly attempt: number; readonly usage: Usage }
  | {
      readonly type: 'merge.finished';
      readonly action: string;
      readonly attempt: number;
      readonly result: MergeOutcome;
      /** The integration tip after the merge. */
      readonly commit?: string;
      /** Files the merge changed on the integration branch. */
      readonly files: readonly string[];
      readonly conflict?: ConflictInfo;
      /** Files where this branch's side replaced the integration's (owner policy). */
      readonly overridden?: readonly string[];
      /** The agent that resolved a conflicted merge (agent policy). */
      readonly resolvedBy?: string;
      readonly reason?: string;
    }
  /** The files two running attempts both changed, seen while they run: a conflict in the making. */
  | { readonly type: 'files.overlap'; readonly actions: readonly string[]; readonly files: readonly string[] }
  /** Files a running attempt changed outside its `files` leases. */
  | { readonly type: 'files.outside_lease'; readonly action: string; readonly files: readonly string[] }
  /** An attempt cannot start yet (too little free disk space); the reason says what to do. */
  | { readonly type: 'attempt.waiting'; readonly action: string; readonly attempt: number; readonly reason: string }
  | { readonly type: 'timer.fired'; readonly action: string }
  | {
      readonly type: 'gate.finished';
      readonly phase: string;
      readonly passed: boolean;
      readonly checks: readonly CheckResult[];
      /** The integration commit the checks ran on; tagged `baton/<run>/cp/<phase>` when they passed. */
      readonly commit?: string;
    }
  | { readonly type: 'loop.checked'; readonly phase: string; readonly holds: boolean }
  | { readonly type: 'phase.approved'; readonly phase: string; readonly by: string }
  /** A person fixed a blocked action's conflict (`baton resolve`): its branch is merged again. */
  | { readonly type: 'action.resolved'; readonly action: string; readonly by: string }
  /**
   * `baton rollback`: the integration branch went back to the checkpoint of `phase` (the old tip is kept under
   * `backup`); the actions and gates in `reset` run again when the run is resumed.
   */
  | {
      readonly type: 'run.rolled_back';
      readonly phase: string;
      readonly from: string;
      readonly to: string;
      readonly backup: string;
      readonly reset: readonly string[];
    }
  /** `baton land`: the integration branch was merged into `into`. */
  | { readonly type: 'run.landed'; readonly into: string; readonly commit: string; readonly mode: string }
  | { readonly type: 'run.interrupted'; readonly signal: string }
  | { readonly type: 'run.resumed'; readonly pid: number };

export type EventType = EngineEvent['type'];

/** An event as stored: with its run, its position in the run's log and when it was written. */
export interface StoredEvent {
  readonly run: string;
  /** 1, 2, 3 … within the run, without gaps. */
  readonly seq: number;
  /** Milliseconds since the epoch (or since the start, under the virtual clock). */
  readonly at: number;
  readonly event: EngineEvent;
}
