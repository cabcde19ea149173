/**
 * Processes a crashed baton left behind. Attempts run in process groups of their own, so when baton dies
 * (kill -9) they go on. On resume they are found — by the pids the log recorded, and by the `BATON_RUN`
 * marker in their environment (which also finds one that was spawned just before the crash, before its pid
 * reached the log) — and their groups are stopped before the attempts run again.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { readProcStat } from './process-identity.js';
import { signalGroup } from './signal-group.js';

/** Pids (on Linux, from /proc) whose environment has `BATON_RUN=<run>`. Empty where /proc is not there. */
export function processesOfRun(run: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const marker = `BATON_RUN=${run}`;
  const pids: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone, or not ours to read.
    }
  }
  return pids;
}

/**
 * Live members of a process group (zombies do not count: they have ended, only their parent has not reaped them,
 * and where pid 1 does not reap, they stay). Empty where /proc is not there.
 */
export function groupMembers(group: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProcStat(Number(entry));
    if (stat && stat.group === group && stat.state !== 'Z' && stat.state !== 'X') members.push(Number(entry));
  }
  return members;
}

/** Waits until no live process is left in `group`, or `timeoutMs` passed; says whether it is empty. */
export async function waitForGroupGone(group: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (groupMembers(group).length === 0) return true;
    if (Date.now() >= deadline) return false;
    await sleep(20);
  }
}


/** The process group of a pid, or `undefined` when the process is gone. */
function groupOf(pid: number): number | undefined {
  return readProcStat(pid)?.group;
}

/**
 * Stops the process groups of `pids` that still belong to `run`: SIGTERM, then SIGKILL after `graceMs`.
 * Returns the groups that were signalled.
 */
export async function stopLeftovers(run: string, recorded: readonly number[], graceMs = 3000): Promise<number[]> {
  const ours = new Set(processesOfRun(run));
  // A recorded pid counts only if it still carries the run's marker: the number may belong to someone else now.
  const groups = new Set([...ours].map(groupOf).filter((g): g is number => g !== undefined && g > 1));
  for (const pid of recorded) if (ours.has(pid)) groups.add(groupOf(pid) ?? pid);
  // Never our own group (a baton started from inside an attempt inherits the marker).
  groups.delete(groupOf(process.pid) ?? -1);
  for (const group of groups) signalGroup(group, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && processesOfRun(run).length > 0) await sleep(50);
  for (const group of groups) signalGroup(group, 'SIGKILL');
  return [...groups];
}
