import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Agent } from '../plan/model.js';
import { childEnv } from '../process/child-env.js';
import { groupMembers } from '../process/leftovers.js';
import { readProcStat } from '../process/process-identity.js';
import type { AgentEvent } from './adapter.js';
import type { AgentProcessOptions } from './agent-process.js';
import { LineSplitter, runAgentProcess, startAgent, withPrice } from './agent-process.js';
import { claudeCodeAdapter } from './adapters/claude-code.js';
import { commandAdapter } from './adapters/command.js';
import { testAgent } from './test-agent.js';

const FIXTURES = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const BIN = join(FIXTURES, 'bin');

let dir: string;
let work: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-agent-process-'));
  work = join(dir, 'work');
  mkdirSync(work);
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function options(env: Record<string, string> = {}, extra: Partial<AgentProcessOptions> = {}): AgentProcessOptions {
  return {
    cwd: work,
    env: childEnv({ PATH: `${BIN}:${process.env.PATH ?? ''}`, ...env }),
    signal: new AbortController().signal,
    graceMs: 500,
    logFile: join(dir, 'logs', 'attempt.log'),
    redact: (text) => text,
    ...extra,
  };
}

function prompt(text: string) {
  const file = join(dir, 'prompt.md');
  writeFileSync(file, text);
  return { text, file };
}

