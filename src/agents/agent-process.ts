/**
 * Runs one attempt of an AI agent's CLI as a real process and turns what it prints into {@link AgentEvent}s.
 * The same for every adapter: the adapter says how to start its CLI and how to read a line of its output; this
 * file owns the process. It runs in a process group of its own (so a time-out, an abort or the consumer walking
 * away stops the CLI and everything it started), never through a shell (plan values reach it as argv, stdin or
 * environment only), and every line it prints goes through `redact` before it reaches a log or an event.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Agent, Price } from '../plan/model.js';
import { signalGroup } from '../process/signal-group.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from './adapter.js';

export interface AgentProcessOptions {
  readonly cwd: string;
  /** The complete environment of the CLI (built by the caller with `childEnv`); nothing else is inherited. */
  readonly env: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  /** Wall-time limit (the action's time-box); SIGTERM to the group, then SIGKILL after `graceMs`. @default none */
  readonly timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL, for the CLI to save its session and stop its tools. */
  readonly graceMs: number;
  /** Aborted when the grace is over for everyone (a second Ctrl-C): SIGKILL to the group at once. */
  readonly killNow?: AbortSignal;
  /** stdout and stderr are appended to it line by line, as they arrive, each line redacted. */
  readonly logFile: string;
  /** Replaces secret values in a text; applied to every logged line and every event that carries text. */
  readonly redact: (text: string) => string;
}

/**
 * Starts an agent's CLI the way its adapter says, with the agent's own `bin` if it has one, and fills in the
 * cost of `usage` events from the agent's `price` when the CLI reports tokens but no money, so that cost budgets
 * work for every CLI.
 */
export function startAgent(spec: AdapterSpec, agent: Agent, prompt: PromptInput, options: AgentProcessOptions): AsyncIterable<AgentEvent> {
  const invocation = spec.invocation(agent, prompt);
  const run = runAgentProcess({ ...invocation, bin: agent.bin ?? invocation.bin }, spec.parser(), options);
  const price = agent.price;
  if (price === undefined) return run;
  // A plain iterator rather than a generator: a generator's return() waits behind a pending next(), which a
  // silent, hanging CLI would never settle.
  const events = run[Symbol.asyncIterator]();
  const priced: AsyncIterator<AgentEvent> = {
    next: async () => {
      const step = await events.next();
      if (step.done === true || step.value.kind !== 'usage') return step;
      return { done: false, value: { kind: 'usage', usage: withPrice(step.value.usage, price) } };
    },
    return: async () => (await events.return?.()) ?? { done: true, value: undefined },
  };
  return { [Symbol.asyncIterator]: () => priced };
}

