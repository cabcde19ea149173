/**
 * The OpenAI Codex CLI, run non-interactively: `codex exec --json --skip-git-repo-check --sandbox <mode>
 * [--model M] [agent.args] -`, the prompt on stdin (`-` as the prompt argument makes `exec` read it there, so
 * no prompt size limit of argv applies).
 *
 * Why these flags (openai/codex `codex-rs/exec/src/cli.rs` and `docs/exec.md`):
 * - `exec` never asks for approvals, so nothing waits on a person; what the agent may do is the sandbox's
 *   business: `--sandbox workspace-write` by default (writes inside the workspace, no network), `read-only`
 *   for reviewers, `danger-full-access` only when a plan asks for it. `--full-auto` is deprecated in newer
 *   releases (a warning, then a hidden trap), so it is not used.
 * - `--skip-git-repo-check`: `exec` refuses to run outside a git repository; a worktree passes the check, but
 *   an action in `workspace: none` outside git must run too, and baton keeps its own record of what changed.
 * - `--json`: one JSON event per line on stdout (`thread.started`, `turn.started`, `item.started|updated|
 *   completed`, `turn.completed` with usage, `turn.failed`, `error`), parsed by {@link CodexParser}.
 *
 * Codex reports tokens but no money; the agent's `price` turns tokens into cost elsewhere.
 */
import { PERMISSION_MODES } from '../../plan/model.js';
import type { Agent } from '../../plan/model.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from '../adapter.js';
import { asArray, asObject, num, parseJsonObject, shortDetail, str } from './json-line.js';
import type { Json } from './json-line.js';

/** `--sandbox` values of `codex exec`, the default first (workspace writes, no network). */
/** The values `permission_mode` takes, the default first (listed in plan/model.ts for the plan checks). */
export const CODEX_SANDBOX_MODES = PERMISSION_MODES.codex;

/** The Codex CLI as baton starts and reads it. */
export const codexAdapter: AdapterSpec = {
  name: 'codex',
  bin: 'codex',
  versionArgs: ['--version'],
  permissionModes: CODEX_SANDBOX_MODES,
  invocation: codexInvocation,
  parser: () => new CodexParser(),
};

/**
 * The argv of one attempt. `agent.args` go after baton's flags and before `-`, so they can add options (`-c
 * key=value`, `--add-dir`) but not repeat one baton sets: clap rejects a repeated `--sandbox` or `--model`,
 * which are set with `permission_mode` and `model` instead.
 */
export function codexInvocation(agent: Agent, prompt: PromptInput): Invocation {
  const sandbox = agent.permissionMode ?? CODEX_SANDBOX_MODES[0];
  const args = ['exec', '--json', '--skip-git-repo-check', '--sandbox', sandbox];
  if (agent.model !== undefined) args.push('--model', agent.model);
  args.push(...agent.args, '-');
  return { bin: agent.bin ?? codexAdapter.bin, args, stdin: prompt.text };
}

/**
 * Reads `codex exec --json` output. Tools are reported when they start (a long command shows while it runs), or
 * when they complete if their start was never seen (`file_change` only ever completes). The final message is
 * the last `agent_message`; `turn.completed` is the success verdict, `turn.failed` the error one. An `error`
 * event alone is not a verdict (Codex reports stream retries that way) unless the stream ends without one.
 */
export class CodexParser implements OutputParser {
  private lastMessage = '';
  private lastError: string | undefined;
  private verdict = false;
  private readonly started = new Set<string>();

  line(text: string): AgentEvent[] {
    const event = parseJsonObject(text);
    if (event === undefined) return text.trim() === '' ? [] : [{ kind: 'progress', text }];
    switch (event['type']) {
      case 'item.started':
        return this.itemStarted(asObject(event['item']));
      case 'item.completed':
        return this.itemCompleted(asObject(event['item']));
      case 'turn.completed':
        return this.turnCompleted(asObject(event['usage']));
      case 'turn.failed':
        return this.finish('error', str(asObject(event['error'])['message']) || this.lastError || 'turn failed');
      case 'error':
        this.lastError = str(event['message']);
        return [{ kind: 'progress', text: `error: ${this.lastError}` }];
      default:
        return [];
    }
  }

  end(): AgentEvent[] {
    return !this.verdict && this.lastError !== undefined ? this.finish('error', this.lastError) : [];
  }

  private itemStarted(item: Json): AgentEvent[] {
    const tool = toolOf(item);
    if (tool === undefined) return [];
    this.started.add(str(item['id']));
    return [tool];
  }

  private itemCompleted(item: Json): AgentEvent[] {
    const type = item['type'];
    if (type === 'agent_message') {
      this.lastMessage = str(item['text']);
      return [{ kind: 'progress', text: this.lastMessage }];
    }
    if (type === 'reasoning') return [{ kind: 'progress', text: str(item['text']) }];
    if (type === 'error') return [{ kind: 'progress', text: `warning: ${str(item['message'])}` }];
    const tool = toolOf(item);
    return tool === undefined || this.started.delete(str(item['id'])) ? [] : [tool];
  }

  private turnCompleted(usage: Json): AgentEvent[] {
    const total: Usage = { inputTokens: num(usage['input_tokens']), outputTokens: num(usage['output_tokens']), costUsd: undefined };
    return [{ kind: 'usage', usage: total }, ...this.finish('success', this.lastMessage)];
  }

  private finish(status: 'success' | 'error', message: string): AgentEvent[] {
    this.verdict = true;
    return [{ kind: 'result', status, message }];
  }
}

/** The tool event of an item that is a tool use (a command, a patch, an MCP call, a web search). */
function toolOf(item: Json): AgentEvent | undefined {
  const type = str(item['type']);
  const detail = toolDetail(type, item);
  return detail === undefined ? undefined : { kind: 'tool', name: type, detail: shortDetail(detail) };
}

function toolDetail(type: string, item: Json): string | undefined {
  switch (type) {
    case 'command_execution':
      return str(item['command']);
    case 'file_change':
      return asArray(item['changes'])
        .map((change) => `${str(asObject(change)['kind'])} ${str(asObject(change)['path'])}`)
        .join(', ');
    case 'mcp_tool_call':
      return `${str(item['server'])}.${str(item['tool'])}`;
    case 'web_search':
      return str(item['query']);
    default:
      return undefined;
  }
}
