/**
 * Runs one of the user's shell commands (a sensor, a gate check, a verify) as a real process in a process group
 * of its own, so that a timeout, an abort or the command's end stops everything it started — grandchildren that
 * would otherwise hold the output pipes open and keep running.
 */
import { spawn } from 'node:child_process';

export interface RunCommandOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Wall-time limit; SIGTERM to the group, then SIGKILL after `graceMs`. @default none */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL. @default 2000 */
  readonly graceMs?: number;
  /** Bytes of combined output kept (the last ones). @default 65536 */
  readonly maxOutputBytes?: number;
}

export interface CommandResult {
  /** `undefined` when the process was ended by a signal or never started. */
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** The last `maxOutputBytes` of stdout and stderr, interleaved as written. */
  readonly output: string;
  readonly durationMs: number;
  /** Set when the process could not be started (e.g. the directory does not exist). */
  readonly error: Error | undefined;
}

/** Runs `sh -c command`. The command text is the user's own; plan values must reach it only through `env`. */
export function runCommand(command: string, options: RunCommandOptions = {}): Promise<CommandResult> {
  const started = performance.now();
  const maxBytes = options.maxOutputBytes ?? 65_536;
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', command], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = new TailBuffer(maxBytes);
    let timedOut = false;
    let aborted = false;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = () => {
      killGroup(child.pid, 'SIGTERM');
      killTimer ??= setTimeout(() => killGroup(child.pid, 'SIGKILL'), options.graceMs ?? 2000);
    };
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => ((timedOut = true), stop()), options.timeoutMs);
    const onAbort = () => ((aborted = true), stop());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    // Whatever the command left running in its group is stopped once it exits, so the pipes close.
    child.on('exit', () => killGroup(child.pid, 'SIGKILL'));
    let error: Error | undefined;
    child.on('error', (err) => (error = err));
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        exitCode: error ? undefined : (code ?? undefined),
        signal: signal ?? undefined,
        timedOut,
        aborted,
        output: output.text(),
        durationMs: performance.now() - started,
        error,
      });
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Keeps the last `limit` bytes written to it. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString('utf8');
  }
}