/** The usage with `costUsd` from `price` (USD per million tokens) when the CLI reported none. */
export function withPrice(usage: Usage, price: Price): Usage {
  if (usage.costUsd !== undefined) return usage;
  return { ...usage, costUsd: (usage.inputTokens * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1e6 };
}

/**
 * Runs the CLI and yields `started` (its pid, which is also its group's id), the parser's events for each
 * stdout line, the parser's `end()` events, and `exited` last. A CLI that cannot be started yields only
 * `exited` with `error`. Nothing starts until the first `next()`; a consumer that stops early (`break`,
 * `return()`) stops the process group and `return()` resolves once the process is gone.
 */
export function runAgentProcess(invocation: Invocation, parser: OutputParser, options: AgentProcessOptions): AsyncIterable<AgentEvent> {
  const run = new AgentRun(invocation, parser, options);
  return { [Symbol.asyncIterator]: () => run };
}

/**
 * After the CLI exits, how long its output may keep arriving before the pipes are closed: a process that left
 * the group (`setsid … &`) and holds stdout must not keep the attempt open.
 */
const DRAIN_MS = 200;
/** Events buffered before stdout is paused until the consumer catches up (the CLI then blocks on its writes). */
const QUEUE_HIGH = 1024;
const QUEUE_LOW = 256;

type Waiter = (result: IteratorResult<AgentEvent>) => void;

class AgentRun implements AsyncIterator<AgentEvent> {
  private state: 'idle' | 'running' | 'ended' = 'idle';
  private readonly queue: AgentEvent[] = [];
  private waiter: Waiter | undefined;
  private child: ChildProcess | undefined;
  private logFd: number | undefined;
  private readonly out = new LineSplitter();
  private readonly err = new LineSplitter();
  private startedAt = 0;
  private timedOut = false;
  private aborted = false;
  private discarding = false;
  private spawnError: Error | undefined;
  private exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private killTimer: NodeJS.Timeout | undefined;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly invocation: Invocation,
    private readonly parser: OutputParser,
    private readonly options: AgentProcessOptions,
  ) {}

  next(): Promise<IteratorResult<AgentEvent>> {
    if (this.state === 'idle') this.start();
    const event = this.queue.shift();
    if (this.queue.length < QUEUE_LOW && this.child?.stdout?.isPaused() === true && !this.discarding) this.child.stdout.resume();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.state === 'ended') return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiter = resolve));
  }

  /** The consumer walked away: the group is stopped (SIGTERM, SIGKILL after the grace) and nothing more is yielded. */
  async return(): Promise<IteratorResult<AgentEvent>> {
    if (this.state === 'running') {
      this.discarding = true;
      this.child?.stdout?.resume();
      this.stop();
      await this.closed;
    }
    this.state = 'ended';
    this.queue.length = 0;
    this.settleWaiter();
    return { value: undefined, done: true };
  }

  private start(): void {
    this.state = 'running';
    this.startedAt = performance.now();
    const { options } = this;
    if (options.signal.aborted) return this.finishWithout({ aborted: true });
    try {
      mkdirSync(dirname(options.logFile), { recursive: true });
      this.logFd = openSync(options.logFile, 'a');
    } catch (error) {
      return this.finishWithout({ error: `cannot open the log ${options.logFile}: ${messageOf(error)}` });
    }
    let child: ChildProcess;
    try {
      child = this.spawnChild();
    } catch (error) {
      return this.finishWithout({ error: `cannot start ${this.invocation.bin || '(no program)'}: ${messageOf(error)}` });
    }
    this.child = child;
    let resolveClosed: () => void = () => {};
    this.closed = new Promise((resolve) => (resolveClosed = resolve));
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => (this.onClose(code, signal), resolveClosed()));
    if (child.pid !== undefined) this.push({ kind: 'started', pid: child.pid });
    this.watch();
  }

  private spawnChild(): ChildProcess {
    const { invocation, options } = this;
    const stdin = invocation.stdin === undefined ? 'ignore' : 'pipe';
    const child = spawn(invocation.bin, [...invocation.args], { cwd: options.cwd, env: { ...options.env }, detached: true, stdio: [stdin, 'pipe', 'pipe'] });
    child.on('error', (error) => (this.spawnError ??= error));
    child.stdout?.on('data', (chunk: Buffer) => this.onOutput(chunk, 'out'));
    child.stderr?.on('data', (chunk: Buffer) => this.onOutput(chunk, 'err'));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    if (child.stdin && invocation.stdin !== undefined) {
      // A CLI that exits without reading its prompt closes the pipe: EPIPE is its business, not ours.
      child.stdin.on('error', () => {});
      child.stdin.end(invocation.stdin);
    }
    return child;
  }

  private watch(): void {
    const { options } = this;
    if (options.timeoutMs !== undefined) this.later(options.timeoutMs, () => ((this.timedOut = true), this.stop()));
    options.signal.addEventListener('abort', this.onAbort, { once: true });
    if (options.killNow?.aborted === true) this.onKillNow();
    else options.killNow?.addEventListener('abort', this.onKillNow, { once: true });
  }

  private readonly onAbort = (): void => {
    this.aborted = true;
    this.stop();
  };

  private readonly onKillNow = (): void => {
    this.aborted = true;
    if (this.exit === undefined) signalGroup(this.child?.pid, 'SIGKILL');
  };

  private stop(): void {
    if (this.exit !== undefined || this.child?.pid === undefined) return;
    signalGroup(this.child.pid, 'SIGTERM');
    this.killTimer ??= setTimeout(() => signalGroup(this.child?.pid, 'SIGKILL'), this.options.graceMs);
  }

  private onOutput(chunk: Buffer, stream: 'out' | 'err'): void {
    const lines = (stream === 'out' ? this.out : this.err).push(chunk);
    if (lines.length === 0) return;
    this.log(lines);
    if (stream === 'out') for (const line of lines) this.parse(() => this.parser.line(line));
  }

  /** The CLI ended: what it left in its group is killed, and its output gets a moment to drain. */
  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.exit = { code, signal };
    signalGroup(this.child?.pid, 'SIGKILL');
    this.clearTimers();
    this.later(DRAIN_MS, () => (this.child?.stdout?.destroy(), this.child?.stderr?.destroy()));
  }

  private onClose(code: number | null, signal: NodeJS.Signals | null): void {
    const outRest = this.out.end();
    this.log([...outRest, ...this.err.end()]);
    for (const line of outRest) this.parse(() => this.parser.line(line));
    this.parse(() => this.parser.end());
    this.clearTimers();
    this.options.signal.removeEventListener('abort', this.onAbort);
    this.options.killNow?.removeEventListener('abort', this.onKillNow);
    this.closeLog();
    const exit = this.exit ?? { code: this.spawnError ? null : code, signal };
    const error = this.spawnError && describeSpawnError(this.spawnError, this.invocation.bin, this.options.cwd);
    this.finish({ exitCode: exit.code, signal: exit.signal, ...(error === undefined ? {} : { error }) });
  }

  private finishWithout(what: { aborted?: boolean; error?: string }): void {
    this.closeLog();
    this.finish({ exitCode: null, signal: null, aborted: what.aborted ?? false, ...(what.error === undefined ? {} : { error: what.error }) });
  }

  private finish(exit: { exitCode: number | null; signal: string | null; aborted?: boolean; error?: string }): void {
    const durationMs = Math.round(performance.now() - this.startedAt);
    this.push({ kind: 'exited', timedOut: this.timedOut, aborted: this.aborted, durationMs, ...exit });
    this.state = 'ended';
    this.settleWaiter();
  }

  /** Runs a parser call; its events are redacted and queued. A parser that throws costs a line, not the run. */
  private parse(call: () => AgentEvent[]): void {
    let events: AgentEvent[];
    try {
      events = call();
    } catch (error) {
      events = [{ kind: 'progress', text: `(output parser failed: ${messageOf(error)})` }];
    }
    for (const event of events) this.push(redactEvent(event, this.options.redact));
  }

  private push(event: AgentEvent): void {
    if (this.discarding || this.state === 'ended') return;
    const waiter = this.waiter;
    this.waiter = undefined;
    if (waiter) return waiter({ value: event, done: false });
    this.queue.push(event);
    if (this.queue.length >= QUEUE_HIGH) this.child?.stdout?.pause();
  }

  private settleWaiter(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }

  private log(lines: readonly string[]): void {
    if (this.logFd === undefined || lines.length === 0) return;
    const text = lines.map((line) => `${this.options.redact(line)}\n`).join('');
    try {
      writeSync(this.logFd, text);
    } catch {
      // A full disk loses log lines, not the attempt.
    }
  }

  private closeLog(): void {
    if (this.logFd !== undefined) closeSync(this.logFd);
    this.logFd = undefined;
  }

  private later(ms: number, action: () => void): void {
    const timer = setTimeout(() => (this.timers.delete(timer), action()), ms);
    this.timers.add(timer);
  }

  private clearTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    clearTimeout(this.killTimer);
  }
}

