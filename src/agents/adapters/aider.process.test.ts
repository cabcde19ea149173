import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aiderAdapter } from './aider.js';
import { exitOf, makeFakeCli, removeFakeClis, resultOf } from './fake-cli.js';
import type { FakeCli } from './fake-cli.js';

let fake: FakeCli;
beforeEach(() => {
  fake = makeFakeCli(aiderAdapter);
});
afterEach(removeFakeClis);

describe('aider through the fake CLI', () => {
  it('does the work from the prompt file and reports the edits, usage with its own cost, and the reply', async () => {
    const events = await fake.run('@write src/a.txt hello\n@say All set.\n@usage 2300 150 0.012');
    expect(readFileSync(join(fake.work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(fake.root, 'prompts', '1.txt'), 'utf8')).toBe('@write src/a.txt hello\n@say All set.\n@usage 2300 150 0.012');
    expect(events[0]?.kind).toBe('started');
    expect(events).toContainEqual({ kind: 'tool', name: 'Edit', detail: 'src/a.txt' });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 2300, outputTokens: 150, costUsd: 0.01 } });
    expect(resultOf(events)).toMatchObject({ kind: 'result', status: 'success' });
    expect(resultOf(events)).toMatchObject({ message: expect.stringContaining('All set.\nDone: wrote 1 file(s).') as unknown });
    expect(exitOf(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
  });

  it('keeps its histories beside the prompt and out of the worktree and its .gitignore', async () => {
    await fake.run('@write b.txt y');
    // The repo-map cache is the one file aider cannot be told to put elsewhere (aider/repomap.py TAGS_CACHE_DIR).
    expect(readdirSync(fake.work).sort()).toEqual(['.aider.tags.cache.v4', '.git', 'b.txt']);
    expect(readFileSync(join(fake.root, 'prompt.md.aider.chat.md'), 'utf8')).toContain('#### @write b.txt y');
    expect(existsSync(join(fake.root, 'prompt.md.aider.input'))).toBe(true);
  });

  it('fills in the cost from the agent price when aider knows no price for the model', async () => {
    const events = await fake.run('@usage 1000 1000', { agent: { price: { inputPerMTok: 3, outputPerMTok: 15 } } });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 1000, outputTokens: 1000, costUsd: 0.018 } });
  });

  it('reports a model error with the message aider printed', async () => {
    const events = await fake.run('@write a.txt x', { mode: 'fail' });
    expect(resultOf(events)).toEqual({
      kind: 'result', status: 'error', message: 'The API provider is not able to authenticate you. Check your API key.',
    });
  });

  it('keeps a reply cut off in the middle as progress and gives no verdict', async () => {
    const events = await fake.run('@say Half of this is lost', { mode: 'partial' });
    expect(resultOf(events)).toBeUndefined();
    const reply = events.find((event) => event.kind === 'progress' && event.text.includes('Half of this is lost'));
    expect(reply).toMatchObject({ text: expect.stringMatching(/Half of this is lost\nDone: wrote$/) as unknown });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
  });

  it('stops a hanging CLI at its time limit', async () => {
    const events = await fake.run('hi', { mode: 'hang', timeoutMs: 1500 });
    expect(exitOf(events)).toMatchObject({ timedOut: true, exitCode: null });
  });

  it('reports the usage a hanging CLI printed, and stops it when aborted', async () => {
    const events = await fake.run('@usage 500 50', { mode: 'hang', until: (event) => event.kind === 'usage' });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 500, outputTokens: 50, costUsd: undefined } });
    expect(exitOf(events)).toMatchObject({ aborted: true, timedOut: false });
  });
});