async function collect(events: AsyncIterable<AgentEvent>): Promise<AgentEvent[]> {
  const all: AgentEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

function exited(events: readonly AgentEvent[]): Extract<AgentEvent, { kind: 'exited' }> {
  const last = events.at(-1);
  if (last?.kind !== 'exited') throw new Error(`the last event is ${last?.kind ?? 'missing'}, not exited`);
  return last;
}

function pidOf(events: readonly AgentEvent[]): number {
  const first = events[0];
  if (first?.kind !== 'started') throw new Error(`the first event is ${first?.kind ?? 'missing'}, not started`);
  return first.pid;
}

function of<K extends AgentEvent['kind']>(events: readonly AgentEvent[], kind: K): Extract<AgentEvent, { kind: K }>[] {
  return events.filter((event): event is Extract<AgentEvent, { kind: K }> => event.kind === kind);
}

/** Ended and reaped, or a zombie: either way not running. */
function gone(pid: number): boolean {
  const stat = readProcStat(pid);
  return stat === null || stat?.state === 'Z' || stat?.state === 'X';
}

async function groupGone(group: number): Promise<void> {
  while (groupMembers(group).length > 0) await sleep(20);
}

describe('running the fake Claude Code through startAgent', () => {
  it('does the work in its directory and reports tools, usage with cost, the result and a clean exit', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('@write src/a.txt hello\n@usage 1000 200\n@say all done'), options()));
    expect(readFileSync(join(work, 'src/a.txt'), 'utf8')).toBe('hello\n');
    expect(events[0]?.kind).toBe('started');
    expect(of(events, 'tool')).toEqual([{ kind: 'tool', name: 'Write', detail: join(work, 'src/a.txt') }]);
    const usage = of(events, 'usage').at(-1)?.usage;
    expect(usage).toMatchObject({ inputTokens: 1000, outputTokens: 200 });
    expect(usage?.costUsd).toBeGreaterThan(0);
    expect(of(events, 'result')).toEqual([{ kind: 'result', status: 'success', message: 'all done\nDone: wrote 1 file(s).' }]);
    expect(exited(events)).toMatchObject({ exitCode: 0, signal: null, timedOut: false, aborted: false });
    expect(readFileSync(join(dir, 'logs', 'attempt.log'), 'utf8')).toContain('"type":"result"');
  });

  it('reports the error result and exit 1 of a failing agent', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('@say cannot do it'), options({ FAKE_MODE: 'fail' })));
    expect(of(events, 'result')).toEqual([{ kind: 'result', status: 'error', message: 'cannot do it\nDone: wrote 0 file(s).' }]);
    expect(exited(events)).toMatchObject({ exitCode: 1, signal: null });
  });

  it('reads a cut-off last line without a newline as progress and reports no result', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('@write a.txt x'), options({ FAKE_MODE: 'partial' })));
    expect(of(events, 'result')).toEqual([]);
    expect(of(events, 'progress').at(-1)?.text).toMatch(/^\{"type":"assistant"/);
    expect(exited(events)).toMatchObject({ exitCode: 1 });
  });

  it('reports a crash as death by SIGKILL, with what it printed before', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('@write a.txt x'), options({ FAKE_MODE: 'crash' })));
    expect(of(events, 'progress').length).toBeGreaterThan(0);
    expect(exited(events)).toMatchObject({ exitCode: null, signal: 'SIGKILL', timedOut: false, aborted: false });
  });

  it('stops a hanging agent and its whole group at the time-out', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('work'), options({ FAKE_MODE: 'hang' }, { timeoutMs: 300, graceMs: 200 })));
    const pid = pidOf(events);
    expect(exited(events)).toMatchObject({ timedOut: true, aborted: false, exitCode: null });
    expect(gone(pid)).toBe(true);
    await groupGone(pid);
  });

  it('stops a hanging agent and the child it started when the caller aborts', async () => {
    const controller = new AbortController();
    const events: AgentEvent[] = [];
    for await (const event of startAgent(claudeCodeAdapter, testAgent(), prompt('work'), options({ FAKE_MODE: 'hang' }, { signal: controller.signal }))) {
      events.push(event);
      if (event.kind === 'progress' && event.text.startsWith('Waiting on child process')) controller.abort();
    }
    const pid = pidOf(events);
    const child = Number(/child process (\d+)/.exec(of(events, 'progress').at(-1)?.text ?? '')?.[1]);
    expect(exited(events)).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGTERM' });
    expect(gone(pid)).toBe(true);
    await groupGone(pid);
    expect(gone(child)).toBe(true);
  });

  it('kills a hanging agent\'s whole group at once, without its grace, when told to kill now (a second Ctrl-C)', async () => {
    const killNow = new AbortController();
    const events: AgentEvent[] = [];
    for await (const event of startAgent(claudeCodeAdapter, testAgent(), prompt('work'), options({ FAKE_MODE: 'hang' }, { killNow: killNow.signal }))) {
      events.push(event);
      if (event.kind === 'progress' && event.text.startsWith('Waiting on child process')) killNow.abort();
    }
    const pid = pidOf(events);
    expect(exited(events)).toMatchObject({ aborted: true, signal: 'SIGKILL' });
    await groupGone(pid);
  });

  it('stops the process when the consumer stops iterating early', async () => {
    let pid = 0;
    for await (const event of startAgent(claudeCodeAdapter, testAgent(), prompt('work'), options({ FAKE_MODE: 'hang' }, { graceMs: 200 }))) {
      if (event.kind === 'started') pid = event.pid;
      break;
    }
    expect(pid).toBeGreaterThan(0);
    expect(gone(pid)).toBe(true);
    await groupGone(pid);
  });

  it('does not start at all when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt('@write a.txt x'), options({}, { signal: controller.signal })));
    expect(events).toEqual([expect.objectContaining({ kind: 'exited', aborted: true, exitCode: null })]);
    expect(readdirSync(work)).toEqual([]);
  });

  it('reports a binary that does not exist as an exit with an error and no start', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent({ bin: join(dir, 'no-such-claude') }), prompt('x'), options()));
    expect(events).toHaveLength(1);
    expect(exited(events).error).toMatch(/not found \(ENOENT\)/);
  });

  it('reports a binary that is not executable as an exit with an error', async () => {
    const bin = join(dir, 'claude');
    writeFileSync(bin, '#!/bin/sh\necho hi\n');
    chmodSync(bin, 0o644);
    const events = await collect(startAgent(claudeCodeAdapter, testAgent({ bin }), prompt('x'), options()));
    expect(exited(events).error).toMatch(/permission denied/);
  });

  it('redacts a secret the agent echoes, in every event and in the log', async () => {
    const secret = 'sk-test-0123456789abcdef';
    const redact = (text: string) => text.replaceAll(secret, '[redacted:API_TOKEN]');
    const run = startAgent(claudeCodeAdapter, testAgent(), prompt('@write a.txt x'), options({ API_TOKEN: secret, FAKE_ECHO_ENV: 'API_TOKEN' }, { redact }));
    const events = await collect(run);
    const log = readFileSync(join(dir, 'logs', 'attempt.log'), 'utf8');
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(of(events, 'result')[0]?.message).toContain('API_TOKEN=[redacted:API_TOKEN]');
    expect(log).not.toContain(secret);
    expect(log).toContain('[redacted:API_TOKEN]');
  });

  it('passes a prompt larger than 200 KB on stdin, whole', async () => {
    const promptLog = join(dir, 'prompts');
    mkdirSync(promptLog);
    const text = `@write big.txt received\n${'x'.repeat(250_000)}\nend of prompt`;
    const events = await collect(startAgent(claudeCodeAdapter, testAgent(), prompt(text), options({ FAKE_PROMPT_LOG: promptLog })));
    expect(exited(events).exitCode).toBe(0);
    expect(readFileSync(join(promptLog, '1.txt'), 'utf8')).toBe(text);
    expect(readFileSync(join(work, 'big.txt'), 'utf8')).toBe('received\n');
  });

  it('logs what the CLI prints on stderr, such as its refusal of an unknown flag', async () => {
    const events = await collect(startAgent(claudeCodeAdapter, testAgent({ args: ['--no-such-flag'] }), prompt('x'), options()));
    expect(exited(events).exitCode).toBe(1);
    expect(readFileSync(join(dir, 'logs', 'attempt.log'), 'utf8')).toContain("error: unknown option '--no-such-flag'");
  });

  it('fills the cost of usage the CLI reported without one from the agent\'s price', async () => {
    const price = { inputPerMTok: 3, outputPerMTok: 15 };
    const events = await collect(startAgent(claudeCodeAdapter, testAgent({ price }), prompt('@usage 1000 200'), options()));
    const usages = of(events, 'usage').map((event) => event.usage);
    // Per-message usage carries no cost in stream-json; the result line carries Claude Code's own.
    expect(usages.slice(0, -1).every((usage) => usage.costUsd === (usage.inputTokens * 3 + usage.outputTokens * 15) / 1e6)).toBe(true);
    expect(usages.at(-1)?.costUsd).toBeCloseTo((100 * 3 + 300 * 3.75 + 600 * 0.3 + 200 * 15) / 1e6, 10);
  });
});

