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

/** How an attempt ended. `interrupted`: baton stopped or died while it ran. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'timed_out' | 'verify_failed' | 'interrupted';

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
    }
  | { readonly type: 'timer.fired'; readonly action: string }
  | { readonly type: 'gate.finished'; readonly phase: string; readonly passed: boolean; readonly checks: readonly CheckResult[] }
  | { readonly type: 'loop.checked'; readonly phase: string; readonly holds: boolean }
  | { readonly type: 'phase.approved'; readonly phase: string; readonly by: string }
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
