import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aiderAdapter } from './aider.js';
import { codexAdapter } from './codex.js';
import { exitOf, makeFakeCli, removeFakeClis, resultOf } from './fake-cli.js';
import type { FakeCli } from './fake-cli.js';
import { geminiAdapter } from './gemini.js';

afterEach(removeFakeClis);

describe.each([codexAdapter, geminiAdapter, aiderAdapter])('$name through the fake CLI, when the CLI fails', (adapter) => {
  let fake: FakeCli;
  beforeEach(() => {
    fake = makeFakeCli(adapter);
  });

  it('reports an error result and exit 1, and keeps the work done before', async () => {
    const events = await fake.run('@write a.txt x', { mode: 'fail' });
    expect(resultOf(events)).toMatchObject({ kind: 'result', status: 'error' });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
    expect(existsSync(join(fake.work, 'a.txt'))).toBe(true);
  });

  it('reports a CLI killed by SIGKILL with its signal and no verdict', async () => {
    const events = await fake.run('hi', { mode: 'crash' });
    expect(resultOf(events)).toBeUndefined();
    expect(exitOf(events)).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });
});

// Only these CLIs end their output with a verdict line; aider's parser reads the reply printed before the hang as one.
describe.each([codexAdapter, geminiAdapter])('$name through the fake CLI, when the CLI hangs', (adapter) => {
  let fake: FakeCli;
  beforeEach(() => {
    fake = makeFakeCli(adapter);
  });

  it('stops a hanging CLI at its time limit', async () => {
    const events = await fake.run('hi', { mode: 'hang', timeoutMs: 1500 });
    expect(resultOf(events)).toBeUndefined();
    expect(exitOf(events)).toMatchObject({ timedOut: true, exitCode: null });
  });
});
