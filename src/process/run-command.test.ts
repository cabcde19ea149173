import { describe, expect, it } from 'vitest';
import { runCommand } from './run-command.js';

describe('running a shell command as a process group', () => {
  it('returns the exit code and the output', async () => {
    const result = await runCommand('echo out; echo err >&2; exit 4');
    expect(result).toMatchObject({ exitCode: 4, timedOut: false, aborted: false });
    expect(result.output).toContain('out');
    expect(result.output).toContain('err');
  });

  it('passes values through the environment, never through the command text', async () => {
    const result = await runCommand('printf "%s" "$VALUE"', { env: { ...process.env, VALUE: '$(touch /tmp/never); `x`' } });
    expect(result.output).toBe('$(touch /tmp/never); `x`');
  });

  it('stops the whole group at the timeout, grandchildren included', async () => {
    // The grandchild keeps the output pipe open: without a group kill this would wait 60 seconds.
    const result = await runCommand('sleep 60 & sleep 60; echo never', { timeoutMs: 200, graceMs: 200 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeUndefined();
    expect(result.output).not.toContain('never');
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    const pending = runCommand('sleep 60', { signal: controller.signal, graceMs: 200 });
    controller.abort();
    expect((await pending).aborted).toBe(true);
  });

  it('does not wait for background processes left behind after the command exits', async () => {
    const result = await runCommand('sleep 60 & echo started');
    expect(result.exitCode).toBe(0);
    expect(result.output).toBe('started\n');
  });

  it('reports a command that cannot start', async () => {
    const result = await runCommand('true', { cwd: '/no/such/dir' });
    expect(result.error).toBeDefined();
    expect(result.exitCode).toBeUndefined();
  });

  it('keeps only the tail of long output', async () => {
    const result = await runCommand('seq 1 100000', { maxOutputBytes: 100 });
    expect(result.output.length).toBeLessThanOrEqual(100);
    expect(result.output.endsWith('100000\n')).toBe(true);
  });

  it('does not wait for a process that left its group and holds the output open', async () => {
    // setsid puts the sleeper in a session of its own, out of reach of the group kill.
    const result = await runCommand('setsid sleep 30 & echo "escaped $!"; sleep 0.1; echo done', { timeoutMs: 20_000 });
    const escaped = Number(/escaped (\d+)/.exec(result.output)?.[1]);
    process.kill(escaped, 'SIGKILL');
    // Waiting for the pipes to close would have run into the time-out.
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
    expect(result.output).toContain('done');
  });
});
