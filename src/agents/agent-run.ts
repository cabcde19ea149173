/**
 * One run of an AI agent's CLI, start to end: its events are followed as they come (the pid to the engine at
 * once, usage as it grows, progress to nobody but the log), and what it came to is returned: how it ended, what
 * it spent, its final message, and the command line as evidence.
 */
import type { Usage } from '../engine/events.js';
import type { Agent } from '../plan/model.js';
import type { PromptInput } from './adapter.js';
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
  const argv = [agent.bin ?? invocation.bin, ...invocation.args].map((arg) => options.redact(arg));
  let pid: number | undefined;
  let usage: Usage | undefined;
  let result: { status: 'success' | 'error'; message: string } | undefined;
  for await (const event of startAgent(spec, agent, prompt, options)) {
    switch (event.kind) {
      case 'started':
        pid = event.pid;
        options.onSpawn?.(event.pid);
        break;
      case 'usage':
        usage = event.usage;
        options.onUsage?.(event.usage);
        break;
      case 'result':
        result = { status: event.status, message: event.message };
        break;
      case 'exited': {
        const base = { exitCode: event.exitCode, signal: event.signal, durationMs: Math.round(event.durationMs), pid, usage, finalMessage: result?.message, argv };
        if (event.error !== undefined) return { ...base, outcome: 'failed', problem: `${argv[0] ?? '?'} could not be started: ${event.error}` };
        if (event.aborted) return { ...base, outcome: 'interrupted', problem: undefined };
        if (event.timedOut) return { ...base, outcome: 'timed_out', problem: undefined };
        if (event.exitCode === 0 && result?.status !== 'error') return { ...base, outcome: 'succeeded', problem: undefined };
        const said = result?.status === 'error' ? `: ${result.message.slice(0, 500)}` : '';
        return { ...base, outcome: 'failed', problem: `${spec.name} ended with exit ${event.exitCode ?? event.signal ?? '?'}${said}` };
      }
      default:
        break;
    }
  }
  throw new Error('internal: an agent process ended without an exit event');
}
