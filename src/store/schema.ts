/**
 * The database schema as an ordered list of migrations. `PRAGMA user_version` holds the number of migrations
 * applied; opening a database applies the missing ones, in order, in one transaction, so a database is always at
 * one known version. A migration, once released, is never edited: a change is a new migration at the end.
 */
import { StoreVersionError } from './errors.js';
import { immediate, type SqlDatabase } from './sqlite.js';

const RUN_STATES = `'created', 'running', 'succeeded', 'failed', 'interrupted'`;
const ACTION_STATES_1 = `'pending', 'running', 'retrying', 'done', 'failed', 'cancelled', 'skipped', 'dropped', 'interrupted'`;
/** Version 2 adds the states of git integration: waiting for or in a merge, and blocked on a conflict. */
const ACTION_STATES = `${ACTION_STATES_1}, 'merging', 'blocked'`;
const OUTCOMES_1 = `'succeeded', 'failed', 'timed_out', 'verify_failed', 'interrupted'`;
/** Version 3 adds the outcomes of AI agents: stopped over budget, and work a reviewer sent back. */
const OUTCOMES = `${OUTCOMES_1}, 'over_budget', 'changes_requested'`;

/**
 * Migration n (1-based) takes a database from version n - 1 to n. Tables are STRICT (a wrong type is an error,
 * not a silent conversion) and keyed by their natural keys (WITHOUT ROWID where the key is the access path).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    id         TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    file       TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN (${RUN_STATES})),
    goal       TEXT CHECK (goal IS NULL OR json_valid(goal)),
    reason     TEXT
  ) STRICT;
  CREATE INDEX runs_newest_first ON runs (created_at DESC, id DESC);

  CREATE TABLE events (
    run            TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    type           TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT NOT NULL CHECK (json_valid(data)),
    PRIMARY KEY (run, seq)
  ) STRICT, WITHOUT ROWID;
  -- The log is the truth the engine replays: the database itself refuses a gap, a reordering or an edit.
  CREATE TRIGGER events_gapless BEFORE INSERT ON events
  WHEN NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE run = NEW.run)
  BEGIN SELECT RAISE(ABORT, 'events: seq must be one more than the last seq of its run'); END;
  CREATE TRIGGER events_append_only BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;

  CREATE TABLE actions (
    run        TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    phase      TEXT,
    agent      TEXT,
    state      TEXT NOT NULL CHECK (state IN (${ACTION_STATES_1})),
    attempts   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (run, id)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE attempts (
    run        TEXT NOT NULL,
    action     TEXT NOT NULL,
    attempt    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('running', ${OUTCOMES_1})),
    pid        INTEGER,
    log        TEXT,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    exit_code  INTEGER,
    signal     TEXT,
    outcome    TEXT CHECK (outcome IS NULL OR outcome IN (${OUTCOMES_1})),
    PRIMARY KEY (run, action, attempt),
    FOREIGN KEY (run, action) REFERENCES actions (run, id) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE locks (
    run         TEXT PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    pid         INTEGER NOT NULL,
    host        TEXT NOT NULL,
    start_time  TEXT,
    acquired_at INTEGER NOT NULL
  ) STRICT;
  `,
  // 2: new action states. SQLite cannot alter a CHECK, so both tables are rebuilt: dropping `actions` while
  // `attempts` still referenced it would cascade-delete the attempts, so they are copied first, the old tables
  // dropped child first, and the copies renamed (which repoints the foreign key).
  `
  CREATE TABLE actions_v2 (
    run        TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    phase      TEXT,
    agent      TEXT,
    state      TEXT NOT NULL CHECK (state IN (${ACTION_STATES})),
    attempts   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (run, id)
  ) STRICT, WITHOUT ROWID;
  INSERT INTO actions_v2 SELECT run, id, phase, agent, state, attempts, updated_at FROM actions;
  CREATE TABLE attempts_v2 (
    run        TEXT NOT NULL,
    action     TEXT NOT NULL,
    attempt    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('running', ${OUTCOMES_1})),
    pid        INTEGER,
    log        TEXT,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER,
    exit_code  INTEGER,
    signal     TEXT,
    outcome    TEXT CHECK (outcome IS NULL OR outcome IN (${OUTCOMES_1})),
    PRIMARY KEY (run, action, attempt),
    FOREIGN KEY (run, action) REFERENCES actions_v2 (run, id) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID;
  INSERT INTO attempts_v2 SELECT run, action, attempt, state, pid, log, started_at, ended_at, exit_code, signal, outcome FROM attempts;
  DROP TABLE attempts;
  DROP TABLE actions;
  ALTER TABLE actions_v2 RENAME TO actions;
  ALTER TABLE attempts_v2 RENAME TO attempts;
  `,
  // 3: the outcomes of AI agents, and what each attempt spent (tokens, cost). Only `attempts` is rebuilt: it is
  // the child, so nothing cascades.
  `
  CREATE TABLE attempts_v3 (
    run           TEXT NOT NULL,
    action        TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('running', ${OUTCOMES})),
    pid           INTEGER,
    log           TEXT,
    started_at    INTEGER NOT NULL,
    ended_at      INTEGER,
    exit_code     INTEGER,
    signal        TEXT,
    outcome       TEXT CHECK (outcome IS NULL OR outcome IN (${OUTCOMES})),
    input_tokens  INTEGER NOT NULL DEFAULT 0,
    output_tokens INTEGER NOT NULL DEFAULT 0,
    cost_usd      REAL,
    PRIMARY KEY (run, action, attempt),
    FOREIGN KEY (run, action) REFERENCES actions (run, id) ON DELETE CASCADE
  ) STRICT, WITHOUT ROWID;
  INSERT INTO attempts_v3 (run, action, attempt, state, pid, log, started_at, ended_at, exit_code, signal, outcome)
    SELECT run, action, attempt, state, pid, log, started_at, ended_at, exit_code, signal, outcome FROM attempts;
  DROP TABLE attempts;
  ALTER TABLE attempts_v3 RENAME TO attempts;
  `,
];

/** The schema version this baton writes and reads. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The database's schema version (0 for a new, empty file). */
export function schemaVersion(db: SqlDatabase): number {
  const value = db.prepare('PRAGMA user_version').get()?.['user_version'];
  return typeof value === 'number' ? value : 0;
}

/**
 * Brings the database to {@link SCHEMA_VERSION}. The version is read again inside the write transaction, so two
 * processes opening a new database at once apply each migration once. A database from a newer baton is refused.
 */
export function migrate(db: SqlDatabase, file: string): void {
  const seen = schemaVersion(db);
  if (seen > SCHEMA_VERSION) throw new StoreVersionError(file, 'schema', seen, SCHEMA_VERSION);
  if (seen === SCHEMA_VERSION) return;
  immediate(db, () => {
    const current = schemaVersion(db);
    if (current > SCHEMA_VERSION) throw new StoreVersionError(file, 'schema', current, SCHEMA_VERSION);
    for (let version = current + 1; version <= SCHEMA_VERSION; version++) {
      db.exec(MIGRATIONS[version - 1] ?? '');
    }
    // PRAGMA takes no parameters; the value is an integer we computed.
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  });
}
