/**
 * Running an adapter for real against its fake CLI (test/fixtures/bin, driven by FAKE_MODE; each prompt it gets is
 * logged to FAKE_PROMPT_LOG), for the adapters' process tests: one fresh temporary directory per test holding the
 * prompt file, the attempt log and the prompt log, and beside them `work`, the git repository the agent works in,
 * so that a test sees exactly what the CLI left in its worktree.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Agent } from '../../plan/model.js';
import { childEnv } from '../../process/child-env.js';
import type { AdapterSpec, AgentEvent } from '../adapter.js';
import { startAgent } from '../agent-process.js';
import { testAgent } from '../test-agent.js';

const FAKE_BIN = resolve(import.meta.dirname, '../../../test/fixtures/bin');

/** How one run goes: the fake's FAKE_MODE (default `ok`), the agent's fields, a time limit, when to abort. */
export interface FakeRunOptions {
  readonly mode?: string;
  /** Fields of the agent, over {@link testAgent}'s defaults and `use` set to the adapter. */
  readonly agent?: Partial<Agent>;
  readonly timeoutMs?: number;
  /** Aborts the run, as a user's stop would, once an event passes this. */
  readonly until?: (event: AgentEvent) => boolean;
}

/** One test's fake CLI: where it runs, and the runs. */
export interface FakeCli {
  /** The test's directory: `prompt.md`, `logs/agent.log`, the prompt log `prompts/` (`1.txt`, `2.txt` …). */
  readonly root: string;
  /** The agent's working directory, a fresh git repository. */
  readonly work: string;
  /** Runs the adapter on `text` through startAgent and gives back every event, `started` to `exited`. */
  run(text: string, options?: FakeRunOptions): Promise<AgentEvent[]>;
}

const made: string[] = [];

/** Removes the directories made so far; use as `afterEach(removeFakeClis)`. */
export function removeFakeClis(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh directory and git repository for `adapter`'s fake CLI; {@link removeFakeClis} removes them. */
export function makeFakeCli(adapter: AdapterSpec): FakeCli {
  const root = mkdtempSync(join(tmpdir(), `baton-${adapter.name}-`));
  made.push(root);
  const work = join(root, 'work');
  mkdirSync(work);
  execFileSync('git', ['init', '-q', work]);
  return { root, work, run: (text, options = {}) => runFake(adapter, root, work, text, options) };
}

async function runFake(adapter: AdapterSpec, root: string, work: string, text: string, options: FakeRunOptions): Promise<AgentEvent[]> {
  const file = join(root, 'prompt.md');
  writeFileSync(file, text);
  mkdirSync(join(root, 'prompts'), { recursive: true });
  const env = childEnv({ PATH: `${FAKE_BIN}:${process.env['PATH'] ?? ''}`, FAKE_MODE: options.mode ?? 'ok', FAKE_PROMPT_LOG: join(root, 'prompts') });
  const controller = new AbortController();
  const events: AgentEvent[] = [];
  const agent = testAgent({ use: adapter.name, ...options.agent });
  const run = startAgent(adapter, agent, { text, file }, {
    cwd: work, env, signal: controller.signal, graceMs: 2000, logFile: join(root, 'logs', 'agent.log'), redact: (t) => t,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  for await (const event of run) {
    events.push(event);
    if (options.until?.(event) === true) controller.abort();
  }
  return events;
}

/** The run's `exited` event. */
export const exitOf = (events: readonly AgentEvent[]) => events.find((event) => event.kind === 'exited');

/** The run's verdict, if the CLI gave one. */
export const resultOf = (events: readonly AgentEvent[]) => events.find((event) => event.kind === 'result');
