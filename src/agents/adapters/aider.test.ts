import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../adapter.js';
import { testAgent } from '../test-agent.js';
import { AIDER_MAX_FINAL, AiderParser, aiderAdapter, aiderInvocation } from './aider.js';

const prompt = { text: 'Fix the bug.', file: '/run/prompts/fix.md' };

function parse(lines: readonly string[]): AgentEvent[] {
  const parser = new AiderParser();
  return [...lines.flatMap((line) => parser.line(line)), ...parser.end()];
}

// The output of a real `aider --message ...` run (aider v0.86.2, whole edit format) as a public session log
// recorded it; reply shortened.
const SESSION = [
  '────────────────────────────────────────────────────────────────────────────────',
  'Aider v0.86.2',
  'Model: gpt-4o-mini with whole edit format',
  'Git repo: none',
  'Repo-map: disabled',
  '',
  'I will create the necessary files to implement the health check endpoint as     ',
  'specified.                                                                      ',
  '',
  'src/app.ts',
  '',
  'Tokens: 1.4k sent, 150 received. Cost: $0.00030 message, $0.00030 session.',
  '',
  'src/app.ts',
  'Applied edit to src/index.ts',
  'Applied edit to src/app.ts',
];

describe('aider invocation', () => {
  it('runs one message from the prompt file, unattended, with its histories beside the prompt', () => {
    const invocation = aiderInvocation(testAgent({ use: 'aider' }), prompt);
    expect(invocation.bin).toBe('aider');
    expect(invocation.stdin).toBeUndefined();
    expect(invocation.args.slice(0, 2)).toEqual(['--message-file', '/run/prompts/fix.md']);
    expect(invocation.args).toEqual(expect.arrayContaining([
      '--yes-always', '--no-pretty', '--no-stream', '--no-check-update', '--no-show-model-warnings',
      '--no-auto-commits', '--no-dirty-commits', '--no-gitignore',
    ]));
    expect(invocation.args.slice(-4)).toEqual([
      '--chat-history-file', '/run/prompts/fix.md.aider.chat.md', '--input-history-file', '/run/prompts/fix.md.aider.input',
    ]);
  });

  it('adds the model, then the agent args last so they can override a default', () => {
    const invocation = aiderInvocation(testAgent({ use: 'aider', model: 'sonnet', args: ['--auto-commits'] }), prompt);
    expect(invocation.args.slice(-3)).toEqual(['--model', 'sonnet', '--auto-commits']);
  });

  it('has no permission modes', () => {
    expect(aiderAdapter.permissionModes).toEqual([]);
  });
});

describe('aider output parser', () => {
  it('reads a real session: status lines, the reply with its usage and cost, the applied edits, the final reply', () => {
    const reply = 'I will create the necessary files to implement the health check endpoint as\nspecified.\n\nsrc/app.ts';
    expect(parse(SESSION)).toEqual([
      { kind: 'progress', text: '────────────────────────────────────────────────────────────────────────────────' },
      { kind: 'progress', text: 'Aider v0.86.2' },
      { kind: 'progress', text: 'Model: gpt-4o-mini with whole edit format' },
      { kind: 'progress', text: 'Git repo: none' },
      { kind: 'progress', text: 'Repo-map: disabled' },
      { kind: 'progress', text: reply },
      { kind: 'usage', usage: { inputTokens: 1400, outputTokens: 150, costUsd: 0.0003 } },
      { kind: 'tool', name: 'Edit', detail: 'src/index.ts' },
      { kind: 'tool', name: 'Edit', detail: 'src/app.ts' },
      { kind: 'progress', text: 'src/app.ts' },
      { kind: 'result', status: 'success', message: reply },
    ]);
  });

  // Report lines from aider's chat histories in public repositories, and the forms base_coder.py prints.
  it('adds up the token counts of every model call and keeps the last session cost', () => {
    const events = parse([
      'First reply.',
      'Tokens: 2.4k sent, 193 received. Cost: $0.01 message, $0.01 session.',
      'Second reply.',
      'Tokens: 14k sent, 1,050 received. Cost: $0.05 message, $0.06 session.',
    ]);
    expect(events.filter((event) => event.kind === 'usage').at(-1)).toEqual({
      kind: 'usage', usage: { inputTokens: 16400, outputTokens: 1243, costUsd: 0.06 },
    });
    expect(events.at(-1)).toEqual({ kind: 'result', status: 'success', message: 'Second reply.' });
  });

  it('reads cache counts, a cost on the next line, a report without cost, and M suffixes', () => {
    const events = parse([
      'Reply.',
      'Tokens: 1.2M sent, 3.1k cache write, 2.0k cache hit, 950 received.',
      'Cost: $1.23 message, $4.56 session.',
      'Tokens: 1,234 sent, 1,000 cached, 56 received.',
    ]);
    expect(events.filter((event) => event.kind === 'usage')).toEqual([
      { kind: 'usage', usage: { inputTokens: 1_200_000, outputTokens: 950, costUsd: undefined } },
      { kind: 'usage', usage: { inputTokens: 1_200_000, outputTokens: 950, costUsd: 4.56 } },
      { kind: 'usage', usage: { inputTokens: 1_201_234, outputTokens: 1006, costUsd: 4.56 } },
    ]);
  });

  it('reports commits and shell commands as tools, and strips colours', () => {
    expect(parse(['\u001b[32mCommit fd309e1 docs: Update checklist\u001b[0m', 'Running npm test'])).toEqual([
      { kind: 'tool', name: 'Commit', detail: 'fd309e1 docs: Update checklist' },
      { kind: 'tool', name: 'Shell', detail: 'npm test' },
    ]);
  });

  it('turns a model error after the last reply into an error verdict (aider itself exits 0)', () => {
    const events = parse([
      'Aider v0.86.2',
      'litellm.AuthenticationError: AnthropicException - invalid x-api-key',
      'The API provider is not able to authenticate you. Check your API key.',
    ]);
    expect(events.at(-1)).toEqual({
      kind: 'result', status: 'error', message: 'The API provider is not able to authenticate you. Check your API key.',
    });
  });

  it('gives no verdict when the output ends before any token report, but still reports the text', () => {
    expect(parse(['Aider v0.86.2', 'Half a repl'])).toEqual([
      { kind: 'progress', text: 'Aider v0.86.2' },
      { kind: 'progress', text: 'Half a repl' },
    ]);
  });

  it('keeps the end of a very long reply as the final message', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`);
    const events = parse([...lines, 'Tokens: 10k sent, 20k received.']);
    const result = events.at(-1);
    expect(result?.kind).toBe('result');
    const message = result?.kind === 'result' ? result.message : '';
    expect(message.length).toBeLessThanOrEqual(AIDER_MAX_FINAL + 1);
    expect(message.endsWith(`line 2999 ${'x'.repeat(40)}`)).toBe(true);
  });
});
