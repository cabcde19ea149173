import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batonCommand } from './support/run-baton.js';

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

describe('Ctrl-C while sensors run', () => {
  it('stops the sensors, grandchildren included, and exits 130', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-int-'));
    const pidFile = join(dir, 'sensor.pid');
    // The sensor starts a grandchild that would outlive a plain kill of the shell.
    writeFileSync(join(dir, 'plan.yaml'), `sensors:\n  slow: { run: 'sleep 300 & echo $! > sensor.pid; wait', timeout: 10m }\nactions: [{ id: a, run: "true" }]\n`);
    const [command, args] = batonCommand(['plan', 'plan.yaml']);
    const baton = spawn(command, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    baton.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => baton.on('close', resolve));
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);
    baton.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toContain('interrupted by SIGINT');
    await until(() => !alive(grandchild));
  });
});
