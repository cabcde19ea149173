/**
 * Claude Code, run non-interactively: `claude -p --output-format stream-json --verbose --permission-mode <mode>
 * [--model <model>] [args…]` with the prompt on stdin (a prompt may be larger than Linux's 128 KiB limit on one
 * argument). `stream-json` prints one JSON object per line as the session goes: a `system`/`init` line, `assistant`
 * messages (text and `tool_use` content blocks, with the API call's `usage`), `user` messages carrying
 * `tool_result`s, and a final `result` line (`subtype` `success` or `error_*`, `is_error`, `result` text,
 * `total_cost_usd`, cumulative `usage`). Print mode refuses `stream-json` without `--verbose`.
 */
import { PERMISSION_MODES } from '../../plan/model.js';
import type { Agent } from '../../plan/model.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from '../adapter.js';
import { asArray, asObject, jsonObject, parseJsonObject } from './json-line.js';
import type { Json } from './json-line.js';

/**
 * `--permission-mode` values Claude Code accepts (code.claude.com/docs/en/permission-modes). The first is the
 * default: `acceptEdits` lets the agent edit files in its own worktree, and in print mode denies (rather than
 * asks about) shell commands that no permission rule allows. `auto` needs an eligible account; `dontAsk` denies
 * everything not pre-approved; `bypassPermissions` runs everything and belongs in a container or VM.
 */
/** The values `permission_mode` takes, the default first (listed in plan/model.ts for the plan checks). */
export const CLAUDE_PERMISSION_MODES = PERMISSION_MODES['claude-code'];

export const claudeCodeAdapter: AdapterSpec = {
  name: 'claude-code',
  bin: 'claude',
  versionArgs: ['--version'],
  permissionModes: CLAUDE_PERMISSION_MODES,
  invocation: claudeInvocation,
  parser: () => new ClaudeStreamParser(),
};

function claudeInvocation(agent: Agent, prompt: PromptInput): Invocation {
  const mode = agent.permissionMode ?? CLAUDE_PERMISSION_MODES[0];
  const model = agent.model === undefined ? [] : ['--model', agent.model];
  return {
    bin: agent.bin ?? 'claude',
    args: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', mode, ...model, ...agent.args],
    stdin: prompt.text,
  };
}

/** Longest text an event carries; an assistant message or a tool input can be a whole file. */
const MAX_TEXT = 4000;
const MAX_DETAIL = 200;

/**
 * Reads Claude Code's stream-json output.
 *
 * Tokens: `inputTokens` counts every input token the API billed — fresh `input_tokens` plus
 * `cache_creation_input_tokens` plus `cache_read_input_tokens` — because the user pays for all three (cache writes
 * at 1.25×, reads at 0.1× of the input price). Counting only `input_tokens` would show an agent that re-reads a
 * 50k-token context on every turn as using a few hundred tokens, and a token budget would never trip. The cost
 * is Claude Code's own `total_cost_usd`, which prices each kind correctly; an agent `price` applied to these
 * totals overestimates (cache reads at the full price), erring on the side of stopping early.
 *
 * Usage is cumulative: each API call's usage is kept once per message id (the CLI prints each content block of
 * a message as its own line, repeating the message's usage), summed over messages, and replaced by the `result`
 * line's totals (which include helper models, from `modelUsage`) — never going down.
 */
export class ClaudeStreamParser implements OutputParser {
  private readonly perMessage = new Map<string, { input: number; output: number }>();
  private reported: Usage = { inputTokens: 0, outputTokens: 0, costUsd: undefined };

  line(text: string): AgentEvent[] {
    if (text.trim() === '') return [];
    const record = parseJsonObject(text);
    if (record === undefined) return [{ kind: 'progress', text: cap(text, MAX_TEXT) }];
    switch (record.type) {
      case 'system':
        return this.system(record);
      case 'assistant':
        return this.assistant(record);
      case 'user':
        return toolErrors(record);
      case 'result':
        return this.result(record);
      default:
        // stream_event, rate_limit_event and types added later carry nothing baton reports.
        return [];
    }
  }

  end(): AgentEvent[] {
    return [];
  }

  private system(record: Json): AgentEvent[] {
    if (record.subtype !== 'init') return [];
    const version = typeof record.claude_code_version === 'string' ? ` ${record.claude_code_version}` : '';
    const model = stringOr(record.model, 'unknown model');
    return [{ kind: 'progress', text: `claude${version} started: ${model}, permission mode ${stringOr(record.permissionMode, 'unknown')}` }];
  }

