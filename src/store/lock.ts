/**
 * The run lock: at most one baton process drives a run at a time (`baton run`, or `baton resume` after a crash).
 * It is a row in the database, not a lock file, so it is taken in the same place and transaction discipline as
 * everything else. A lock whose process has died — `kill -9`, a crash, a reboot — is stale and is taken over,
 * so a dead baton never blocks `baton resume`; telling "died" from "pid reused" is process-identity.ts's job.
 *
 * The lock guards who drives the run; it does not gate appends: `baton approve` appends `phase.approved` to a
 * locked run from another process, and append's own transaction keeps that safe.
 */
import { hostname } from 'node:os';
import { UnknownRunError } from './errors.js';
import { identify, isRunning, type ProcessIdentity } from '../process/process-identity.js';
import { int, text, textOrNull } from './rows.js';
import { immediate, type SqlDatabase, type SqlRow, type SqlStatement } from './sqlite.js';

/** A lock this process holds. Release it before closing the store. */
export interface Lock {
  readonly run: string;
  readonly pid: number;
  readonly startTime: string | null;
  readonly acquiredAt: number;
  /** Gives the lock up, if it is still ours (idempotent). */
  release(): void;
}

/** Someone else holds the lock: which process, on which machine, since when. */
export interface LockHeld {
  readonly heldBy: number;
  readonly host: string;
  readonly since: number;
}

export class RunLocks {
  private readonly runExists: SqlStatement;
  private readonly select: SqlStatement;
  private readonly upsert: SqlStatement;
  private readonly remove: SqlStatement;

  constructor(
    private readonly db: SqlDatabase,
    /** Locks from other hosts (a database on a shared disk) cannot be checked, so they are never stale. */
    private readonly host: string = hostname(),
  ) {
    this.runExists = db.prepare('SELECT 1 AS found FROM runs WHERE id = ?');
    this.select = db.prepare('SELECT pid, host, start_time, acquired_at FROM locks WHERE run = ?');
    this.upsert = db.prepare(
      `INSERT INTO locks (run, pid, host, start_time, acquired_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (run) DO UPDATE SET
         pid = excluded.pid, host = excluded.host, start_time = excluded.start_time, acquired_at = excluded.acquired_at`,
    );
    this.remove = db.prepare('DELETE FROM locks WHERE run = ? AND pid = ? AND host = ? AND start_time IS ?');
  }

  /**
   * Takes the lock on `run` for process `pid`, unless a live process holds it. Read and write happen in one
   * `BEGIN IMMEDIATE` transaction, so two processes racing for a free or stale lock cannot both win.
   * Not re-entrant: a process that holds the lock is refused a second time.
   */
  acquire(run: string, pid: number = process.pid): Lock | LockHeld {
    const me = identify(pid);
    const acquiredAt = Date.now();
    const held = immediate(this.db, () => {
      if (this.runExists.get(run) === undefined) throw new UnknownRunError(run);
      const row = this.select.get(run);
      if (row !== undefined && this.isHeld(row)) return toHeld(row);
      this.upsert.run(run, me.pid, this.host, me.startTime, acquiredAt);
      return undefined;
    });
    return held ?? this.lock(run, me, acquiredAt);
  }

  private isHeld(row: SqlRow): boolean {
    if (text(row, 'host') !== this.host) return true;
    return isRunning({ pid: int(row, 'pid'), startTime: textOrNull(row, 'start_time') });
  }

  private lock(run: string, me: ProcessIdentity, acquiredAt: number): Lock {
    let released = false;
    return {
      run,
      pid: me.pid,
      startTime: me.startTime,
      acquiredAt,
      release: () => {
        if (released) return;
        this.remove.run(run, me.pid, this.host, me.startTime);
        released = true;
      },
    };
  }
}

function toHeld(row: SqlRow): LockHeld {
  return { heldBy: int(row, 'pid'), host: text(row, 'host'), since: int(row, 'acquired_at') };
}
