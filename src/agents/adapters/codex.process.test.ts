import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../../plan/model.js';
import { childEnv } from '../../process/child-env.js';
import type { AgentEvent } from '../adapter.js';
import { startAgent } from '../agent-process.js';
import { codexAdapter } from './codex.js';

const FAKE_BIN = resolve(import.meta.dirname, '../../../test/fixtures/bin');

const agent = (overrides: Partial<Agent> = {}): Agent => ({
  id: 'dev', use: 'codex', model: undefined, concurrency: 1, env: {}, args: [], bin: undefined, workspace: undefined,
  setup: [], permissionMode: undefined, command: [], promptVia: undefined, price: undefined, budget: undefined,
  implicit: false, path: ['agents', 'dev'], ...overrides,
});

let root: string;
let work: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'baton-codex-'));
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
  const run = startAgent(codexAdapter, options.agent ?? agent(), { text, file }, {
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

describe('codex through the fake CLI', () => {
  it('does the work, reads the prompt from stdin and reports tools, usage priced by the agent, and its final message', async () => {
    const price = { inputPerMTok: 1.25, outputPerMTok: 10 };
    const events = await run('@write src/a.txt hello\n@say All set.\n@usage 2000 100', { agent: agent({ price }) });
    expect(readFileSync(join(work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    expect(readFileSync(join(root, 'prompts', '1.txt'), 'utf8')).toBe('@write src/a.txt hello\n@say All set.\n@usage 2000 100');
    expect(events[0]?.kind).toBe('started');
    expect(events).toContainEqual({ kind: 'tool', name: 'file_change', detail: `add ${join(work, 'src/a.txt')}` });
    expect(events).toContainEqual({ kind: 'usage', usage: { inputTokens: 2000, outputTokens: 100, costUsd: 0.0035 } });
    expect(resultOf(events)).toEqual({ kind: 'result', status: 'success', message: 'All set.\nDone: wrote 1 file(s).' });
    expect(exitOf(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
  });

  it('reports a failed turn as an error result and exit 1', async () => {
    const events = await run('@write a.txt x', { mode: 'fail' });
    expect(resultOf(events)).toMatchObject({ kind: 'result', status: 'error' });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
    expect(existsSync(join(work, 'a.txt'))).toBe(true);
  });

  it('keeps a line cut off in the middle as progress and gives no verdict', async () => {
    const events = await run('hi', { mode: 'partial' });
    expect(resultOf(events)).toBeUndefined();
    expect(events).toContainEqual({ kind: 'progress', text: '{"type":"item.completed","item":{"id":"item_1","type":"agent_mes' });
    expect(exitOf(events)).toMatchObject({ exitCode: 1 });
  });

  it('reports a CLI killed by SIGKILL with its signal and no verdict', async () => {
    const events = await run('hi', { mode: 'crash' });
    expect(resultOf(events)).toBeUndefined();
    expect(exitOf(events)).toMatchObject({ exitCode: null, signal: 'SIGKILL' });
  });

  it('stops a hanging CLI at its time limit', async () => {
    const events = await run('hi', { mode: 'hang', timeoutMs: 1500 });
    expect(resultOf(events)).toBeUndefined();
    expect(exitOf(events)).toMatchObject({ timedOut: true, exitCode: null });
  });

  it('shows the command a hanging CLI is stuck in, and stops it when aborted', async () => {
    const events = await run('hi', { mode: 'hang', until: (event) => event.kind === 'tool' });
    expect(events).toContainEqual({ kind: 'tool', name: 'command_execution', detail: 'bash -lc "sleep 100000"' });
    expect(exitOf(events)).toMatchObject({ aborted: true, timedOut: false });
  });

  it('leaves the worktree holding only the work', async () => {
    await run('@write b.txt y');
    expect(readdirSync(work).sort()).toEqual(['.git', 'b.txt']);
  });
});
