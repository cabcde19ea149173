/**
 * Opening the run database (`.baton/baton.db`): connection settings, schema migrations, the store over it.
 *
 * Durability: WAL with `synchronous = NORMAL`. A commit is in the WAL file (written, not yet fsynced) before
 * `append` returns, so killing baton at any instant — `kill -9` included — never loses a committed transaction
 * and never corrupts the file: the next open recovers from the WAL. What NORMAL gives up is the last commits
 * on an OS crash or power loss (the file stays consistent, but recent commits may be missing); that is out of
 * scope, and FULL, which fsyncs every commit, costs 6–8× on single-row transactions (BENCHMARKS.md, "Store").
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BatonError } from '../errors.js';
import { StoreMissingError, StoreUnavailableError } from './errors.js';
import type { DescribeAction } from './project.js';
import { migrate } from './schema.js';
import { openDatabase, type SqlDatabase } from './sqlite.js';
import { SqliteStore, type Store } from './store.js';

export interface OpenStoreOptions {
  /**
   * Open for reading only (status, reports): the file must exist, and writes through this store fail. A
   * database from an older baton is still migrated first, because this baton can only read the current schema.
   * @default false
   */
  readonly readonly?: boolean;
  /**
   * How long a write waits for another process's write (`baton approve` during a run) before failing with
   * SQLITE_BUSY. Writes are a few milliseconds each, so waiting is almost always enough.
   * @default 5000
   */
  readonly busyTimeoutMs?: number;
  /**
   * The default action lookup for every append through this store (a `baton run` or `resume` process drives one
   * run of one plan); an append's own `describeAction` overrides it. Without one, phase and agent stay null.
   */
  readonly describeAction?: DescribeAction;
}

export const DEFAULT_BUSY_TIMEOUT_MS = 5000;

/**
 * The pragmas set on every connection, in order. `busy_timeout` comes first so that the others wait for a busy
 * database instead of failing. Exported for the benchmark, which measures with exactly these.
 */
export function connectionPragmas(busyTimeoutMs: number = DEFAULT_BUSY_TIMEOUT_MS): readonly string[] {
  return [
    `PRAGMA busy_timeout = ${busyTimeoutMs}`,
    'PRAGMA journal_mode = WAL',
    'PRAGMA synchronous = NORMAL',
    'PRAGMA foreign_keys = ON',
  ];
}

/** Opens (creating it and its directory if needed) the run database at `file`, migrated to the current schema. */
export function openStore(file: string, options: OpenStoreOptions = {}): Store {
  const readonly = options.readonly ?? false;
  const busyTimeoutMs = checkBusyTimeout(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  if (readonly && !existsSync(file)) throw new StoreMissingError(file);
  if (!readonly) mkdirSync(dirname(file), { recursive: true });
  const db = openDatabase(file);
  try {
    prepare(db, file, busyTimeoutMs, readonly);
    return new SqliteStore(db, file, readonly, options.describeAction);
  } catch (error) {
    db.close();
    if (error instanceof BatonError) throw error;
    // Not a database, a damaged one, or one held by a writer for longer than busy_timeout.
    throw new StoreUnavailableError(file, error instanceof Error ? error.message : String(error), { cause: error });
  }
}

function prepare(db: SqlDatabase, file: string, busyTimeoutMs: number, readonly: boolean): void {
  for (const pragma of connectionPragmas(busyTimeoutMs)) db.exec(pragma);
  migrate(db, file);
  if (readonly) db.exec('PRAGMA query_only = ON');
}

function checkBusyTimeout(value: number): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`busyTimeoutMs: expected a whole number of milliseconds >= 0, got ${value}`);
  }
  return value;
}
