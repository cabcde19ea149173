import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alive, until } from './support/processes.js';
import { batonCommand } from './support/run-baton.js';

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
