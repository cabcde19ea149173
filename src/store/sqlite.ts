/**
 * The one file that knows which SQLite binding baton uses (libsql; DESIGN.md, "Store", says why). The rest of the
 * store talks to the small {@link SqlDatabase} interface below, which better-sqlite3, libsql and Node's own
 * `node:sqlite` (Node ≥ 22.5) all satisfy almost as they are, so swapping the binding touches this file only.
 */
import { createRequire } from 'node:module';
import type LibsqlDatabase from 'libsql';
import { StoreUnavailableError } from './errors.js';

/** A value SQLite stores. Integers come back as JS numbers (safe up to 2^53, far beyond any seq or time here). */
export type SqlValue = string | number | null;

/** A row as the binding returns it: read columns through the helpers in rows.ts, never by spreading it. */
export type SqlRow = Readonly<Record<string, unknown>>;

export interface SqlStatement {
  run(...params: SqlValue[]): { readonly changes: number };
  get(...params: SqlValue[]): SqlRow | undefined;
  all(...params: SqlValue[]): SqlRow[];
}

export interface SqlDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  readonly inTransaction: boolean;
  close(): void;
}

type LibsqlConstructor = typeof LibsqlDatabase;

let binding: LibsqlConstructor | undefined;

/**
 * Loads the native binding on first use, not at import: commands that never open the database (`baton plan`,
 * `baton validate`) keep working on a platform without a prebuilt binary, and the one that needs it says so.
 */
function loadBinding(file: string): LibsqlConstructor {
  if (binding !== undefined) return binding;
  try {
    binding = createRequire(import.meta.url)('libsql') as LibsqlConstructor;
    return binding;
  } catch (cause) {
    throw new StoreUnavailableError(
      file,
      `the SQLite binding (libsql) could not be loaded on ${process.platform}-${process.arch}`,
      { cause },
    );
  }
}

/** Opens (creating if needed) the SQLite file. Pragmas and schema are the caller's (open.ts). */
export function openDatabase(file: string): SqlDatabase {
  const Database = loadBinding(file);
  try {
    return new Database(file) as unknown as SqlDatabase;
  } catch (cause) {
    throw new StoreUnavailableError(file, describe(cause), { cause });
  }
}

/**
 * Runs `body` in a `BEGIN IMMEDIATE` transaction: the write lock is taken first, so what the body reads (the last
 * seq, a lock row) cannot change under it, and a writer waiting for another process waits in `busy_timeout`
 * instead of failing on a stale read snapshot. Any exception rolls everything back and is rethrown.
 * Not re-entrant: the store never nests transactions.
 */
export function immediate<T>(db: SqlDatabase, body: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    // SQLite may already have rolled back (some errors end the transaction themselves).
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
