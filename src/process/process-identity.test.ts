import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { identify, isRunning, parseProcStat } from './process-identity.js';

const linux = process.platform === 'linux';

describe('process identity', () => {
  it('reads the state and start time even when the command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_, i) => String(i + 3));
    fields[0] = 'S';
    const stat = parseProcStat(`1234 (my (odd) name) ${fields.join(' ')}`);
    expect(stat).toEqual({ state: 'S', group: 5, startTime: '22' });
  });

  it('knows that this process is running', () => {
    const me = identify();
    if (linux) expect(me.startTime).toMatch(/^\d+$/);
    expect(isRunning(me)).toBe(true);
  });

  it.runIf(linux)('does not take a reused pid for the process that had it', () => {
    const me = identify();
    expect(isRunning({ pid: me.pid, startTime: `${me.startTime ?? ''}1` })).toBe(false);
  });

  it('knows that a killed process is gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const identity = identify(child.pid);
    expect(isRunning(identity)).toBe(true);
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect(isRunning(identity)).toBe(false);
  });
});
