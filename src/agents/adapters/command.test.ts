import { describe, expect, it } from 'vitest';
import type { Agent } from '../../plan/model.js';
import type { AgentEvent } from '../adapter.js';
import { testAgent } from '../test-agent.js';
import { commandAdapter, PlainTextParser } from './command.js';

const agent = (overrides: Partial<Agent>) => testAgent({ use: 'command', ...overrides });

const PROMPT = { text: 'Fix "it"; $(rm -rf /) `x`', file: '/runs/r1/prompts/a.1.md' };

describe('starting any CLI from its argv template', () => {
  it('sends the prompt on stdin when the template names no placeholder', () => {
    expect(commandAdapter.invocation(agent({ command: ['my-agent', '--quiet'] }), PROMPT)).toEqual({ bin: 'my-agent', args: ['--quiet'], stdin: PROMPT.text });
  });

  it('fills placeholders inside arguments by plain replacement, never through a shell', () => {
    const invocation = commandAdapter.invocation(agent({ command: ['tool', '--prompt={{prompt}}', '--model', '{{model}}'], model: 'big' }), PROMPT);
    expect(invocation).toEqual({ bin: 'tool', args: [`--prompt=${PROMPT.text}`, '--model', 'big'], stdin: undefined });
  });

  it('appends the prompt as the last argument with prompt_via arg unless the template places it', () => {
    expect(commandAdapter.invocation(agent({ command: ['tool', 'run'], promptVia: 'arg' }), PROMPT).args).toEqual(['run', PROMPT.text]);
    expect(commandAdapter.invocation(agent({ command: ['tool', '{{prompt}}', '--yes'], promptVia: 'arg' }), PROMPT).args).toEqual([PROMPT.text, '--yes']);
  });

  it('appends the prompt file with prompt_via file unless the template places it', () => {
    expect(commandAdapter.invocation(agent({ command: ['tool'], promptVia: 'file' }), PROMPT)).toEqual({ bin: 'tool', args: [PROMPT.file], stdin: undefined });
    expect(commandAdapter.invocation(agent({ command: ['tool', '-f', '{{prompt_file}}'] }), PROMPT)).toEqual({ bin: 'tool', args: ['-f', PROMPT.file], stdin: undefined });
  });

  it('still fills a placeholder when the prompt goes on stdin too', () => {
    const invocation = commandAdapter.invocation(agent({ command: ['tool', '--log', '{{prompt_file}}'], promptVia: 'stdin' }), PROMPT);
    expect(invocation).toEqual({ bin: 'tool', args: ['--log', PROMPT.file], stdin: PROMPT.text });
  });

  it('treats the whole template as arguments when the agent gives a bin, and adds the agent\'s args', () => {
    const invocation = commandAdapter.invocation(agent({ bin: '/opt/wrapper', command: ['exec', '--model={{model}}'], args: ['--fast'] }), PROMPT);
    expect(invocation).toEqual({ bin: '/opt/wrapper', args: ['exec', '--model=', '--fast'], stdin: PROMPT.text });
  });

  it('has no permission modes', () => {
    expect(commandAdapter.permissionModes).toEqual([]);
  });
});

describe('reading plain text output', () => {
  function parse(lines: string[]): AgentEvent[] {
    const parser = new PlainTextParser();
    return [...lines.flatMap((line) => parser.line(line)), ...parser.end()];
  }

  it('reports each non-empty line as progress and the last lines as the final message', () => {
    expect(parse(['working', '', 'done: 3 files'])).toEqual([
      { kind: 'progress', text: 'working' },
      { kind: 'progress', text: 'done: 3 files' },
      { kind: 'result', status: 'success', message: 'working\ndone: 3 files' },
    ]);
  });

  it('keeps at most the last 40 lines in the final message', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `line ${i + 1}`);
    const result = parse(lines).at(-1);
    expect(result?.kind === 'result' && result.message.split('\n')).toEqual(lines.slice(60));
  });

  it('keeps at most 4 KB of the end, cut at a line start', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i}:${'x'.repeat(300)}`);
    const result = parse(lines).at(-1);
    const message = result?.kind === 'result' ? result.message : '';
    expect(message.length).toBeLessThanOrEqual(4096);
    expect(message.endsWith(lines[29] ?? '?')).toBe(true);
    expect(lines).toContain(message.split('\n')[0]);
  });

  it('reports no result for a CLI that printed nothing', () => {
    expect(parse([])).toEqual([]);
  });
});
