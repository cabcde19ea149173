/**
 * One run of an AI agent's CLI, start to end: its events are followed as they come (the pid to the engine at
 * once, usage as it grows, progress to nobody but the log), and what it came to is returned: how it ended, what
 * it spent, its final message, and the command line as evidence.
 */
import type { Usage } from '../engine/events.js';
import type { Agent } from '../plan/model.js';
import type { AgentEvent, PromptInput } from './adapter.js';
import { startAgent } from './agent-process.js';
import type { AgentProcessOptions } from './agent-process.js';
import { adapterSpec } from './registry.js';

export interface AgentRunOptions extends AgentProcessOptions {
  readonly onSpawn?: (pid: number) => void;
  readonly onUsage?: (usage: Usage) => void;
}

export interface AgentRunResult {
  /** `succeeded`: exit 0 and the CLI did not report an error result. */
  readonly outcome: 'succeeded' | 'failed' | 'timed_out' | 'interrupted';
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly durationMs: number;
  readonly pid: number | undefined;
  readonly usage: Usage | undefined;
  /** The agent's last word: its CLI's result message, else nothing. */
  readonly finalMessage: string | undefined;
  /** The program and arguments started (redacted), for evidence. */
  readonly argv: readonly string[];
  /** Why it could not be started (a missing binary), or why its CLI said it failed. */
  readonly problem: string | undefined;
}

/** Starts `agent`'s CLI on `prompt` and follows it to its end. Never throws for the agent's own failures. */
export async function runAgent(agent: Agent, prompt: PromptInput, options: AgentRunOptions): Promise<AgentRunResult> {
  if (agent.use === 'shell') throw new Error(`internal: agent "${agent.id}" is a shell agent, not a CLI to prompt`);
  const spec = adapterSpec(agent.use);
  const invocation = spec.invocation(agent, prompt);
  const seen: Seen = { argv: [agent.bin ?? invocation.bin, ...invocation.args].map((arg) => options.redact(arg)), pid: undefined, usage: undefined, result: undefined };
  const usageReport = new DeferredUsage(options.onUsage);
  try {
    for await (const event of startAgent(spec, agent, prompt, options)) {
      if (event.kind === 'usage') usageReport.later(event.usage);
      else if (event.kind === 'result' || event.kind === 'exited') usageReport.drop();
      else usageReport.now();
      if (event.kind === 'started') options.onSpawn?.(event.pid);
      const ended = follow(spec.name, seen, event);
      if (ended) return ended;
    }
  } finally {
    usageReport.drop();
  }
  throw new Error('internal: an agent process ended without an exit event');
}

/** What the events of one run said so far. */
interface Seen {
  readonly argv: readonly string[];
  pid: number | undefined;
  usage: Usage | undefined;
  result: { status: 'success' | 'error'; message: string } | undefined;
}

/** Takes in one event; returns the run's result at its `exited`. */
function follow(adapter: string, seen: Seen, event: AgentEvent): AgentRunResult | undefined {
  if (event.kind === 'started') seen.pid = event.pid;
  else if (event.kind === 'usage') seen.usage = event.usage;
  else if (event.kind === 'result') seen.result = { status: event.status, message: event.message };
  if (event.kind !== 'exited') return undefined;
  const { argv, pid, usage, result } = seen;
  const base = { exitCode: event.exitCode, signal: event.signal, durationMs: Math.round(event.durationMs), pid, usage, finalMessage: result?.message, argv };
  if (event.error !== undefined) return { ...base, outcome: 'failed', problem: `${argv[0] ?? '?'} could not be started: ${event.error}` };
  if (event.aborted) return { ...base, outcome: 'interrupted', problem: undefined };
  if (event.timedOut) return { ...base, outcome: 'timed_out', problem: undefined };
  if (event.exitCode === 0 && result?.status !== 'error') return { ...base, outcome: 'succeeded', problem: undefined };
  const said = result?.status === 'error' ? `: ${result.message.slice(0, 500)}` : '';
  return { ...base, outcome: 'failed', problem: `${adapter} ended with exit ${event.exitCode ?? event.signal ?? '?'}${said}` };
}

/**
 * Usage is reported to the engine (whose budget check may stop the agent) once the agent goes on working, or
 * after a short pause. The totals that come with the agent's final result go with the attempt's end instead: a
 * budget check must not stop an agent that has already finished its work.
 */
class DeferredUsage {
  private pending: Usage | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly report: ((usage: Usage) => void) | undefined) {}

  later(usage: Usage): void {
    this.pending = usage;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.now(), USAGE_PAUSE_MS);
  }

  now(): void {
    clearTimeout(this.timer);
    if (this.pending) this.report?.(this.pending);
    this.pending = undefined;
  }

  drop(): void {
    clearTimeout(this.timer);
    this.pending = undefined;
  }
}

/** How long a usage report waits for the agent's final result before it goes to the budget check. */
const USAGE_PAUSE_MS = 250;
