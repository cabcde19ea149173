/**
 * The read models as the rest of baton sees them, and their mapping from SQL rows. Each column is read through a
 * checked helper, so a row that does not match the schema fails loudly here instead of leaking `unknown` into
 * the report or the CLI.
 */
import type { AttemptOutcome, RunStatus } from '../engine/events.js';
import type { SqlRow } from './sqlite.js';

/** A run's status: `created` until its `run.created` event is stored, then the {@link RunStatus} of its events. */
export type RunState = 'created' | RunStatus;

/**
 * Where an action stands. `pending`: planned, not started. `retrying`: failed, a retry is scheduled.
 * `skipped`: its facts held at the start. `dropped`: a replan left it out. `interrupted`: baton stopped while it
 * ran; a resume starts it again. `merging`: its attempt succeeded, its branch waits for (or is in) its merge into the
 * integration branch. `blocked`: its merge conflicted and waits for `baton resolve`.
 */
export type ActionState =
  | 'pending'
  | 'running'
  | 'retrying'
  | 'done'
  | 'failed'
  | 'cancelled'
  | 'skipped'
  | 'dropped'
  | 'interrupted'
  | 'merging'
  | 'blocked';

/** An attempt is `running` until it ends; then its state is its outcome. */
export type AttemptState = 'running' | AttemptOutcome;

export interface RunRow {
  readonly id: string;
  readonly createdAt: number;
  /** When the last event was appended. */
  readonly updatedAt: number;
  readonly file: string;
  readonly status: RunState;
  /** The goal facts, once `run.created` is stored. */
  readonly goal: readonly string[] | null;
  /** Why it finished, or the signal that interrupted it. */
  readonly reason: string | null;
}

export interface ActionRow {
  readonly run: string;
  readonly id: string;
  /** Null when the events were appended without an action lookup (see `AppendOptions.describeAction`). */
  readonly phase: string | null;
  readonly agent: string | null;
  readonly state: ActionState;
  /** The number of the latest attempt started (0: never started). */
  readonly attempts: number;
  readonly updatedAt: number;
}

export interface AttemptRow {
  readonly run: string;
  readonly action: string;
  readonly attempt: number;
  readonly state: AttemptState;
  readonly pid: number | null;
  readonly log: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly outcome: AttemptOutcome | null;
  /** What an AI agent's attempt spent so far (0 for shell attempts). */
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** `null` when the CLI reported no cost and the agent has no `price`. */
  readonly costUsd: number | null;
}

export function toRunRow(row: SqlRow): RunRow {
  const goal = textOrNull(row, 'goal');
  return {
    id: text(row, 'id'),
    createdAt: int(row, 'created_at'),
    updatedAt: int(row, 'updated_at'),
    file: text(row, 'file'),
    status: text(row, 'status') as RunState,
    goal: goal === null ? null : (JSON.parse(goal) as string[]),
    reason: textOrNull(row, 'reason'),
  };
}

export function toActionRow(row: SqlRow): ActionRow {
  return {
    run: text(row, 'run'),
    id: text(row, 'id'),
    phase: textOrNull(row, 'phase'),
    agent: textOrNull(row, 'agent'),
    state: text(row, 'state') as ActionState,
    attempts: int(row, 'attempts'),
    updatedAt: int(row, 'updated_at'),
  };
}

export function toAttemptRow(row: SqlRow): AttemptRow {
  return {
    run: text(row, 'run'),
    action: text(row, 'action'),
    attempt: int(row, 'attempt'),
    state: text(row, 'state') as AttemptState,
    pid: intOrNull(row, 'pid'),
    log: textOrNull(row, 'log'),
    startedAt: int(row, 'started_at'),
    endedAt: intOrNull(row, 'ended_at'),
    exitCode: intOrNull(row, 'exit_code'),
    signal: textOrNull(row, 'signal'),
    outcome: textOrNull(row, 'outcome') as AttemptOutcome | null,
    inputTokens: int(row, 'input_tokens'),
    outputTokens: int(row, 'output_tokens'),
    costUsd: realOrNull(row, 'cost_usd'),
  };
}

/** Reads a TEXT column. The state columns' CHECK constraints already hold them to their unions. */
export function text(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw columnError(column, 'text', value);
  return value;
}

export function textOrNull(row: SqlRow, column: string): string | null {
  return row[column] === null ? null : text(row, column);
}

export function int(row: SqlRow, column: string): number {
  const value = row[column];
  if (typeof value !== 'number' || !Number.isInteger(value)) throw columnError(column, 'an integer', value);
  return value;
}

export function intOrNull(row: SqlRow, column: string): number | null {
  return row[column] === null ? null : int(row, column);
}

export function realOrNull(row: SqlRow, column: string): number | null {
  const value = row[column];
  if (value === null) return null;
  if (typeof value !== 'number') throw columnError(column, 'a number', value);
  return value;
}

function columnError(column: string, expected: string, value: unknown): Error {
  return new TypeError(`store: column ${column}: expected ${expected}, got ${JSON.stringify(value) ?? typeof value}`);
}