describe('running the fake command agent with each prompt delivery', () => {
  const command = (promptVia: Agent['promptVia'], template: string[]) => testAgent({ use: 'command', command: template, promptVia, model: 'm-1' });

  it('sends the prompt on stdin by default and fills in the model', async () => {
    const events = await collect(startAgent(commandAdapter, command(undefined, ['command-agent', '--model', '{{model}}']), prompt('@write s.txt stdin\n@say via stdin'), options()));
    expect(readFileSync(join(work, 's.txt'), 'utf8')).toBe('stdin\n');
    expect(of(events, 'progress')[0]).toEqual({ kind: 'progress', text: 'model: m-1' });
    expect(of(events, 'result')).toEqual([{ kind: 'result', status: 'success', message: expect.stringContaining('via stdin') as string }]);
    expect(exited(events).exitCode).toBe(0);
  });

  it('appends the prompt as the last argument with prompt_via arg', async () => {
    const events = await collect(startAgent(commandAdapter, command('arg', ['command-agent']), prompt('@write a.txt arg'), options()));
    expect(readFileSync(join(work, 'a.txt'), 'utf8')).toBe('arg\n');
    expect(exited(events).exitCode).toBe(0);
  });

  it('gives the prompt file where the template says with prompt_via file', async () => {
    const events = await collect(startAgent(commandAdapter, command('file', ['command-agent', '--prompt-file', '{{prompt_file}}']), prompt('@write f.txt file'), options()));
    expect(readFileSync(join(work, 'f.txt'), 'utf8')).toBe('file\n');
    expect(exited(events).exitCode).toBe(0);
  });

  it('reports a failing command by its exit code', async () => {
    const events = await collect(startAgent(commandAdapter, command(undefined, ['command-agent']), prompt('@say nope'), options({ FAKE_MODE: 'fail' })));
    expect(exited(events).exitCode).toBe(1);
    expect(of(events, 'result')[0]?.message).toMatch(/Error: nope/);
  });
});

