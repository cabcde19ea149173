/**
 * A review: once an attempt's work passed `verify`, the action's reviewer agent gets the diff, the handoff and
 * baton's checks, and answers with a verdict (review.ts says the format). The reviewer runs in the attempt's
 * workspace to read the code, after the work was committed: whatever it might change is not part of the work
 * (the merge takes the attempt's commit).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CheckResult, ReviewRecord, Usage } from '../engine/events.js';
import type { Action, AdapterName, Agent, Plan } from '../plan/model.js';
import { childEnv } from '../process/child-env.js';
import { AGENT_KILL_GRACE_MS, promptFile } from './ai-attempt.js';
import { runAgent } from './agent-run.js';
import type { AgentRunResult } from './agent-run.js';
import { buildReviewPrompt } from './prompt.js';
import { parseVerdict } from './review.js';

export interface ReviewInput {
  readonly run: string;
  readonly plan: Plan;
  readonly runDir: string;
  readonly action: Action;
  readonly attempt: number;
  /** 1 for the first review of the action. */
  readonly round: number;
  readonly cwd: string;
  /** The reviewer's own variables (its agent's `env`, placeholders filled) and baton's `BATON_*`: not the worker's. */
  readonly env: Readonly<Record<string, string>>;
  readonly diff: string;
  readonly diffStat: readonly { readonly file: string; readonly added: number; readonly deleted: number }[];
  readonly handoff: string;
  readonly checks: readonly CheckResult[];
  readonly signal: AbortSignal;
  /** Aborted on a second Ctrl-C: the reviewer's group is killed at once. */
  readonly killNow: AbortSignal;
  readonly logFile: string;
  readonly redact: (text: string) => string;
  readonly onUsage?: (usage: Usage) => void;
}

export interface ReviewResult {
  /** The verdict; `undefined` when the reviewer failed or gave none that could be read (`problem` says which). */
  readonly record: ReviewRecord | undefined;
  readonly problem: string | undefined;
  readonly run: AgentRunResult;
  readonly promptFile: string;
}

/**
 * A reviewer judges; it does not edit. Unless its profile says otherwise, its CLI runs in its read-only mode
 * (where nothing is merged, outside git or in `workspace: none`, an edit would be unverified work). aider has no
 * such mode; the prompt tells it not to edit.
 */
const READ_ONLY_MODES: Partial<Record<AdapterName, string>> = { 'claude-code': 'plan', codex: 'read-only', gemini: 'plan' };

function readOnly(reviewer: Agent): Agent {
  return { ...reviewer, permissionMode: reviewer.permissionMode ?? READ_ONLY_MODES[reviewer.use] };
}

export async function runReview(input: ReviewInput): Promise<ReviewResult> {
  const { action, plan } = input;
  const reviewer = plan.agents[action.review!]!;
  const prompt = buildReviewPrompt({
    plan,
    action,
    reviewer: reviewer.id,
    round: input.round,
    rounds: action.reviewRounds,
    diff: input.diff,
    diffStat: input.diffStat,
    handoff: input.handoff,
    checks: input.checks,
  });
  const file = promptFile(input.runDir, action.id, input.attempt, `review-${input.round}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, input.redact(prompt.text));
  const env = childEnv({ ...input.env, BATON_RUN: input.run, BATON_REVIEW_ROUND: String(input.round), BATON_PROMPT_FILE: file });
  const run = await runAgent(readOnly(reviewer), { text: prompt.text, file }, {
    cwd: input.cwd,
    env,
    signal: input.signal,
    ...(action.timeboxS === undefined ? {} : { timeoutMs: action.timeboxS * 1000 }),
    graceMs: AGENT_KILL_GRACE_MS,
    killNow: input.killNow,
    logFile: input.logFile,
    redact: input.redact,
    ...(input.onUsage ? { onUsage: input.onUsage } : {}),
  });
  if (run.outcome !== 'succeeded') return { record: undefined, problem: run.problem ?? `the reviewer ${run.outcome.replace('_', ' ')}`, run, promptFile: file };
  const verdict = parseVerdict(run.finalMessage ?? '');
  if ('problem' in verdict) return { record: undefined, problem: `the reviewer gave no verdict baton can read: ${verdict.problem}`, run, promptFile: file };
  const record: ReviewRecord = { reviewer: reviewer.id, round: input.round, verdict: verdict.verdict, reasons: verdict.reasons.map(input.redact) };
  return { record, problem: undefined, run, promptFile: file };
}
