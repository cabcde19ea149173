/**
 * Runs one of the user's shell commands (a sensor, a gate check, a verify) as a real process in a process group
 * of its own, so that a timeout, an abort or the command's end stops everything it started — grandchildren that
 * would otherwise hold the output pipes open and keep running.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { signalGroup } from './signal-group.js';

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
  return new Promise((resolve) => new CommandRun(command, options, resolve).start());
}

/**
 * After the command exits, how long its output may keep arriving before the pipes are closed: a process that
 * escaped the group (`setsid … &`) must not hold the result hostage.
 */
const DRAIN_MS = 200;

class CommandRun {
  private readonly started = performance.now();
  private readonly output: TailBuffer;
  private child: ChildProcess | undefined;
  private timedOut = false;
  private aborted = false;
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private error: Error | undefined;
  private readonly timers: NodeJS.Timeout[] = [];
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly command: string,
    private readonly options: RunCommandOptions,
    private readonly resolve: (result: CommandResult) => void,
  ) {
    this.output = new TailBuffer(options.maxOutputBytes ?? 65_536);
  }

  start(): void {
    const { options } = this;
    const child = spawn('sh', ['-c', this.command], { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    if (options.timeoutMs !== undefined) this.timers.push(setTimeout(() => ((this.timedOut = true), this.stop()), options.timeoutMs));
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.onAbort();
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk));
    child.on('error', (err) => (this.error = err));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    child.on('close', (code, signal) => this.finish(code, signal));
  }

  private readonly onAbort = () => {
    this.aborted = true;
    this.stop();
  };

  private stop(): void {
    signalGroup(this.child?.pid, 'SIGTERM');
    this.killTimer ??= setTimeout(() => signalGroup(this.child?.pid, 'SIGKILL'), this.options.graceMs ?? 2000);
  }

  /** The command ended: what it left in its group is stopped, and its output gets a moment to drain. */
  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exited = { code, signal };
    signalGroup(this.child?.pid, 'SIGKILL');
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.push(setTimeout(() => (this.child?.stdout?.destroy(), this.child?.stderr?.destroy()), DRAIN_MS));
  }

  private finish(code: number | null, signal: NodeJS.Signals | null): void {
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.killTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    const exit = this.exited ?? { code, signal };
    this.resolve({
      exitCode: this.error ? undefined : (exit.code ?? undefined),
      signal: exit.signal ?? undefined,
      timedOut: this.timedOut,
      aborted: this.aborted,
      output: this.output.text(),
      durationMs: performance.now() - this.started,
      error: this.error,
    });
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
