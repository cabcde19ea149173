/**
 * Google's Gemini CLI, run headless: `gemini --output-format stream-json --approval-mode <mode> [--model M]
 * [agent.args]`, the prompt on stdin. With stdin not a terminal the CLI runs one prompt and exits, reading the
 * prompt from stdin (google-gemini/gemini-cli docs/cli/headless.md, "Piping input from stdin"); `-p` is not
 * used because its value is *appended* to stdin, and argv would cap the prompt's size.
 *
 * `stream-json` (JSONL: `init`, `message` with `delta: true` chunks, `tool_use`, `tool_result`, `error`,
 * `result` with `stats`; packages/core/src/output/types.ts) came after `--output-format json`, which prints one
 * pretty-printed object at the end (`response`, `stats.models.<model>.tokens`, `error`). {@link GeminiParser}
 * reads either, so an agent whose CLI or `args` give the other format still reports usage and its final message.
 *
 * Folder trust (off by default): when a user turned it on, a headless run in an untrusted folder — and every
 * attempt's worktree is a new folder — exits with `FatalUntrustedWorkspaceError`. Such users set
 * `GEMINI_TRUST_WORKSPACE: "true"` in the agent's `env` (docs/cli/trusted-folders.md); baton does not pass
 * `--skip-trust`, which older versions reject as an unknown argument.
 *
 * Approval modes (`--approval-mode`): `auto_edit` by default (file edits run, shell commands do not), `yolo`
 * (everything runs), `default` (anything needing approval is refused, since no one is there to approve), and
 * `plan` (read-only, newer versions). The CLI rejects `--yolo` together with `--approval-mode`; use
 * `permission_mode: yolo` instead. Gemini reports tokens but no money; the agent's `price` computes cost.
 */
import { PERMISSION_MODES } from '../../plan/model.js';
import type { Agent } from '../../plan/model.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from '../adapter.js';
import { asObject, num, parseJsonObject, shortDetail, str } from './json-line.js';
import type { Json } from './json-line.js';

/** `--approval-mode` values of the Gemini CLI, the default first. */
/** The values `permission_mode` takes, the default first (listed in plan/model.ts for the plan checks). */
export const GEMINI_APPROVAL_MODES = PERMISSION_MODES.gemini;

/** The most text kept while waiting for the end of a pretty-printed `json` answer (a runaway stream is cut). */
const MAX_BUFFER = 8 * 1024 * 1024;

/** The Gemini CLI as baton starts and reads it. */
export const geminiAdapter: AdapterSpec = {
  name: 'gemini',
  bin: 'gemini',
  versionArgs: ['--version'],
  permissionModes: GEMINI_APPROVAL_MODES,
  invocation: geminiInvocation,
  parser: () => new GeminiParser(),
};

/** The argv of one attempt; `agent.args` come last, so they can add flags (`--include-directories`). */
export function geminiInvocation(agent: Agent, prompt: PromptInput): Invocation {
  const args = ['--output-format', 'stream-json', '--approval-mode', agent.permissionMode ?? GEMINI_APPROVAL_MODES[0]];
  if (agent.model !== undefined) args.push('--model', agent.model);
  args.push(...agent.args);
  return { bin: agent.bin ?? geminiAdapter.bin, args, stdin: prompt.text };
}

const STREAM_TYPES = new Set(['init', 'message', 'tool_use', 'tool_result', 'error', 'result']);

/**
 * Reads `stream-json` events, or one `json` answer spread over many lines. Assistant `delta` chunks are joined
 * into one message, reported as progress when something else happens; the final message is the last such
 * message. `result` (stream) or the answer object (json) carries the verdict and the session's token totals.
 */
export class GeminiParser implements OutputParser {
  private pending = '';
  private lastText = '';
  private buffer: string[] | undefined;
  private bufferSize = 0;

  line(text: string): AgentEvent[] {
    const event = parseJsonObject(text);
    if (event !== undefined && typeof event['type'] === 'string' && STREAM_TYPES.has(event['type'])) {
      return this.streamEvent(event);
    }
    if (event !== undefined && this.buffer === undefined) return [...this.flush(), ...this.answer(event)];
    return this.jsonLine(text);
  }