/**
 * Splits a byte stream into lines: UTF-8 characters split across chunks are kept whole, `\r\n` counts as one
 * line end, and a last line without a newline is handed out at `end()`.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  push(chunk: Buffer): string[] {
    const text = this.partial + this.decoder.write(chunk);
    const lines = text.split('\n');
    this.partial = lines.pop() ?? '';
    return lines.map(stripCr);
  }

  /** The stream ended: the last line if it had no newline. */
  end(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest === '' ? [] : [stripCr(rest)];
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function redactEvent(event: AgentEvent, redact: (text: string) => string): AgentEvent {
  switch (event.kind) {
    case 'progress':
      return { kind: 'progress', text: redact(event.text) };
    case 'tool':
      return { kind: 'tool', name: redact(event.name), detail: redact(event.detail) };
    case 'result':
      return { kind: 'result', status: event.status, message: redact(event.message) };
    default:
      return event;
  }
}

function describeSpawnError(error: Error, bin: string, cwd: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' && !existsSync(cwd)) return `cannot start ${bin}: the directory ${cwd} does not exist`;
  if (code === 'ENOENT') return `cannot start ${bin}: not found${bin.includes('/') ? '' : ' on PATH'} (ENOENT)`;
  if (code === 'EACCES') return `cannot start ${bin}: permission denied, not executable (EACCES)`;
  return `cannot start ${bin}: ${error.message}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
