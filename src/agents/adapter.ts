/**
 * What every agent adapter has in common. An adapter knows one CLI: how to start it non-interactively with a
 * prompt (argv, stdin or a file; never a shell string), and how to read what it prints into {@link AgentEvent}s.
 * Running the process is the same for all of them (agent-process.ts), so an adapter is a description plus a
 * parser, and a fake CLI in test/fixtures/ can stand in for the real one.
 */
import type { Usage } from '../engine/events.js';
import type { AdapterName, Agent } from '../plan/model.js';

/** Tokens and money an attempt has spent so far (cumulative, not a delta); the engine's own type. */
export type { Usage };

/**
 * What an agent's process tells baton while it runs, in the order it happened.
 * - `started`: the process exists (its pid; its group's id too).
 * - `progress`: text the agent said (a line, an assistant message).
 * - `tool`: the agent used a tool (`Bash`, `Edit`, a shell command …), with a short description.
 * - `usage`: the attempt's usage so far, cumulative.
 * - `result`: the agent's own verdict and final message, as its CLI reports it.
 * - `exited`: the process ended; always the last event.
 */
export type AgentEvent =
  | { readonly kind: 'started'; readonly pid: number }
  | { readonly kind: 'progress'; readonly text: string }
  | { readonly kind: 'tool'; readonly name: string; readonly detail: string }
  | { readonly kind: 'usage'; readonly usage: Usage }
  | { readonly kind: 'result'; readonly status: 'success' | 'error'; readonly message: string }
  | {
      readonly kind: 'exited';
      readonly exitCode: number | null;
      readonly signal: string | null;
      readonly timedOut: boolean;
      readonly aborted: boolean;
      readonly durationMs: number;
      /** Set when the process could not be started (ENOENT, EACCES). */
      readonly error?: string;
    };

/** The prompt of one attempt: its text, and the file it was also written to (for `file` delivery and evidence). */
export interface PromptInput {
  readonly text: string;
  readonly file: string;
}

/** How to start the CLI: program, arguments and what goes to its stdin (closed at once when `undefined`). */
export interface Invocation {
  readonly bin: string;
  readonly args: readonly string[];
  readonly stdin: string | undefined;
}

/** Reads one attempt's stdout, line by line; stateful (usage adds up, a result is remembered). */
export interface OutputParser {
  /** One line of stdout, without its newline. */
  line(text: string): AgentEvent[];
  /** stdout ended: whatever the parser still holds (a final message from plain text, a last usage line). */
  end(): AgentEvent[];
}

export interface AdapterSpec {
  readonly name: Exclude<AdapterName, 'shell'>;
  /** The command on PATH when the agent gives no `bin`. */
  readonly bin: string;
  /** Arguments that make the CLI print its version and exit 0: the start-up check that it exists and runs. */
  readonly versionArgs: readonly string[];
  /** Accepted `permission_mode` values, the first being the default; empty: the adapter has no such mode. */
  readonly permissionModes: readonly string[];
  invocation(agent: Agent, prompt: PromptInput): Invocation;
  parser(): OutputParser;
}
