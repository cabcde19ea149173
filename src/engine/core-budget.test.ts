import { describe, expect, it } from 'vitest';
import { newRunState, replay, stepAll } from './core.js';
import type { EngineEvent, Usage } from './events.js';
import { Scenario, runOptions, started, types, yamlPlan } from './scenario.test.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function usage(action: string, attempt: number, inputTokens: number, outputTokens: number, costUsd?: number): EngineEvent {
  const spent: Usage = { inputTokens, outputTokens, costUsd };
  return { type: 'attempt.usage', action, attempt, usage: spent };
}

function exitWith(action: string, attempt: number, outcome: 'succeeded' | 'over_budget', spent: Usage, durationMs = MINUTE): EngineEvent {
  return { type: 'attempt.exited', action, attempt, outcome, exitCode: outcome === 'succeeded' ? 0 : null, signal: null, durationMs, verify: [], usage: spent };
}

describe('budgets', () => {
  const agents = `
    agents:
      dev: { use: claude-code }
  `;

  it('stops an attempt whose action goes over its token budget, and does not retry it', () => {
    const run = Scenario.yaml(`${agents}
    actions:
      - { id: write, agent: dev, prompt: Write it., retries: 2, budget: { tokens: 10000 } }
      - { id: after, run: "true", needs: [write] }
    `);
    run.start();
    expect(run.report(usage('write', 1, 4000, 1000))).toEqual([]);
    expect(run.report(usage('write', 1, 9000, 1500))).toEqual([
      { type: 'budget.exceeded', action: 'write', attempt: 1, reason: 'action write tokens 10500 of 10000' },
    ]);
    // A second report while it is being stopped decides nothing more.
    expect(run.report(usage('write', 1, 9500, 1500))).toEqual([]);
    const decided = run.report(exitWith('write', 1, 'over_budget', { inputTokens: 9500, outputTokens: 1500, costUsd: undefined }));
    expect(decided[0]).toEqual({ type: 'action.failed', action: 'write', reason: 'attempt 1 over budget' });
    expect(types(decided)).toContain('action.cancelled');
    expect(run.node('write')).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('starts nothing more once the run has spent its --max-cost, failing what would start with the reason', () => {
    const plan = yamlPlan(`${agents}
    actions:
      - { id: first, agent: dev, prompt: One. }
      - { id: second, agent: dev, prompt: Two., needs: [first] }
    `);
    const run = new Scenario(plan, newRunState(plan, runOptions(plan, { budget: { costUsd: 1 } })));
    expect(started(run.start())).toEqual(['first']);
    const decided = run.report(exitWith('first', 1, 'succeeded', { inputTokens: 100, outputTokens: 10, costUsd: 1.25 }));
    expect(started(decided)).toEqual([]);
    expect(decided[0]).toEqual({ type: 'action.failed', action: 'second', reason: 'over budget before it started: run cost $1.25 of $1.00' });
    expect(decided.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed' });
  });

  it('counts the wall time of attempts running at once against their phase, and stops them when it is spent', () => {
    const plan = yamlPlan(`${agents}
    phases:
      - id: build
        budget: { time: 10m }
        actions:
          - { id: a, run: ./a }
          - { id: b, run: ./b }
    `);
    const run = new Scenario(plan, newRunState(plan, runOptions(plan)));
    expect(started(run.start())).toEqual(['a', 'b']);
    // Two attempts spend the phase's ten minutes in five.
    expect(run.state.budget.nextTimeLimit(run.state.now)).toBe(run.state.now + 5 * MINUTE);
    expect(stepAll(run.state, [], run.state.now + 4 * MINUTE)).toEqual([]);
    const decided = stepAll(run.state, [], run.state.now + MINUTE);
    expect(decided).toEqual([
      { type: 'budget.exceeded', action: 'a', attempt: 1, reason: 'phase build time 10m of 10m' },
      { type: 'budget.exceeded', action: 'b', attempt: 1, reason: 'phase build time 10m of 10m' },
    ]);
  });

  it('tells an attempt what it may still spend: the tightest of its scopes', () => {
    const plan = yamlPlan(`
    budget: { cost: 10 }
    agents:
      dev: { use: claude-code, budget: { tokens: 50000, cost: 4 } }
    actions:
      - { id: a, agent: dev, prompt: A., budget: { time: 1h } }
    `);
    const state = newRunState(plan, runOptions(plan));
    const run = new Scenario(plan, state);
    run.start();
    run.report(usage('a', 1, 10000, 2000, 1.5));
    expect(state.budget.remaining(state.budget.scopesOf('a'), state.now)).toEqual({ tokens: 38000, costUsd: 2.5, timeS: 3600 });
  });

  it('rebuilds what was spent from the log', () => {
    const plan = yamlPlan(`${agents}
    actions:
      - { id: a, agent: dev, prompt: A., budget: { cost: 5 } }
      - { id: b, agent: dev, prompt: B., needs: [a] }
    `);
    const run = new Scenario(plan, newRunState(plan, runOptions(plan)));
    run.start();
    run.report(usage('a', 1, 1000, 100, 0.5));
    run.report(exitWith('a', 1, 'succeeded', { inputTokens: 2000, outputTokens: 200, costUsd: 0.75 }, 5 * SECOND), run.state.now + 30 * SECOND);
    run.report(usage('b', 1, 500, 50, 0.25));
    const replayed = replay(newRunState(plan, runOptions(plan)), run.log);
    expect(replayed.budget.runSpend).toEqual(run.state.budget.runSpend);
    // Time is the attempt's whole wall time, from its start to its exit event, not what its process reported.
    expect(replayed.budget.runSpend).toEqual({ tokens: 2750, costUsd: 1, timeMs: 30 * SECOND });
  });

  it('stops the attempts still running in a scope that another attempt\'s end has spent', () => {
    const plan = yamlPlan(`
    agents:
      dev: { use: claude-code, concurrency: 2 }
    actions:
      - { id: a, agent: dev, prompt: A. }
      - { id: b, agent: dev, prompt: B. }
    `);
    const run = new Scenario(plan, newRunState(plan, runOptions(plan, { budget: { tokens: 1000 } })));
    expect(started(run.start())).toEqual(['a', 'b']);
    const decided = run.report(exitWith('a', 1, 'succeeded', { inputTokens: 5000, outputTokens: 10, costUsd: undefined }));
    expect(decided).toContainEqual({ type: 'budget.exceeded', action: 'b', attempt: 1, reason: 'run tokens 5010 of 1000' });
  });

  it('checks nothing for a plan without budgets', () => {
    const run = Scenario.yaml(`${agents}
    actions:
      - { id: a, agent: dev, prompt: A. }
    `);
    run.start();
    expect(run.state.budget.unlimited).toBe(true);
    expect(run.report(usage('a', 1, 10 ** 9, 10 ** 9, 10 ** 6))).toEqual([]);
  });
});

describe('reviews', () => {
  const plan = (rounds: number) => `
    agents:
      dev: { use: claude-code }
      qa: { use: codex }
    actions:
      - { id: write, agent: dev, prompt: Write it., review: qa, review_rounds: ${rounds}, retries: 3 }
  `;
  const review = (round: number, verdict: 'approve' | 'request_changes'): EngineEvent => ({
    type: 'attempt.exited',
    action: 'write',
    attempt: round,
    outcome: verdict === 'approve' ? 'succeeded' : 'changes_requested',
    exitCode: 0,
    signal: null,
    durationMs: MINUTE,
    verify: [],
    commit: `c${round}`,
    review: { reviewer: 'qa', round, verdict, reasons: verdict === 'approve' ? [] : ['add a test'] },
  });

  it('runs the action again from the reviewed work, with the review, when the reviewer asks for changes', () => {
    const run = Scenario.yaml(plan(2));
    run.start();
    expect(started(run.report(review(1, 'request_changes')))).toEqual(['write']);
    expect(run.node('write')).toMatchObject({ attempts: 2, failures: 0, reviewRounds: 1, revise: 'c1', review: { reasons: ['add a test'] } });
    expect(run.report(review(2, 'approve')).at(-1)).toEqual({ type: 'run.finished', status: 'succeeded', reason: 'goal reached' });
    expect(run.node('write')).toMatchObject({ status: 'done', review: undefined, revise: undefined });
  });

  it('keeps the review and the reviewed work for the next attempt when a revision is stopped', () => {
    const run = Scenario.yaml(plan(2));
    run.start();
    run.report(review(1, 'request_changes'));
    expect(started(run.exit('write', 'interrupted'))).toEqual(['write']);
    expect(run.node('write')).toMatchObject({ attempts: 3, reviewRounds: 1, revise: 'c1', review: { reasons: ['add a test'] } });
  });

  it('fails the action for good, without retries, once the reviewer has asked for changes more than review_rounds times', () => {
    const run = Scenario.yaml(plan(1));
    run.start();
    run.report(review(1, 'request_changes'));
    const decided = run.report(review(2, 'request_changes'));
    expect(decided[0]).toEqual({
      type: 'action.failed',
      action: 'write',
      reason: 'qa requested changes 2 times (review_rounds: 1); last: add a test',
    });
    expect(decided.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed' });
  });
});
