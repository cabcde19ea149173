/**
 * Any CLI as an agent: the plan gives the argv template (`command`), baton fills in `{{prompt}}`,
 * `{{prompt_file}}` and `{{model}}` by plain string replacement inside each argument — never through a shell,
 * so a prompt full of quotes and `$(…)` reaches the program as written. Its output is plain text: every line is
 * progress, and the last lines are its final message. It reports no usage and has no permission modes.
 */
import type { Agent, PromptVia } from '../../plan/model.js';
import type { AdapterSpec, AgentEvent, Invocation, OutputParser, PromptInput } from '../adapter.js';

export const commandAdapter: AdapterSpec = {
  name: 'command',
  // Only used when the agent gives neither `bin` nor `command`; the plan's checks require one of them.
  bin: 'false',
  versionArgs: ['--version'],
  permissionModes: [],
  invocation: commandInvocation,
  parser: () => new PlainTextParser(),
};

/**
 * The program and its arguments. Without `bin`, the template's first element is the program and the rest its
 * arguments; with `bin`, the whole template is arguments (so `bin` can point a shared template at a wrapper).
 * Delivery: `prompt_via` when given; else `arg` if the template uses `{{prompt}}`, `file` if it uses
 * `{{prompt_file}}`, else `stdin` (no length limit, nothing on the command line). With `arg` the prompt is
 * appended as the last argument unless the template places it; with `file` the prompt file's path likewise.
 * `{{model}}` is the agent's model, or empty when it has none.
 */
export function commandInvocation(agent: Agent, prompt: PromptInput): Invocation {
  const template = agent.command;
  const program = agent.bin ?? template[0] ?? commandAdapter.bin;
  const rest = agent.bin === undefined ? template.slice(1) : template;
  const via = promptVia(agent);
  const fill = (arg: string): string =>
    arg.replaceAll('{{prompt}}', prompt.text).replaceAll('{{prompt_file}}', prompt.file).replaceAll('{{model}}', agent.model ?? '');
  const args = [...rest, ...agent.args].map(fill);
  if (via === 'arg' && !uses(template, '{{prompt}}')) args.push(prompt.text);
  if (via === 'file' && !uses(template, '{{prompt_file}}')) args.push(prompt.file);
  return { bin: program, args, stdin: via === 'stdin' ? prompt.text : undefined };
}

function promptVia(agent: Agent): PromptVia {
  if (agent.promptVia !== undefined) return agent.promptVia;
  if (uses(agent.command, '{{prompt}}')) return 'arg';
  if (uses(agent.command, '{{prompt_file}}')) return 'file';
  return 'stdin';
}

function uses(template: readonly string[], placeholder: string): boolean {
  return template.some((arg) => arg.includes(placeholder));
}

/** How much of the end of the output is the final message. */
const FINAL_LINES = 40;
const FINAL_CHARS = 4096;

/**
 * Plain text: each non-empty line is `progress`. At the end, the last non-empty lines (at most 40, at most 4 KB)
 * are the final message, reported as a `success` result: a plain CLI has no verdict of its own, so its exit
 * code decides how the attempt went.
 */
export class PlainTextParser implements OutputParser {
  private readonly tail: string[] = [];

  line(text: string): AgentEvent[] {
    if (text.trim() === '') return [];
    this.tail.push(text);
    if (this.tail.length > FINAL_LINES) this.tail.shift();
    return [{ kind: 'progress', text }];
  }

  end(): AgentEvent[] {
    if (this.tail.length === 0) return [];
    let message = this.tail.join('\n');
    if (message.length > FINAL_CHARS) {
      const cut = message.slice(-FINAL_CHARS);
      const newline = cut.indexOf('\n');
      message = newline >= 0 && newline < cut.length - 1 ? cut.slice(newline + 1) : cut;
    }
    return [{ kind: 'result', status: 'success', message }];
  }
}
