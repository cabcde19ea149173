import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../plan/model.js';
import { childEnv } from '../../process/child-env.js';
import type { AgentEvent } from '../adapter.js';
import { startAgent } from '../agent-process.js';
import { aiderAdapter } from './aider.js';

const FAKE_BIN = resolve(import.meta.dirname, '../../../test/fixtures/bin');

const agent = (overrides: Partial<Agent> = {}): Agent => ({
  id: 'dev', use: 'aider', model: undefined, concurrency: 1, env: {}, args: [], bin: undefined, workspace: undefined,
  setup: [], permissionMode: undefined, command: [], promptVia: undefined, price: undefined, budget: undefined,
  implicit: false, path: ['agents', 'dev'], ...overrides,
});

let root: string;
let work: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-aider-'));
  work = join(root, 'work');
  mkdirSync(work);
  execFileSync('git', ['init', '-q', work]);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

async function run(
  text: string,
  options: { mode?: string; agent?: Agent; timeoutMs?: number; until?: (event: AgentEvent) => boolean } = {},
): Promise<AgentEvent[]> {
  const file = join(root, 'prompt.md');
  writeFileSync(file, text);
  mkdirSync(join(root, 'prompts'), { recursive: true });
  const env = childEnv({ PATH: `${FAKE_BIN}:${process.env['PATH'] ?? ''}`, FAKE_MODE: options.mode ?? 'ok', FAKE_PROMPT_LOG: join(root, 'prompts') });
  const controller = new AbortController();
  const events: AgentEvent[] = [];
  const run = startAgent(aiderAdapter, options.agent ?? agent(), { text, file }, {
    cwd: work, env, signal: controller.signal, graceMs: 2000, logFile: join(root, 'logs', 'agent.log'), redact: (t) => t,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  for await (const event of run) {
    events.push(event);
    if (options.until?.(event) === true) controller.abort();
  }
  return events;
}

const exitOf = (events: AgentEvent[]) => events.find((event) => event.kind === 'exited');
const resultOf = (events: AgentEvent[]) => events.find((event) => event.kind === 'result');

describe('aider through the fake CLI', () => {
  it('does the work from the prompt file and reports the edits, usage with its own cost, and the reply', async () => {
    const events = await run('@write src/a.txt hello\n@say All set.\n@usage 2300 150 0.012');
    expect(readFileSync(join(work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(root, 'prompts', '1.txt'), 'utf8')).toBe('@write src/a.txt hello\n@say All set.\n@usage 2300 150 0.012');
    expect(events[0]?.kind).toBe('started');
    expect(events).toContainEqual({ kind: 'tool', name: 'Edit', detail: 'src/a.txt' });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 2300, outputTokens: 150, costUsd: 0.01 } });
    expect(resultOf(events)).toMatchObject({ kind: 'result', status: 'success' });
    expect(resultOf(events)).toMatchObject({ message: expect.stringContaining('All set.\nDone: wrote 1 file(s).') as unknown });
    expect(exitOf(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
  });

  it('keeps its histories beside the prompt and out of the worktree and its .gitignore', async () => {
    await run('@write b.txt y');
    // The repo-map cache is the one file aider cannot be told to put elsewhere (aider/repomap.py TAGS_CACHE_DIR).
    expect(readdirSync(work).sort()).toEqual(['.aider.tags.cache.v4', '.git', 'b.txt']);
    expect(readFileSync(join(root, 'prompt.md.aider.chat.md'), 'utf8')).toContain('#### @write b.txt y');
    expect(existsSync(join(root, 'prompt.md.aider.input'))).toBe(true);
  });

  it('fills in the cost from the agent price when aider knows no price for the model', async () => {
    const events = await run('@usage 1000 1000', { agent: agent({ price: { inputPerMTok: 3, outputPerMTok: 15 } }) });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 1000, outputTokens: 1000, costUsd: 0.018 } });
  });

  it('reports a model error as an error result, with exit 1', async () => {
    const events = await run('@write a.txt x', { mode: 'fail' });
    expect(resultOf(events)).toEqual({
      kind: 'result', status: 'error', message: 'The API provider is not able to authenticate you. Check your API key.',
    });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
    expect(existsSync(join(work, 'a.txt'))).toBe(true);
  });

  it('keeps a reply cut off in the middle as progress and gives no verdict', async () => {
    const events = await run('@say Half of this is lost', { mode: 'partial' });
    expect(resultOf(events)).toBeUndefined();
    const reply = events.find((event) => event.kind === 'progress' && event.text.includes('Half of this is lost'));
    expect(reply).toMatchObject({ text: expect.stringMatching(/Half of this is lost\nDone: wrote$/) as unknown });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
  });

  it('reports a CLI killed by SIGKILL with its signal and no verdict', async () => {
    const events = await run('hi', { mode: 'crash' });
    expect(resultOf(events)).toBeUndefined();
    expect(exitOf(events)).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('stops a hanging CLI at its time limit', async () => {
    const events = await run('hi', { mode: 'hang', timeoutMs: 1500 });
    expect(exitOf(events)).toMatchObject({ timedOut: true, exitCode: null });
  });

  it('reports the usage a hanging CLI printed, and stops it when aborted', async () => {
    const events = await run('@usage 500 50', { mode: 'hang', until: (event) => event.kind === 'usage' });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 500, outputTokens: 50, costUsd: undefined } });
    expect(exitOf(events)).toMatchObject({ aborted: true, timedOut: false });
  });
});
