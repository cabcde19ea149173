/**
 * Aider, run on one message: `aider --message-file <prompt file> --yes-always --no-pretty --no-stream ...`.
 * Aider reads the prompt from the file baton already wrote (no argv size limit), answers, applies its edits and
 * exits. The flags keep it unattended and keep its own files out of the work (Aider-AI/aider
 * aider/website/docs/config/options.md):
 * - `--yes-always`: every confirmation is answered yes (creating files, adding files to the chat), except
 *   running a shell command the model suggests, which aider then answers no (aider/io.py confirm_ask,
 *   `explicit_yes_required`); `--no-suggest-shell-commands` so the model does not count on them.
 * - `--no-pretty --no-stream`: plain text, each reply printed whole; `--no-fancy-input`: no prompt_toolkit.
 * - `--no-check-update --no-show-release-notes --no-analytics --no-show-model-warnings --no-detect-urls`:
 *   nothing that asks a question, opens a browser or waits on the network before the work starts.
 * - `--no-auto-commits --no-dirty-commits`: baton commits what an attempt leaves, with its run/action trailers,
 *   once the attempt succeeded; aider committing on its own would put commits without them on the branch
 *   (and commit the user's pending changes first in `workspace: none`).
 * - `--no-gitignore`: aider would otherwise add `.aider*` to the repository's `.gitignore`, a change baton would
 *   commit. The chat and input histories go next to the prompt file (`<prompt>.aider.chat.md`,
 *   `<prompt>.aider.input`), in the run's directory, where they are kept as evidence instead of landing in the
 *   worktree. One file cannot be moved: the repo-map cache `.aider.tags.cache.v4/` at the repository root
 *   (aider/repomap.py TAGS_CACHE_DIR); excluding `.aider*` in `.git/info/exclude` keeps it out of commits.
 *
 * Its output is plain text; {@link AiderParser} reads the token and cost report aider prints after each model
 * call, the edits it applied, and the reply. `permission_mode` does not apply (aider has no sandbox).
 */
import type { Agent } from '../../plan/model.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput, Usage } from '../adapter.js';

/** The longest final message kept: aider's reply holds whole edit blocks; its end is the part worth keeping. */
export const AIDER_MAX_FINAL = 32 * 1024;

/** Aider as baton starts and reads it. */
export const aiderAdapter: AdapterSpec = {
  name: 'aider',
  bin: 'aider',
  versionArgs: ['--version'],
  permissionModes: [],
  invocation: aiderInvocation,
  parser: () => new AiderParser(),
};

const UNATTENDED = [
  '--yes-always', '--no-pretty', '--no-stream', '--no-fancy-input',
  '--no-check-update', '--no-show-release-notes', '--no-analytics', '--no-show-model-warnings', '--no-detect-urls',
  '--no-suggest-shell-commands', '--no-auto-commits', '--no-dirty-commits', '--no-gitignore',
];

/** The argv of one attempt; `agent.args` come after baton's flags, so `--auto-commits` there turns them back on. */
export function aiderInvocation(agent: Agent, prompt: PromptInput): Invocation {
  const args = [
    '--message-file', prompt.file, ...UNATTENDED,
    '--chat-history-file', `${prompt.file}.aider.chat.md`, '--input-history-file', `${prompt.file}.aider.input`,
  ];
  if (agent.model !== undefined) args.push('--model', agent.model);
  args.push(...agent.args);
  return { bin: agent.bin ?? aiderAdapter.bin, args, stdin: undefined };
}

// aider/coders/base_coder.py calculate_and_show_tokens_and_cost: "Tokens: 2.3k sent, 1.1k cache write, 2.0k
// cache hit, 150 received." then " Cost: $0.01 message, $0.05 session." on the same line (or the next one when
// both cache counts are shown). Counts are per model call, rounded by aider/utils.py format_tokens ("950",
// "2.3k", "23k"); older versions printed "1,234". The session cost is cumulative.
const TOKENS = /^Tokens:\s+([\d.,]+[kKmM]?)\s+sent\b.*?\s([\d.,]+[kKmM]?)\s+received\b/;
const COST = /Cost:\s+\$([\d.,]+)\s+message,\s+\$([\d.,]+)\s+session/;
const TOOLS: readonly (readonly [RegExp, string])[] = [
  [/^Applied edit to (.+)$/, 'Edit'],
  [/^Commit ([0-9a-f]{7,40} .*)$/, 'Commit'],
  [/^Running (.+)$/, 'Shell'],
];
const ERROR = /^(litellm\.\w*(Error|Exception)\b|The API provider\b)/;
/** Lines aider prints about itself, never part of the model's reply. */
const STATUS = [
  /^Aider v\d/, /^Tokens: /, /^(Main model|Weak model|Editor model|Model|Git repo|Repo-map):/, /^Added .+ to the chat/,
  /^Use \/help\b/, /^https:\/\/aider\.chat\//, /^[─-]{10,}$/, /\(Y\)es\/\(N\)o/, /^Did not apply edit to /,
  /^Committing .+ before applying edits/, /^Retrying in /, /^Skipping edits to /, /^Creating empty file /,
  /^Warning: /, /^You can use \/undo/, /^Only \d+ reflections allowed/, /^The LLM did not conform to the edit format/,
];