  end(): AgentEvent[] {
    const buffered = this.buffer === undefined ? undefined : parseJsonObject(this.buffer.join('\n'));
    const rest = this.buffer !== undefined && buffered === undefined ? this.buffer.filter((line) => line.trim() !== '') : [];
    this.buffer = undefined;
    const progress = rest.map((line): AgentEvent => ({ kind: 'progress', text: line }));
    return [...this.flush(), ...progress, ...(buffered === undefined ? [] : this.answer(buffered))];
  }

  private streamEvent(event: Json): AgentEvent[] {
    switch (event['type']) {
      case 'message':
        return this.message(event);
      case 'tool_use':
        return [...this.flush(), { kind: 'tool', name: str(event['tool_name']), detail: toolDetail(event['parameters']) }];
      case 'tool_result': {
        if (event['status'] !== 'error') return [];
        return [...this.flush(), { kind: 'progress', text: `tool failed: ${str(asObject(event['error'])['message'])}` }];
      }
      case 'error':
        return [...this.flush(), { kind: 'progress', text: `${str(event['severity']) || 'error'}: ${str(event['message'])}` }];
      case 'result':
        return [...this.flush(), ...this.streamResult(event)];
      default:
        return [];
    }
  }

  private message(event: Json): AgentEvent[] {
    if (event['role'] !== 'assistant') return [];
    if (event['delta'] === true) {
      this.pending += str(event['content']);
      return [];
    }
    return [...this.flush(), ...this.say(str(event['content']))];
  }

  private streamResult(event: Json): AgentEvent[] {
    const stats = asObject(event['stats']);
    const usage: AgentEvent[] = 'input_tokens' in stats || 'output_tokens' in stats
      ? [{ kind: 'usage', usage: tokens(num(stats['input_tokens']), num(stats['output_tokens'])) }]
      : [];
    const failed = event['status'] === 'error';
    const message = failed ? str(asObject(event['error'])['message']) || 'gemini reported an error' : this.lastText;
    return [...usage, { kind: 'result', status: failed ? 'error' : 'success', message }];
  }

  /** The `json` format's one answer: `{ session_id, response, stats: SessionMetrics, error? }`. */
  private answer(output: Json): AgentEvent[] {
    if (!('response' in output || 'stats' in output || 'error' in output)) return [{ kind: 'progress', text: JSON.stringify(output) }];
    const events: AgentEvent[] = [...this.say(str(output['response']))];
    const models = Object.values(asObject(asObject(output['stats'])['models'])).map((model) => asObject(asObject(model)['tokens']));
    if (models.length > 0) {
      const input = models.reduce((sum, t) => sum + num(t['prompt']), 0);
      // Thinking is billed as output but not counted in `candidates`.
      const generated = models.reduce((sum, t) => sum + num(t['candidates']) + num(t['thoughts']), 0);
      events.push({ kind: 'usage', usage: tokens(input, generated) });
    }
    const error = output['error'] === undefined || output['error'] === null ? undefined : asObject(output['error']);
    if (error !== undefined) return [...events, { kind: 'result', status: 'error', message: str(error['message']) || 'gemini reported an error' }];
    return [...events, { kind: 'result', status: 'success', message: this.lastText }];
  }

  /** A line of a pretty-printed answer (from its `{` line to its closing `}` line), else plain text. */
  private jsonLine(text: string): AgentEvent[] {
    if (this.buffer === undefined) {
      if (text !== '{') return text.trim() === '' ? [] : [...this.flush(), { kind: 'progress', text }];
      this.buffer = [];
      this.bufferSize = 0;
    }
    this.buffer.push(text);
    this.bufferSize += text.length + 1;
    if (text !== '}' && this.bufferSize <= MAX_BUFFER) return [];
    return this.end();
  }

  private flush(): AgentEvent[] {
    const text = this.pending;
    this.pending = '';
    return this.say(text);
  }

  private say(text: string): AgentEvent[] {
    if (text.trim() === '') return [];
    this.lastText = text;
    return [{ kind: 'progress', text }];
  }
}

function tokens(inputTokens: number, outputTokens: number): Usage {
  return { inputTokens, outputTokens, costUsd: undefined };
}

/** What a tool was used on: its path or command when it has one, else its parameters as JSON, shortened. */
function toolDetail(parameters: unknown): string {
  const params = asObject(parameters);
  for (const key of ['file_path', 'absolute_path', 'path', 'dir_path', 'command', 'pattern', 'url', 'query']) {
    const value = params[key];
    if (typeof value === 'string') return shortDetail(value);
  }
  return shortDetail(JSON.stringify(params));
}
