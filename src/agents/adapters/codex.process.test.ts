import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexAdapter } from './codex.js';
import { exitOf, makeFakeCli, removeFakeClis, resultOf } from './fake-cli.js';
import type { FakeCli } from './fake-cli.js';

let fake: FakeCli;
beforeEach(() => {
  fake = makeFakeCli(codexAdapter);
});
afterEach(removeFakeClis);

describe('codex through the fake CLI', () => {
  it('does the work, reads the prompt from stdin and reports tools, usage priced by the agent, and its final message', async () => {
    const price = { inputPerMTok: 1.25, outputPerMTok: 10 };
    const events = await fake.run('@write src/a.txt hello\n@say All set.\n@usage 2000 100', { agent: { price } });
    expect(readFileSync(join(fake.work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(fake.root, 'prompts', '1.txt'), 'utf8')).toBe('@write src/a.txt hello\n@say All set.\n@usage 2000 100');
    expect(events[0]?.kind).toBe('started');
    expect(events).toContainEqual({ kind: 'tool', name: 'file_change', detail: `add ${join(fake.work, 'src/a.txt')}` });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 2000, outputTokens: 100, costUsd: 0.0035 } });
    expect(resultOf(events)).toEqual({ kind: 'result', status: 'success', message: 'All set.\nDone: wrote 1 file(s).' });
    expect(exitOf(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
  });

  it('keeps a line cut off in the middle as progress and gives no verdict', async () => {
    const events = await fake.run('hi', { mode: 'partial' });
    expect(resultOf(events)).toBeUndefined();
    expect(events).toContainEqual({ kind: 'progress', text: '{"type":"item.completed","item":{"id":"item_1","type":"agent_mes' });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
  });

  it('shows the command a hanging CLI is stuck in, and stops it when aborted', async () => {
    const events = await fake.run('hi', { mode: 'hang', until: (event) => event.kind === 'tool' });
    expect(events).toContainEqual({ kind: 'tool', name: 'command_execution', detail: 'bash -lc "sleep 100000"' });
    expect(exitOf(events)).toMatchObject({ aborted: true, timedOut: false });
  });

  it('leaves the worktree holding only the work', async () => {
    await fake.run('@write b.txt y');
    expect(readdirSync(fake.work).sort()).toEqual(['.git', 'b.txt']);
  });
});
