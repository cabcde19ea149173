/**
 * What the runner needs from the world, as interfaces the engine owns: drivers depend on these types, never the
 * other way round. `baton run` plugs in shell processes; worktrees and AI agents plug in here later.
 */
import type { Action, ConflictRule, Phase, WorkspaceMode } from '../plan/model.js';
import type { Remaining } from './budget.js';
import type { AttemptOutcome, CheckResult, ConflictInfo, EngineEvent, ReviewRecord, StoredEvent, Usage } from './events.js';

/** The abort reason of an attempt that baton stops because a budget of its scope ran out. */
export const OVER_BUDGET = 'over_budget';

/**
 * An attempt stopped because its budget ran out ended `over_budget`, unless it finished first. Drivers apply it
 * (so their own records agree), and the runner for drivers that do not.
 */
export function overBudgetIfStopped<T extends { readonly outcome: AttemptOutcome }>(result: T, signal: AbortSignal): T {
  const stopped = signal.reason === OVER_BUDGET && result.outcome !== 'succeeded' && result.outcome !== 'changes_requested';
  return stopped ? { ...result, outcome: 'over_budget' } : result;
}

export interface AttemptRequest {
  readonly run: string;
  readonly action: Action;
  readonly attempt: number;
  readonly iteration: number;
  /** Where the attempt's stdout and stderr go. */
  readonly logFile: string;
  /** Stops the attempt: its whole process group. */
  readonly signal: AbortSignal;
  /** Reports the process id as soon as it exists, so a crash cannot lose it. */
  readonly onSpawn: (pid: number) => void;
  /** Where it runs: a fresh worktree, the agent's track, or the target directory. */
  readonly mode: WorkspaceMode;
  /** The conflict that made this a rerun, for the attempt's context. */
  readonly conflict?: ConflictInfo | undefined;
  /** Reports an AI agent's usage so far (cumulative), so budgets are checked while it runs. */
  readonly onUsage?: (usage: Usage) => void;
  /** What the attempt may still spend when it starts (the tightest of its scopes), for its prompt. */
  readonly budget?: Remaining;
  /** The review that sent its last attempt back: it is in the prompt, and the work continues from `revise`. */
  readonly review?: ReviewRecord | undefined;
  /** The commit the reviewed work is on: the attempt starts from it instead of the integration tip. */
  readonly revise?: string | undefined;
  /** The round of review its result will get (1 for the first review). */
  readonly reviewRound?: number;
  /** The actions it waits for directly: their handoffs go into its prompt. */
  readonly dependencies?: readonly string[];
}

/**
 * How an attempt ended, as the drivers report it: the `attempt.exited` event without its action and attempt,
 * which the runner adds. (`verify`: the action's checks, run by baton after the attempt succeeded; `commit`: the
 * head of the attempt's branch once its work was committed, in git.)
 */
export type AttemptResult = Omit<Extract<EngineEvent, { type: 'attempt.exited' }>, 'type' | 'action' | 'attempt'>;

export interface GateResult {
  readonly checks: readonly CheckResult[];
  /** The integration commit the checks ran on (git workspaces). */
  readonly commit?: string;
}

export interface MergeRequest {
  readonly run: string;
  readonly action: Action;
  readonly attempt: number;
  /** The commit the attempt left; `undefined` for runs recorded before it was (its branch tip is merged). */
  readonly commit: string | undefined;
  /** Settle conflicts with this branch's side (owner policy). */
  readonly prefer?: 'branch';
  /** The phase's conflict rule: with policy `agent`, the driver starts the resolver on a conflict. */
  readonly rule: ConflictRule;
  readonly signal: AbortSignal;
}

/** What a merge came to: the `merge.finished` event without its action and attempt, which the runner adds. */
export type MergeResult = Omit<Extract<EngineEvent, { type: 'merge.finished' }>, 'type' | 'action' | 'attempt'>;

export interface GateRequest {
  readonly run: string;
  readonly phase: Phase;
  readonly iteration: number;
  readonly signal: AbortSignal;
}

export interface Drivers {
  startAttempt(request: AttemptRequest): Promise<AttemptResult>;
  runGate(request: GateRequest): Promise<GateResult>;
  /** Merges an attempt's branch into the integration branch; only called for runs in git. */
  merge?(request: MergeRequest): Promise<MergeResult>;
  /**
   * Gives the drivers a way to report what they see on their own (files changed by two running attempts, an
   * attempt waiting for disk space). Called once, before anything starts.
   */
  attach?(report: (event: EngineEvent) => void): void;
  /**
   * Runs a sensor and says whether its fact holds. With `phase` (a loop's `until`), it looks at the work as
   * merged so far: in git, a checkout of the integration tip.
   */
  sense(fact: string, signal: AbortSignal, phase?: string): Promise<boolean>;
  /**
   * Stops at once (SIGKILL) whatever the drivers still run, and releases what they hold (long-lived launchers).
   * Called when the run stops, and on a second Ctrl-C.
   */
  close?(): void;
}

/** The durable log of runs, as the runner uses it (src/store implements it). */
export interface RunLog {
  /** Appends events in one transaction and returns them as stored. */
  append(run: string, events: readonly EngineEvent[], at: number): readonly StoredEvent[];
  /** Events of a run after `afterSeq`, in order. */
  events(run: string, afterSeq?: number): readonly StoredEvent[];
}

/** Receives every event as it is stored, for what people see (live view, plain lines, JSON lines). */
export type Observer = (stored: StoredEvent) => void;
