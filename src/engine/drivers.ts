/**
 * What the runner needs from the world, as interfaces the engine owns: drivers depend on these types, never the
 * other way round. `baton run` plugs in shell processes; worktrees and AI agents plug in here later.
 */
import type { Action, Phase } from '../plan/model.js';
import type { AttemptOutcome, CheckResult, EngineEvent, StoredEvent } from './events.js';

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
}

export interface AttemptResult {
  readonly outcome: AttemptOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  /** The action's `verify` commands, run by baton after the attempt succeeded. */
  readonly verify: readonly CheckResult[];
}

export interface GateRequest {
  readonly run: string;
  readonly phase: Phase;
  readonly iteration: number;
  readonly signal: AbortSignal;
}

export interface Drivers {
  startAttempt(request: AttemptRequest): Promise<AttemptResult>;
  runGate(request: GateRequest): Promise<readonly CheckResult[]>;
  /** Runs a sensor and says whether its fact holds. */
  sense(fact: string, signal: AbortSignal): Promise<boolean>;
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
