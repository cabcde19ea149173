import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { probeBinary } from './probe.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'baton-probe-'));
}

function script(dir: string, name: string, body: string, mode = 0o755): string {
  const file = join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode });
  chmodSync(file, mode);
  return file;
}

function env(path: string): Record<string, string> {
  return { PATH: path, HOME: tmpdir() };
}

/** True while the process exists and is not a zombie (one nobody has reaped yet has ended). */
function alive(pid: number): boolean {
  const ps = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return ps.status === 0 && !ps.stdout.trim().startsWith('Z');
}

describe('probing an agent CLI', () => {
  it('reports the first line a CLI that exists prints for its version', async () => {
    const dir = tempDir();
    script(dir, 'fake-agent', 'echo; echo "1.2.3 (Fake Agent)"; echo more');
    const result = await probeBinary('fake-agent', ['--version'], { cwd: dir, env: env(`/nonexistent:${dir}:/usr/bin:/bin`) });
    expect(result).toEqual({ ok: true, version: '1.2.3 (Fake Agent)' });
  });

  it('passes the arguments as they are, without a shell', async () => {
    const dir = tempDir();
    script(dir, 'echo-args', 'printf "%s|" "$@"');
    const result = await probeBinary('./echo-args', ['--version', 'a b', '$HOME;'], { cwd: dir, env: env('/usr/bin:/bin') });
    expect(result).toEqual({ ok: true, version: '--version|a b|$HOME;|' });
  });

  it('takes a path relative to the working directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'bin'));
    script(join(dir, 'bin'), 'agent', 'echo v9');
    expect(await probeBinary('bin/agent', [], { cwd: dir, env: env('') })).toEqual({ ok: true, version: 'v9' });
  });

  it('says a bare name was not found on PATH, and which PATH was searched', async () => {
    const dir = tempDir();
    const result = await probeBinary('no-such-agent-cli', ['--version'], { cwd: dir, env: env(`${dir}:/usr/bin`) });
    expect(result).toEqual({ ok: false, problem: 'missing', detail: `no-such-agent-cli was not found on PATH (searched ${dir}:/usr/bin)` });
  });

  it('says a path does not exist', async () => {
    const dir = tempDir();
    const result = await probeBinary('./missing', [], { cwd: dir, env: env('/usr/bin:/bin') });
    expect(result).toEqual({ ok: false, problem: 'missing', detail: `${join(dir, 'missing')} does not exist` });
  });

  it('says a file without execute permission is not executable, by path or on PATH', async () => {
    const dir = tempDir();
    const file = script(dir, 'agent', 'echo 1', 0o644);
    expect(await probeBinary(file, [], { cwd: dir, env: env('/usr/bin:/bin') })).toEqual({ ok: false, problem: 'not-executable', detail: `${file} is not executable (mode 644)` });
    const onPath = await probeBinary('agent', [], { cwd: dir, env: env(`${dir}:/usr/bin:/bin`) });
    expect(onPath).toMatchObject({ ok: false, problem: 'not-executable' });
    expect(onPath.ok || onPath.detail).toContain(`found on PATH at ${file}`);
  });

  it('says a directory is not executable', async () => {
    const dir = tempDir();
    expect(await probeBinary(dir, [], { cwd: dir, env: env('/usr/bin:/bin') })).toEqual({ ok: false, problem: 'not-executable', detail: `${dir} is a directory` });
  });

  it('reports the exit code and the first line of stderr of a CLI that fails', async () => {
    const dir = tempDir();
    script(dir, 'broken', 'echo "some stdout"; echo "error: config is invalid" >&2; echo "second line" >&2; exit 1');
    const result = await probeBinary('./broken', ['--version'], { cwd: dir, env: env('/usr/bin:/bin') });
    expect(result).toEqual({ ok: false, problem: 'failed', detail: `${join(dir, 'broken')} exited with code 1: error: config is invalid` });
  });

  it('reports a script whose interpreter is missing as failed to start', async () => {
    const dir = tempDir();
    const file = join(dir, 'agent');
    writeFileSync(file, '#!/nonexistent/interpreter\n', { mode: 0o755 });
    const result = await probeBinary(file, [], { cwd: dir, env: env('/usr/bin:/bin') });
    expect(result).toMatchObject({ ok: false, problem: 'failed' });
    expect(result.ok || result.detail).toContain('interpreter');
  });

  it('kills a CLI that hangs at the time-out', async () => {
    const dir = tempDir();
    script(dir, 'hangs', 'while :; do sleep 1; done');
    const result = await probeBinary('./hangs', ['--version'], { cwd: dir, env: env('/usr/bin:/bin'), timeoutMs: 200 });
    expect(result).toMatchObject({ ok: false, problem: 'timed-out' });
    expect(result.ok || result.detail).toContain('did not exit in time');
  });

  it('kills everything the CLI started when it is stopped', async () => {
    const dir = tempDir();
    const pidFile = join(dir, 'child.pid');
    script(dir, 'hangs', `sleep 1000 & echo $! > '${pidFile}.tmp'; mv '${pidFile}.tmp' '${pidFile}'; wait`);
    const controller = new AbortController();
    const probe = probeBinary('./hangs', [], { cwd: dir, env: env('/usr/bin:/bin'), signal: controller.signal });
    // Conditions are waited for, not slept on: the test's own time-out is the bound.
    while (!existsSync(pidFile)) await sleep(20);
    controller.abort();
    expect(await probe).toEqual({ ok: false, problem: 'failed', detail: `${join(dir, 'hangs')}: the check was aborted` });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    while (alive(grandchild)) await sleep(20);
  });
});