describe('running a process directly', () => {
  it('yields started first and exited last, and the parser\'s events between', async () => {
    const parser = { line: (text: string): AgentEvent[] => [{ kind: 'progress', text: `<${text}>` }], end: (): AgentEvent[] => [{ kind: 'progress', text: 'end' }] };
    const events = await collect(runAgentProcess({ bin: 'printf', args: ['a\\r\\nb\\nc'], stdin: undefined }, parser, options()));
    expect(events.map((event) => event.kind)).toEqual(['started', 'progress', 'progress', 'progress', 'progress', 'exited']);
    expect(of(events, 'progress').map((event) => event.text)).toEqual(['<a>', '<b>', '<c>', 'end']);
  });

  it('kills what the process left running in its group when it exits', async () => {
    const parser = { line: (text: string): AgentEvent[] => [{ kind: 'progress', text }], end: (): AgentEvent[] => [] };
    const events = await collect(runAgentProcess({ bin: 'sh', args: ['-c', 'sleep 60 & echo $!'], stdin: undefined }, parser, options()));
    const left = Number(of(events, 'progress')[0]?.text);
    expect(exited(events).exitCode).toBe(0);
    await groupGone(pidOf(events));
    expect(gone(left)).toBe(true);
  });

  it('reports a working directory that does not exist', async () => {
    const parser = { line: (): AgentEvent[] => [], end: (): AgentEvent[] => [] };
    const events = await collect(runAgentProcess({ bin: 'true', args: [], stdin: undefined }, parser, options({}, { cwd: join(dir, 'missing') })));
    expect(exited(events).error).toMatch(/does not exist/);
  });

  it('ignores a CLI that exits without reading its stdin', async () => {
    const parser = { line: (): AgentEvent[] => [], end: (): AgentEvent[] => [] };
    const events = await collect(runAgentProcess({ bin: 'true', args: [], stdin: 'y'.repeat(1_000_000) }, parser, options()));
    expect(exited(events)).toMatchObject({ exitCode: 0 });
  });
});

describe('splitting output into lines', () => {
  it('joins characters split across chunks, strips CR and keeps a last line without newline for the end', () => {
    const splitter = new LineSplitter();
    const euro = Buffer.from('€');
    expect(splitter.push(Buffer.concat([Buffer.from('a\r\nb'), euro.subarray(0, 1)]))).toEqual(['a']);
    expect(splitter.push(Buffer.concat([euro.subarray(1), Buffer.from('\nlast')]))).toEqual(['b€']);
    expect(splitter.end()).toEqual(['last']);
    expect(splitter.end()).toEqual([]);
  });
});

describe('pricing usage', () => {
  it('computes the cost from USD per million tokens when the CLI reported none, and keeps a reported one', () => {
    const price = { inputPerMTok: 3, outputPerMTok: 15 };
    expect(withPrice({ inputTokens: 1_000_000, outputTokens: 100_000, costUsd: undefined }, price).costUsd).toBeCloseTo(4.5);
    expect(withPrice({ inputTokens: 1_000_000, outputTokens: 0, costUsd: 0.2 }, price).costUsd).toBe(0.2);
  });
});
