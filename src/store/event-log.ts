/**
 * The event log: appending a batch of events (with their projection) in one transaction, and reading them back in
 * order for the engine to replay.
 */
import { EVENT_SCHEMA_VERSION, type EngineEvent, type StoredEvent } from '../engine/events.js';
import { StoreVersionError, UnknownRunError } from './errors.js';
import { project, type DescribeAction } from './project.js';
import type { ReadModels } from './read-models.js';
import { int, text } from './rows.js';
import { immediate, type SqlDatabase, type SqlRow, type SqlStatement } from './sqlite.js';

export interface AppendOptions {
  /** Fills the read models' phase and agent columns; see {@link DescribeAction}. Overrides the store's. */
  readonly describeAction?: DescribeAction | undefined;
}

export class EventLog {
  private readonly runExists: SqlStatement;
  private readonly lastSeq: SqlStatement;
  private readonly insert: SqlStatement;
  private readonly select: SqlStatement;

  constructor(
    private readonly db: SqlDatabase,
    private readonly models: ReadModels,
    private readonly file: string,
    private readonly describeAction: DescribeAction | undefined,
  ) {
    this.runExists = db.prepare('SELECT 1 AS found FROM runs WHERE id = ?');
    this.lastSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE run = ?');
    this.insert = db.prepare(
      'INSERT INTO events (run, seq, at, type, schema_version, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.select = db.prepare(
      'SELECT seq, at, type, schema_version, data FROM events WHERE run = ? AND seq > ? ORDER BY seq',
    );
  }

  /**
   * Stores `events` after the run's last one, numbered on, and projects each into the read models, all in one
   * transaction: either every event and its projection is committed, or (on any exception) none is.
   */
  append(run: string, events: readonly EngineEvent[], at: number, options: AppendOptions = {}): StoredEvent[] {
    return immediate(this.db, () => {
      if (this.runExists.get(run) === undefined) throw new UnknownRunError(run);
      let seq = int(this.lastSeq.get(run) ?? {}, 'seq');
      const stored = events.map((event): StoredEvent => ({ run, seq: ++seq, at, event }));
      for (const { event, seq: n } of stored) {
        this.insert.run(run, n, at, event.type, EVENT_SCHEMA_VERSION, JSON.stringify(event));
        project(this.models, run, event, at, options.describeAction ?? this.describeAction);
      }
      if (stored.length > 0) this.models.touchRun(run, at);
      return stored;
    });
  }

  /** The run's events after `afterSeq`, in order: one statement, so one consistent snapshot. */
  events(run: string, afterSeq = 0): StoredEvent[] {
    return this.select.all(run, afterSeq).map((row) => this.decode(run, row));
  }

  /**
   * Events are stored as their JSON, with the version of their shape. One from a newer baton is refused rather
   * than replayed wrongly; when a shape changes, the upgrade of older events goes here.
   */
  private decode(run: string, row: SqlRow): StoredEvent {
    const version = int(row, 'schema_version');
    if (version > EVENT_SCHEMA_VERSION) {
      throw new StoreVersionError(this.file, 'event', version, EVENT_SCHEMA_VERSION);
    }
    // Written by append above from an EngineEvent of this schema version.
    const event = JSON.parse(text(row, 'data')) as EngineEvent;
    return { run, seq: int(row, 'seq'), at: int(row, 'at'), event };
  }
}
