/**
 * The store: a run's durable record. The events are the truth (the engine replays them to resume); the read models
 * (`runs`, `actions`, `attempts`) are their projection, updated in the same transaction, for status and reports.
 * The SQLite binding stays behind sqlite.ts, so this interface does not change when it does.
 */
import type { EngineEvent, StoredEvent } from '../engine/events.js';
import { RunExistsError } from './errors.js';
import { EventLog, type AppendOptions } from './event-log.js';
import { RunLocks, type Lock, type LockHeld } from './lock.js';
import { Queries } from './queries.js';
import { ReadModels } from './read-models.js';
import type { DescribeAction } from './project.js';
import type { ActionRow, AttemptRow, RunRow } from './rows.js';
import { immediate, type SqlDatabase } from './sqlite.js';

export interface Store {
  readonly file: string;
  readonly readonly: boolean;
  /** Registers a run (state `created`) so its events can be appended. Refuses an id already taken. */
  createRun(id: string, file: string, at: number): void;
  /**
   * Appends events to a run in one transaction: numbers them on from the run's last seq, stores them with
   * `EVENT_SCHEMA_VERSION`, projects them into the read models. All or nothing. `at` is their time.
   */
  append(run: string, events: readonly EngineEvent[], at: number, options?: AppendOptions): StoredEvent[];
  /** The run's events with seq > `afterSeq`, in seq order: what the engine replays. */
  events(run: string, afterSeq?: number): StoredEvent[];
  /** Every run, newest first. */
  runs(): RunRow[];
  run(id: string): RunRow | undefined;
  /** The newest run: what `baton status` and `baton resume` mean without a run id. */
  latestRun(): RunRow | undefined;
  /** The run's actions, by id. */
  actions(run: string): ActionRow[];
  /** The run's attempts in the order they started, or one action's by attempt number. */
  attempts(run: string, action?: string): AttemptRow[];
  /** Takes the run lock for `pid`, or says who holds it; see lock.ts. */
  acquireLock(run: string, pid?: number): Lock | LockHeld;
  /** Closes the database. Idempotent. */
  close(): void;
}

/** {@link Store} over one SQLite connection, set up and migrated by `openStore`. */
export class SqliteStore implements Store {
  private readonly log: EventLog;
  private readonly queries: Queries;
  private readonly locks: RunLocks;
  private closed = false;

  constructor(
    private readonly db: SqlDatabase,
    readonly file: string,
    readonly readonly: boolean,
    describeAction?: DescribeAction,
  ) {
    this.log = new EventLog(db, new ReadModels(db), file, describeAction);
    this.queries = new Queries(db);
    this.locks = new RunLocks(db);
  }

  createRun(id: string, file: string, at: number): void {
    immediate(this.db, () => {
      if (this.queries.run(id) !== undefined) throw new RunExistsError(id);
      this.db
        .prepare(`INSERT INTO runs (id, created_at, updated_at, file, status) VALUES (?, ?, ?, ?, 'created')`)
        .run(id, at, at, file);
    });
  }

  append(run: string, events: readonly EngineEvent[], at: number, options?: AppendOptions): StoredEvent[] {
    return this.log.append(run, events, at, options);
  }

  events(run: string, afterSeq = 0): StoredEvent[] {
    return this.log.events(run, afterSeq);
  }

  runs(): RunRow[] {
    return this.queries.runs();
  }

  run(id: string): RunRow | undefined {
    return this.queries.run(id);
  }

  latestRun(): RunRow | undefined {
    return this.queries.latestRun();
  }

  actions(run: string): ActionRow[] {
    return this.queries.actions(run);
  }

  attempts(run: string, action?: string): AttemptRow[] {
    return this.queries.attempts(run, action);
  }

  acquireLock(run: string, pid?: number): Lock | LockHeld {
    return this.locks.acquire(run, pid);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
