import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { geminiAdapter } from './gemini.js';
import { exitOf, makeFakeCli, removeFakeClis, resultOf } from './fake-cli.js';
import type { FakeCli } from './fake-cli.js';

let fake: FakeCli;
beforeEach(() => {
  fake = makeFakeCli(geminiAdapter);
});
afterEach(removeFakeClis);

describe('gemini through the fake CLI', () => {
  it('does the work, reads the prompt from stdin and reports tools, usage priced by the agent, and its final message', async () => {
    const price = { inputPerMTok: 1.25, outputPerMTok: 10 };
    const events = await fake.run('@write src/a.txt hello\n@say All set.\n@usage 2000 100', { agent: { price } });
    expect(readFileSync(join(fake.work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    // The CLI puts stdin first and the (empty) -p prompt after a blank line.
    expect(readFileSync(join(fake.root, 'prompts', '1.txt'), 'utf8')).toBe('@write src/a.txt hello\n@say All set.\n@usage 2000 100\n\n');
    expect(events[0]?.kind).toBe('started');
    expect(events).toContainEqual({ kind: 'tool', name: 'write_file', detail: 'src/a.txt' });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 2000, outputTokens: 100, costUsd: 0.0035 } });
    expect(resultOf(events)).toEqual({ kind: 'result', status: 'success', message: 'All set.\nDone: wrote 1 file(s).' });
    expect(exitOf(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
  });

  it('reads the json format too when the agent asks for it in its args', async () => {
    const events = await fake.run('@say Fine.\n@usage 10 5', { agent: { args: ['--output-format', 'json'] } });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 10, outputTokens: 5, costUsd: undefined } });
    expect(resultOf(events)).toEqual({ kind: 'result', status: 'success', message: 'Fine.\nDone: wrote 0 file(s).' });
  });

  it('passes the approval mode and model to the CLI, which rejects a mode it does not know', async () => {
    const events = await fake.run('hi', { agent: { permissionMode: 'sometimes' } });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
    expect(readFileSync(join(fake.root, 'logs', 'agent.log'), 'utf8')).toContain('Argument: approval-mode, Given: "sometimes"');
  });

  it('keeps a line cut off in the middle as progress and gives no verdict', async () => {
    const events = await fake.run('hi', { mode: 'partial' });
    expect(resultOf(events)).toBeUndefined();
    expect(events).toContainEqual({ kind: 'progress', text: '{"type":"message","timestamp":"' });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
  });

  it('shows the command a hanging CLI is stuck in, and stops it when aborted', async () => {
    const events = await fake.run('hi', { mode: 'hang', until: (event) => event.kind === 'tool' && event.name === 'run_shell_command' });
    expect(events).toContainEqual({ kind: 'tool', name: 'run_shell_command', detail: 'sleep 100000' });
    expect(exitOf(events)).toMatchObject({ aborted: true, timedOut: false });
  });
});
