/**
 * Telling whether a process that once took a lock is still that process. A pid alone is not enough: after a
 * crash the pid may be reused by an unrelated process. On Linux the process's start time (field 22 of
 * /proc/<pid>/stat, in clock ticks since boot) tells them apart; elsewhere only "a process with this pid exists"
 * can be known, which errs on the side of refusing.
 */
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  readonly pid: number;
  /** Null where /proc is not available. */
  readonly startTime: string | null;
}

export interface ProcStat {
  /** R, S, D, Z (zombie), X (dead), … */
  readonly state: string;
  /** The process group. */
  readonly group: number;
  readonly startTime: string;
}

/** The identity of a live process (this one by default). */
export function identify(pid: number = process.pid): ProcessIdentity {
  return { pid, startTime: readProcStat(pid)?.startTime ?? null };
}

/** True while the process that had `identity` is running: not gone, not a zombie, and not a reuse of its pid. */
export function isRunning(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid);
  if (stat === undefined) return pidExists(identity.pid);
  if (stat === null || stat.state === 'Z' || stat.state === 'X') return false;
  return identity.startTime === null || identity.startTime === stat.startTime;
}

/**
 * Reads /proc/<pid>/stat. Returns null when the process does not exist and undefined when this system has no
 * /proc.
 */
export function readProcStat(pid: number): ProcStat | null | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return hasProc() ? null : undefined;
  }
  return parseProcStat(text);
}

/**
 * Field 2 (the command name) is in parentheses and may itself hold spaces and parentheses, so fields are
 * counted from the last `)`: after ") ", field 3 (state) is at index 0, field 5 (pgrp) at index 2 and field 22
 * (starttime) at index 19.
 */
export function parseProcStat(text: string): ProcStat | null {
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const group = Number(fields[2]);
  const startTime = fields[19];
  if (state === undefined || startTime === undefined || !/^\d+$/.test(startTime) || !Number.isInteger(group)) return null;
  return { state, group, startTime };
}

let procAvailable: boolean | undefined;

function hasProc(): boolean {
  if (procAvailable !== undefined) return procAvailable;
  try {
    readFileSync('/proc/self/stat', 'utf8');
    procAvailable = true;
  } catch {
    procAvailable = false;
  }
  return procAvailable;
}

/** Signal 0 checks existence without sending anything; EPERM means it exists but belongs to another user. */
function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
