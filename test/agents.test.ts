/**
 * AI agents in real runs: baton started as a process, in a real git repository, with the fake agent CLIs of
 * test/fixtures on its PATH, each run checked by what it left — the integration branch, `baton evidence`,
 * `baton status`, the prompts the fakes got, the store.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttemptEvidence } from '../src/agents/evidence.js';
import { attemptRows, attemptsOf, evidence, fakeScript, filesUnder, gatesOf, promptLog, runWithAgents } from './support/agents.js';
import type { FakeStep } from './support/agents.js';
import { gitTarget, show } from './support/git-target.js';
import { alive, until } from './support/processes.js';
import { repoRoot } from './support/run-baton.js';
import { target } from './support/target.js';

interface SpendJson {
  input_tokens: number;
  output_tokens: number;
  cost_usd: number | null;
}

interface StatusJson {
  run: string;
  state: string;
  spend: SpendJson;
  actions: { id: string; state: string; attempts: number; spend: SpendJson }[];
}

/** `baton status --json` of the latest run in `dir`. */
function statusOf(dir: string): StatusJson {
  const result = runWithAgents(dir, ['status', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as StatusJson;
}

/** The run directory of `run` in `dir`, as baton names its files (the real path, as baton resolves it). */
function runDir(dir: string, run: string): string {
  return join(realpathSync(dir), '.baton', 'runs', run);
}

/** Runs `plan.yaml` of `dir` with the fakes, a script of steps and more environment; the result must be `code`. */
function runPlan(dir: string, options: { steps?: readonly FakeStep[]; env?: Record<string, string>; args?: string[]; code?: number } = {}) {
  const env = { ...(options.steps ? { FAKE_SCRIPT: fakeScript(options.steps) } : {}), ...options.env };
  const result = runWithAgents(dir, ['run', 'plan.yaml', '--retry-backoff', '20', ...(options.args ?? [])], env);
  expect(result.code, result.stdout + result.stderr).toBe(options.code ?? 0);
  return result;
}

const GREET_SH = '#!/bin/sh\necho "Hello, ${1:-world}!"';

describe('examples/agents.plan.yaml against the fake claude', () => {
  it('writes greet.sh, has it reviewed and checked, merges it, and keeps evidence of every step', () => {
    const dir = gitTarget('');
    const steps: FakeStep[] = [
      { write: { 'greet.sh': GREET_SH }, handoff: { next_steps: 'Run sh greet.sh NAME to greet NAME.' }, say: 'greet.sh prints the greeting.' },
      { say: 'The script is POSIX sh and handles a missing name.\nVERDICT: approve' },
    ];
    const result = runWithAgents(dir, ['run', join(repoRoot, 'examples', 'agents.plan.yaml')], { FAKE_SCRIPT: fakeScript(steps) });
    expect(result.code, result.stdout + result.stderr).toBe(0);
    const status = statusOf(dir);
    const { run } = status;
    expect(status.state).toBe('succeeded');
    expect(show(dir, `baton/${run}`, 'greet.sh')).toBe(GREET_SH);

    const records = evidence(dir, run);
    expect(records.map((e) => (e.kind === 'attempt' ? `${e.action}#${e.attempt}` : `gate ${e.phase}`))).toEqual(['check-greeting#1', 'greeting#1', 'gate build', 'gate check']);
    const greeting = attemptsOf(records, 'greeting');
    expect(greeting).toHaveLength(1);
    expect(greeting[0]).toMatchObject({ outcome: 'succeeded', agent: 'developer', adapter: 'claude-code', reviews: [{ reviewer: 'reviewer', round: 1, verdict: 'approve' }] });
    expect(greeting[0]!.verify).toEqual([expect.objectContaining({ command: "sh greet.sh baton | grep -qx 'Hello, baton!'", passed: true })]);
    expect(greeting[0]!.handoff).toMatchObject({ synthesized: false, content: expect.stringContaining('Run sh greet.sh NAME to greet NAME.') as string });
    const check = attemptsOf(records, 'check-greeting');
    expect(check).toHaveLength(1);
    expect(check[0]).toMatchObject({ outcome: 'succeeded', adapter: 'shell', handoff: { synthesized: true } });
    expect(gatesOf(records).map((g) => [g.phase, g.passed])).toEqual([['build', true], ['check', true]]);

    expect(status.spend.input_tokens + status.spend.output_tokens).toBeGreaterThan(0);
    expect(status.spend.cost_usd).toBeGreaterThan(0);

    const prompt = readFileSync(join(runDir(dir, run), 'prompts', 'greeting.1.prompt.md'), 'utf8');
    expect(prompt).toContain('Create `greet.sh`, a POSIX sh script');
    expect(prompt).toContain("`sh greet.sh baton | grep -qx 'Hello, baton!'`");
    // In a worktree the handoff is written where the agent works (a CLI may write only there), and git ignores it.
    expect(prompt).toContain(join(dir, '.baton', 'worktrees', run, 'greeting', '.baton-handoff.yaml'));
    expect(show(dir, `baton/${run}`, '.baton-handoff.yaml')).toBeUndefined();
  });
});

describe('handoffs', () => {
  it("gives a dependent action its dependency's handoff verbatim in its prompt", () => {
    const dir = gitTarget(`name: handoffs
agents:
  dev: { use: claude-code }
actions:
  - id: api
    agent: dev
    prompt: "Write the API.\\n@write api.txt v1\\n@say Call api.txt with a v1 header.\\n@handoff"
  - id: client
    agent: dev
    needs: [api]
    prompt: "Write the client.\\n@write client.txt uses api v1"
`);
    const log = promptLog();
    runPlan(dir, { env: { FAKE_PROMPT_LOG: log.dir } });
    const run = statusOf(dir).run;
    const handoff = readFileSync(join(runDir(dir, run), 'handoffs', 'api.yaml'), 'utf8');
    expect(handoff).toContain('Call api.txt with a v1 header.');
    const prompts = log.prompts();
    expect(prompts).toHaveLength(2);
    expect(prompts[0]).toContain('Write the API.');
    expect(prompts[1]).toContain('Write the client.');
    expect(prompts[1]).toContain('## Handoffs from your dependencies');
    expect(prompts[1]).toContain(handoff.trimEnd());
    expect(attemptsOf(evidence(dir), 'api')[0]!.handoff).toMatchObject({ synthesized: false, content: handoff });
  });

  it('replaces a handoff that is not one with a synthesized one, and says so in the evidence', () => {
    const dir = gitTarget(`name: bad-handoff
agents:
  dev: { use: claude-code }
actions:
  - { id: notes, agent: dev, prompt: Write the notes., verify: test -f notes.txt }
`);
    runPlan(dir, { steps: [{ write: { 'notes.txt': 'notes' }, handoff: 'deliverables: [never closed\n', say: 'Wrote notes.txt.' }] });
    const run = statusOf(dir).run;
    // The agent's file was read, then removed; it was never committed.
    expect(existsSync(join(dir, '.baton', 'worktrees', run, 'notes', '.baton-handoff.yaml'))).toBe(false);
    expect(show(dir, `baton/${run}`, '.baton-handoff.yaml')).toBeUndefined();
    const [attempt] = attemptsOf(evidence(dir), 'notes');
    expect(attempt!.handoff!.synthesized).toBe(true);
    expect(attempt!.handoff!.content).toContain("the agent's handoff was invalid");
    expect(attempt!.handoff!.content).toContain('notes.txt');
    expect(readFileSync(join(runDir(dir, run), 'handoffs', 'notes.yaml'), 'utf8')).toBe(attempt!.handoff!.content);
  });
});

describe('reviews', () => {
  const plan = (rounds: number) => `name: reviewed
agents:
  dev: { use: claude-code }
  qa: { use: claude-code, permission_mode: plan }
actions:
  - id: greet
    agent: dev
    prompt: Write greet.sh.
    verify: [test -f greet.sh, test -f notes/round1.txt]
    review: qa
    review_rounds: ${rounds}
`;
  const round1: FakeStep = { write: { 'greet.sh': 'echo hello', 'notes/round1.txt': 'only written in round 1' }, handoff: true };
  const asks: FakeStep = { say: 'VERDICT: request_changes\n- greet.sh must greet by name' };

  it("runs the action again from the reviewed work with the reviewer's reasons, until it approves", () => {
    const dir = gitTarget(plan(2));
    const log = promptLog();
    const steps: FakeStep[] = [round1, asks, { write: { 'greet.sh': 'echo "hello, $1"' }, handoff: true }, { say: 'VERDICT: approve' }];
    runPlan(dir, { steps, env: { FAKE_PROMPT_LOG: log.dir } });
    const { run, actions } = statusOf(dir);
    expect(actions).toEqual([expect.objectContaining({ id: 'greet', state: 'done', attempts: 2 })]);

    const prompts = log.prompts();
    expect(prompts).toHaveLength(4);
    expect(prompts[0]).not.toContain('greet.sh must greet by name');
    expect(prompts[2]).toContain('Reviewer `qa` asked for changes (round 1 of 2)');
    expect(prompts[2]).toContain('- greet.sh must greet by name');

    const [first, second] = attemptsOf(evidence(dir), 'greet') as [AttemptEvidence, AttemptEvidence];
    expect(first.outcome).toBe('changes_requested');
    expect(first.reviews).toEqual([expect.objectContaining({ reviewer: 'qa', round: 1, verdict: 'request_changes', reasons: ['greet.sh must greet by name'] })]);
    expect(second.outcome).toBe('succeeded');
    expect(second.reviews).toEqual([expect.objectContaining({ reviewer: 'qa', round: 2, verdict: 'approve' })]);
    // Round 2 started from round 1's commit: its worktree still had the file only round 1 wrote (verify checks it).
    expect(second.base_commit).toBe(first.result_commit);
    expect(second.verify.map((check) => check.passed)).toEqual([true, true]);
    expect(show(dir, `baton/${run}`, 'greet.sh')).toBe('echo "hello, $1"');
    expect(show(dir, `baton/${run}`, 'notes/round1.txt')).toBe('only written in round 1');
  });

  it("gives the reviewer its own environment, not the worker's, and its CLI's read-only mode", () => {
    const dir = gitTarget(`name: review-env
agents:
  dev: { use: claude-code, env: { MY_SETTING: dev-value-1234 } }
  qa: { use: claude-code, env: { MY_SETTING: qa-value-5678, FAKE_ECHO_ENV: MY_SETTING } }
actions:
  - { id: greet, agent: dev, prompt: Write it., review: qa }
`);
    runPlan(dir, { steps: [{ write: { 'greet.sh': 'echo hi' }, handoff: true }, { say: 'VERDICT: approve' }] });
    const [attempt] = attemptsOf(evidence(dir), 'greet');
    const review = readFileSync(attempt!.log!.replace(/\.log$/, '.review-1.log'), 'utf8');
    expect(review).toContain('MY_SETTING=qa-value-5678');
    expect(review).not.toContain('dev-value-1234');
    expect(attempt!.reviews[0]!.command).toEqual(expect.arrayContaining(['--permission-mode', 'plan']));
  });

  it('fails the run, naming the reviewer, when the reviewer never approves within review_rounds', () => {
    const dir = gitTarget(plan(1));
    const result = runPlan(dir, { steps: [round1, asks, { write: { 'greet.sh': 'echo hi' } }, asks], code: 1 });
    expect(result.stdout).toContain('qa requested changes 2 times (review_rounds: 1); last: greet.sh must greet by name');
    const status = statusOf(dir);
    expect(status).toMatchObject({ state: 'failed', actions: [expect.objectContaining({ id: 'greet', state: 'failed', attempts: 2 })] });
    expect(show(dir, `baton/${status.run}`, 'greet.sh')).toBeUndefined();
  });
});

describe('budgets', () => {
  const hanging = `name: budget
agents:
  dev: { use: claude-code }
actions:
  - { id: slow, agent: dev, prompt: Think it over., budget: { time: 2s } }
`;

  it('stops an agent that goes over its time budget, with its processes, and fails the run', async () => {
    const dir = gitTarget(hanging);
    const result = runPlan(dir, { env: { FAKE_MODE: 'hang' }, code: 1 });
    expect(result.stdout).toMatch(/slow is over budget \(action slow time \d+s of 2s\): stopping it/);
    const status = statusOf(dir);
    expect(status).toMatchObject({ state: 'failed', actions: [expect.objectContaining({ id: 'slow', state: 'failed', attempts: 1 })] });
    expect(attemptRows(dir, status.run)).toEqual([expect.objectContaining({ action: 'slow', attempt: 1, outcome: 'over_budget' })]);
    const log = readFileSync(join(runDir(dir, status.run), 'logs', 'slow.1.log'), 'utf8');
    const child = Number(/Waiting on child process (\d+)/.exec(log)?.[1]);
    expect(child).toBeGreaterThan(0);
    await until(() => !alive(child));
  });

  // Defect: the evidence file is written by the attempt before the runner turns its outcome into over_budget.
  it('records over_budget as the outcome in the evidence of an attempt stopped by its budget', () => {
    const dir = gitTarget(hanging);
    runPlan(dir, { env: { FAKE_MODE: 'hang' }, code: 1 });
    expect(attemptsOf(evidence(dir), 'slow')).toEqual([expect.objectContaining({ outcome: 'over_budget' })]);
  });

  it('starts nothing more once --max-tokens is spent: the next action fails over budget before it started', () => {
    const dir = gitTarget(`name: tokens
agents:
  dev: { use: claude-code }
actions:
  - { id: first, agent: dev, prompt: "Go first.\\n@write first.txt 1\\n@usage 1200 300", priority: critical }
  - { id: second, agent: dev, prompt: "Go second.\\n@write second.txt 2", priority: low }
`);
    const result = runPlan(dir, { args: ['--max-tokens', '1400', '--concurrency', '1'], code: 1 });
    const status = statusOf(dir);
    const first = status.actions.find((a) => a.id === 'first')!;
    expect(first.attempts).toBe(1);
    expect(first.spend.input_tokens + first.spend.output_tokens).toBe(1500);
    expect(status.actions.find((a) => a.id === 'second')).toMatchObject({ state: 'failed', attempts: 0 });
    expect(result.stdout).toMatch(/second failed for good: over budget before it started: run tokens 1500 of 1400/);
    expect(attemptRows(dir, status.run).map((row) => row.action)).toEqual(['first']);
  });

  it('does not stop an agent whose final totals cross the limit: its work merges, and what needs it fails over budget', () => {
    const dir = gitTarget(`name: tokens-chain
agents:
  dev: { use: claude-code }
actions:
  - { id: first, agent: dev, prompt: "Go first.\\n@write first.txt 1\\n@usage 1200 300" }
  - { id: second, agent: dev, prompt: "Go second.\\n@write second.txt 2", needs: [first] }
`);
    const result = runPlan(dir, { args: ['--max-tokens', '1400'], code: 1 });
    const status = statusOf(dir);
    expect(status.actions.find((a) => a.id === 'first')).toMatchObject({ state: 'done', attempts: 1 });
    expect(status.actions.find((a) => a.id === 'second')).toMatchObject({ state: 'failed', attempts: 0 });
    expect(result.stdout).toMatch(/second failed for good: over budget before it started: run tokens 1500 of 1400/);
    expect(show(dir, `baton/${status.run}`, 'first.txt')).toBe('1');
  });
});

describe('secrets', () => {
  it('never writes a secret of the environment under .baton/, and marks where it was in the logs', () => {
    const secret = 'svc-7f3a9c2e1b8d4f6a0e5c9b7d3a1f8e2c';
    const dir = gitTarget(`name: secrets
agents:
  dev: { use: claude-code }
actions:
  - { id: talk, agent: dev, prompt: "Say what you see.\\n@write seen.txt nothing to see" }
  - id: echo
    run: 'echo "the token is $MY_SERVICE_TOKEN"; echo "again: $MY_SERVICE_TOKEN" >&2'
`);
    const result = runPlan(dir, { env: { MY_SERVICE_TOKEN: secret, FAKE_ECHO_ENV: 'MY_SERVICE_TOKEN' }, args: ['--json'] });
    expect(result.stdout + result.stderr).not.toContain(secret);
    const run = statusOf(dir).run;
    const files = filesUnder(join(dir, '.baton'));
    expect(files).toContain(join(dir, '.baton', 'baton.db'));
    for (const file of files) expect(readFileSync(file).includes(secret), file).toBe(false);
    const logs = join(runDir(dir, run), 'logs');
    expect(readFileSync(join(logs, 'talk.1.log'), 'utf8')).toContain('MY_SERVICE_TOKEN=[redacted:MY_SERVICE_TOKEN]');
    expect(readFileSync(join(logs, 'echo.1.log'), 'utf8')).toBe('the token is [redacted:MY_SERVICE_TOKEN]\nagain: [redacted:MY_SERVICE_TOKEN]\n');
    const [talk] = attemptsOf(evidence(dir), 'talk');
    expect(talk!.final_message).toContain('[redacted:MY_SERVICE_TOKEN]');
    expect(talk!.handoff).toMatchObject({ synthesized: true, content: expect.stringContaining('[redacted:MY_SERVICE_TOKEN]') as string });
  });
});

describe('every adapter in a real run', () => {
  it('runs a codex, a gemini, an aider and a command agent, and merges all four', () => {
    const dir = gitTarget(`name: adapters
agents:
  cx: { use: codex }
  gm: { use: gemini }
  ad: { use: aider }
  any: { use: command, model: tiny-1, command: [command-agent, --model, "{{model}}", --prompt-file, "{{prompt_file}}"] }
actions:
  - { id: by-codex, agent: cx, prompt: "@write out/codex.txt written by codex", files: [out/codex.txt] }
  - { id: by-gemini, agent: gm, prompt: "@write out/gemini.txt written by gemini", files: [out/gemini.txt] }
  - { id: by-aider, agent: ad, prompt: "@write out/aider.txt written by aider", files: [out/aider.txt] }
  - { id: by-command, agent: any, prompt: "@write out/command.txt written by command-agent", files: [out/command.txt] }
`);
    const result = runPlan(dir);
    const { run, actions } = statusOf(dir);
    expect(Object.fromEntries(actions.map((a) => [a.id, a.state]))).toEqual({ 'by-aider': 'done', 'by-codex': 'done', 'by-command': 'done', 'by-gemini': 'done' });
    for (const name of ['codex', 'gemini', 'aider', 'command']) {
      expect(result.stdout).toContain(`⇢ by-${name} merged`);
      expect(show(dir, `baton/${run}`, `out/${name}.txt`)).toBe(`written by ${name === 'command' ? 'command-agent' : name}`);
    }
    const records = evidence(dir);
    const adapters = ['by-aider', 'by-codex', 'by-command', 'by-gemini'].map((id) => attemptsOf(records, id)[0]!.adapter);
    expect(adapters).toEqual(['aider', 'codex', 'command', 'gemini']);
    const command = attemptsOf(records, 'by-command')[0]!.command as string[];
    expect(command.slice(0, 4)).toEqual(['command-agent', '--model', 'tiny-1', '--prompt-file']);
  });
});

describe('baton validate --check-agents', () => {
  const agents = `  dev: { use: claude-code }\n  cx: { use: codex }\n  gm: { use: gemini }\n  ad: { use: aider }\n`;
  const actions = `actions:\n  - { id: a, agent: dev, prompt: Do a. }\n  - { id: b, agent: cx, prompt: Do b. }\n  - { id: c, agent: gm, prompt: Do c. }\n  - { id: d, agent: ad, prompt: Do d. }\n`;

  it('starts each agent CLI once and prints its version', () => {
    const dir = target(`name: check\nagents:\n${agents}${actions}`);
    const result = runWithAgents(dir, ['validate', 'plan.yaml', '--check-agents']);
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain('agent dev (claude-code): 2.1.59 (Claude Code)');
    expect(result.stdout).toContain('agent cx (codex): codex-cli 0.46.0');
    expect(result.stdout).toMatch(/agent gm \(gemini\): \S+/);
    expect(result.stdout).toMatch(/agent ad \(aider\): \S+/);
  });

  it('exits 2 naming the agent whose CLI is missing', () => {
    const dir = target(`name: check\nagents:\n${agents}  broken: { use: gemini, bin: no-such-gemini }\n${actions}  - { id: e, agent: broken, prompt: Do e. }\n`);
    const result = runWithAgents(dir, ['validate', 'plan.yaml', '--check-agents']);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('agent dev (claude-code): 2.1.59 (Claude Code)');
    expect(result.stderr).toContain('agent broken (gemini): no-such-gemini missing');
    expect(result.stderr).toContain('1 problem');
  });
});

describe('failures of the agent itself', () => {
  it('retries an agent that crashed, from the integration tip, and succeeds', () => {
    const dir = gitTarget(`name: crash
agents:
  dev: { use: claude-code }
actions:
  - { id: build, agent: dev, prompt: Build it., verify: test -f built.txt, retries: 1 }
`);
    runPlan(dir, { steps: [{ mode: 'crash', write: { 'half.txt': 'cut off' } }, { write: { 'built.txt': 'built' }, handoff: true }] });
    const { run, actions } = statusOf(dir);
    expect(actions).toEqual([expect.objectContaining({ id: 'build', state: 'done', attempts: 2 })]);
    const [crashed, retried] = attemptsOf(evidence(dir), 'build') as [AttemptEvidence, AttemptEvidence];
    expect(crashed).toMatchObject({ outcome: 'failed', exit: { code: null, signal: 'SIGKILL' } });
    expect(retried).toMatchObject({ outcome: 'succeeded', exit: { code: 0, signal: null } });
    expect(show(dir, `baton/${run}`, 'built.txt')).toBe('built');
    expect(show(dir, `baton/${run}`, 'half.txt')).toBeUndefined();
  });
});
