/** Looking at real processes from tests, without timing luck: conditions are waited for, not slept on. */
import { spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** True while a process exists and is not a zombie (a zombie has ended; only its parent has not reaped it). */
export function alive(pid: number): boolean {
  const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

/** Waits until `condition` holds; the test's own timeout is the bound. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}