  private assistant(record: Json): AgentEvent[] {
    const message = jsonObject(record.message);
    if (message === undefined) return [];
    const events: AgentEvent[] = [];
    for (const block of asArray(message.content)) {
      const item = jsonObject(block);
      if (item?.type === 'text' && typeof item.text === 'string' && item.text.trim() !== '') {
        events.push({ kind: 'progress', text: cap(item.text, MAX_TEXT) });
      } else if (item?.type === 'tool_use') {
        const name = stringOr(item.name, 'tool');
        events.push({ kind: 'tool', name, detail: describeTool(jsonObject(item.input)) });
      }
    }
    const usage = jsonObject(message.usage);
    if (usage !== undefined) {
      const id = stringOr(message.id, `#${this.perMessage.size}`);
      const previous = this.perMessage.get(id) ?? { input: 0, output: 0 };
      const input = inputTokens(usage);
      const output = numberOf(usage.output_tokens);
      this.perMessage.set(id, { input: Math.max(previous.input, input), output: Math.max(previous.output, output) });
      events.push(...this.report(this.messageTotals(), undefined));
    }
    return events;
  }

  private result(record: Json): AgentEvent[] {
    const totals = resultTotals(record) ?? this.messageTotals();
    const cost = typeof record.total_cost_usd === 'number' ? record.total_cost_usd : undefined;
    const usage = this.report(totals, cost);
    const success = record.subtype === 'success' && record.is_error !== true;
    return [...usage, { kind: 'result', status: success ? 'success' : 'error', message: resultMessage(record) }];
  }

  private messageTotals(): { input: number; output: number } {
    let input = 0;
    let output = 0;
    for (const usage of this.perMessage.values()) {
      input += usage.input;
      output += usage.output;
    }
    return { input, output };
  }

  /** A usage event when something grew; totals never go down. */
  private report(totals: { input: number; output: number }, costUsd: number | undefined): AgentEvent[] {
    const next: Usage = {
      inputTokens: Math.max(this.reported.inputTokens, totals.input),
      outputTokens: Math.max(this.reported.outputTokens, totals.output),
      costUsd: costUsd ?? this.reported.costUsd,
    };
    const same = next.inputTokens === this.reported.inputTokens && next.outputTokens === this.reported.outputTokens && next.costUsd === this.reported.costUsd;
    if (same) return [];
    this.reported = next;
    return [{ kind: 'usage', usage: next }];
  }
}

/** Every billed input token of one usage record: fresh, cache writes and cache reads. */
function inputTokens(usage: Json): number {
  return numberOf(usage.input_tokens) + numberOf(usage.cache_creation_input_tokens) + numberOf(usage.cache_read_input_tokens);
}

/** The session's totals from the result line: `modelUsage` (every model, helpers included), else `usage`. */
function resultTotals(record: Json): { input: number; output: number } | undefined {
  const models = jsonObject(record.modelUsage);
  if (models !== undefined && Object.keys(models).length > 0) {
    let input = 0;
    let output = 0;
    for (const value of Object.values(models)) {
      const model = asObject(value);
      input += numberOf(model.inputTokens) + numberOf(model.cacheCreationInputTokens) + numberOf(model.cacheReadInputTokens);
      output += numberOf(model.outputTokens);
    }
    return { input, output };
  }
  const usage = jsonObject(record.usage);
  return usage === undefined ? undefined : { input: inputTokens(usage), output: numberOf(usage.output_tokens) };
}

/** The result text; for an error without one, the CLI's `errors`, else its subtype (`error_max_turns` …). */
function resultMessage(record: Json): string {
  if (typeof record.result === 'string' && record.result.trim() !== '') return cap(record.result, MAX_TEXT);
  const errors = asArray(record.errors).filter((error): error is string => typeof error === 'string');
  if (errors.length > 0) return cap(errors.join('\n'), MAX_TEXT);
  return stringOr(record.subtype, 'no result');
}

/** Failed tool calls are worth a line of progress; successful results are the agent's business. */
function toolErrors(record: Json): AgentEvent[] {
  const events: AgentEvent[] = [];
  for (const block of asArray(jsonObject(record.message)?.content)) {
    const item = jsonObject(block);
    if (item?.type !== 'tool_result' || item.is_error !== true) continue;
    events.push({ kind: 'progress', text: `tool error: ${cap(oneLine(toolResultText(item.content)), MAX_DETAIL)}` });
  }
  return events;
}

function toolResultText(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map((part) => jsonObject(part)?.text)
    .filter((text): text is string => typeof text === 'string')
    .join(' ');
}

/** What a tool call is about, in one short line: the command, the file, the pattern … else its input as JSON. */
export function describeTool(input: Json | undefined): string {
  if (input === undefined) return '';
  for (const key of ['command', 'file_path', 'notebook_path', 'path', 'pattern', 'url', 'query', 'description', 'prompt']) {
    const value = input[key];
    if (typeof value === 'string' && value !== '') return cap(oneLine(value), MAX_DETAIL);
  }
  return cap(JSON.stringify(input), MAX_DETAIL);
}

function numberOf(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value !== '' ? value : fallback;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cap(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