/**
 * Reads aider's plain output. Status lines and the token report are progress as they come; the lines of a reply
 * are held until its token report (aider prints it right after the reply) and reported as one message, which
 * is the final message when it is the last. Usage adds up the reports' counts; cost is the last session cost.
 * Aider has no verdict of its own: the parser gives one at the end, an error when a model error came after
 * the last token report (aider exits 0 on those), else a success when a reply was reported, else none.
 */
export class AiderParser implements OutputParser {
  private reply: string[] = [];
  private replySize = 0;
  private lastReply: string | undefined;
  private lastError: string | undefined;
  private inputTokens = 0;
  private outputTokens = 0;
  private costUsd: number | undefined;

  line(raw: string): AgentEvent[] {
    const text = stripAnsi(raw).trimEnd();
    const tokens = TOKENS.exec(text);
    if (tokens !== null) return this.report(count(tokens[1]), count(tokens[2]), COST.exec(text));
    const cost = COST.exec(text);
    if (cost !== null && text.startsWith('Cost:')) return this.cost(cost);
    for (const [pattern, name] of TOOLS) {
      const match = pattern.exec(text);
      if (match !== null) return [{ kind: 'tool', name, detail: match[1] ?? '' }];
    }
    if (ERROR.test(text)) {
      this.lastError = text;
      return [{ kind: 'progress', text }];
    }
    if (STATUS.some((pattern) => pattern.test(text))) return [{ kind: 'progress', text }];
    this.hold(text);
    return [];
  }

  end(): AgentEvent[] {
    const leftover = this.takeReply();
    const events: AgentEvent[] = leftover === undefined ? [] : [{ kind: 'progress', text: leftover }];
    if (this.lastError !== undefined) return [...events, { kind: 'result', status: 'error', message: this.lastError }];
    if (this.lastReply === undefined) return events;
    return [...events, { kind: 'result', status: 'success', message: capFinal(this.lastReply) }];
  }

  private report(sent: number, received: number, cost: RegExpExecArray | null): AgentEvent[] {
    this.inputTokens += sent;
    this.outputTokens += received;
    if (cost !== null) this.costUsd = money(cost[2]);
    const reply = this.takeReply();
    if (reply !== undefined) this.lastReply = reply;
    this.lastError = undefined;
    return [...(reply === undefined ? [] : [{ kind: 'progress', text: reply } as const]), this.usage()];
  }

  private cost(cost: RegExpExecArray): AgentEvent[] {
    this.costUsd = money(cost[2]);
    return [this.usage()];
  }

  private usage(): AgentEvent {
    const usage: Usage = { inputTokens: this.inputTokens, outputTokens: this.outputTokens, costUsd: this.costUsd };
    return { kind: 'usage', usage };
  }

  /** Keeps a reply line; a reply far past the cap keeps its end only, so memory stays bounded. */
  private hold(text: string): void {
    this.reply.push(text);
    this.replySize += text.length + 1;
    while (this.replySize > 2 * AIDER_MAX_FINAL && this.reply.length > 1) this.replySize -= (this.reply.shift() ?? '').length + 1;
  }

  private takeReply(): string | undefined {
    const text = this.reply.join('\n').trim();
    this.reply = [];
    this.replySize = 0;
    return text === '' ? undefined : text;
  }
}

/** "950" → 950, "2.3k" → 2300, "23k" → 23000, "1.2M" → 1200000, "1,234" → 1234 (aider rounds; so does this). */
function count(text: string | undefined): number {
  const match = /^([\d.,]+)([kKmM]?)$/.exec(text ?? '');
  if (match === null) return 0;
  const value = Number((match[1] ?? '').replaceAll(',', ''));
  const scale = { k: 1e3, K: 1e3, m: 1e6, M: 1e6 }[match[2] ?? ''] ?? 1;
  return Number.isFinite(value) ? Math.round(value * scale) : 0;
}

function money(text: string | undefined): number | undefined {
  const value = Number((text ?? '').replaceAll(',', ''));
  return Number.isFinite(value) ? value : undefined;
}

function capFinal(text: string): string {
  return text.length > AIDER_MAX_FINAL ? `…${text.slice(text.length - AIDER_MAX_FINAL)}` : text;
}

function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '');
}
