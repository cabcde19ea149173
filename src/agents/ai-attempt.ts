/**
 * An attempt of an action for an AI agent: baton writes the prompt (goal, phase, task, checks, leases, the
 * dependencies' handoffs, where to write its own, why it runs again, what it may spend) to a file, starts the
 * agent's CLI with it in the attempt's workspace, and follows it to its end.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRequest } from '../engine/drivers.js';
import type { Plan } from '../plan/model.js';
import { childEnv } from '../process/child-env.js';
import { runAgent } from './agent-run.js';
import type { AgentRunResult } from './agent-run.js';
import { dependencyHandoffs } from './handoff-files.js';
import { buildPrompt } from './prompt.js';

/** Time between SIGTERM and SIGKILL: an agent CLI gets a moment to save its session and stop its tools. */
export const AGENT_KILL_GRACE_MS = 5000;

export interface AiAttemptInput {
  readonly run: string;
  readonly plan: Plan;
  readonly runDir: string;
  readonly request: AttemptRequest;
  /** Where it runs. */
  readonly cwd: string;
  /** Where it writes its handoff (`$BATON_HANDOFF`). */
  readonly handoffPath: string;
  /** The attempt's variables (the agent's and action's `env`, placeholders filled, `BATON_*`). */
  readonly env: Readonly<Record<string, string>>;
  readonly redact: (text: string) => string;
  /** Redacts a file a CLI wrote itself (aider's chat history), in place. */
  readonly redactFile: (path: string) => Promise<unknown>;
  /** Aborted on a second Ctrl-C: the agent's group is killed at once, without its grace. */
  readonly killNow: AbortSignal;
}

export interface AiAttemptResult extends AgentRunResult {
  readonly promptFile: string;
}

export function promptFile(runDir: string, action: string, attempt: number, kind = 'prompt'): string {
  return join(runDir, 'prompts', `${action}.${attempt}.${kind}.md`);
}

export async function runAiAttempt(input: AiAttemptInput): Promise<AiAttemptResult> {
  const { plan, request, runDir } = input;
  const { action } = request;
  const agent = plan.agents[action.agent]!;
  const { handoffPath } = input;
  mkdirSync(join(runDir, 'handoffs'), { recursive: true });
  const prompt = buildPrompt({
    plan,
    action,
    attempt: request.attempt,
    iteration: request.iteration,
    handoffs: dependencyHandoffs(runDir, plan, request.dependencies ?? []),
    handoffPath,
    budget: request.budget,
    ...(request.conflict ? { conflict: request.conflict } : {}),
    ...(request.review ? { review: { reviewer: request.review.reviewer, round: request.review.round, reasons: request.review.reasons } } : {}),
    othersFiles: plan.actions.filter((other) => other.id !== action.id && other.files.length > 0).map((other) => ({ action: other.id, files: other.files })),
  });
  const file = promptFile(runDir, action.id, request.attempt);
  mkdirSync(join(runDir, 'prompts'), { recursive: true });
  writeFileSync(file, input.redact(prompt.text));
  const env = childEnv({ ...input.env, BATON_RUN: input.run, BATON_HANDOFF: handoffPath, BATON_PROMPT_FILE: file });
  const result = await runAgent(agent, { text: prompt.text, file }, {
    cwd: input.cwd,
    env,
    signal: request.signal,
    ...(action.timeboxS === undefined ? {} : { timeoutMs: action.timeboxS * 1000 }),
    graceMs: AGENT_KILL_GRACE_MS,
    killNow: input.killNow,
    logFile: request.logFile,
    redact: input.redact,
    onSpawn: request.onSpawn,
    ...(request.onUsage ? { onUsage: request.onUsage } : {}),
  });
  // aider keeps its own history of the conversation beside the prompt file: it holds what the agent saw.
  if (agent.use === 'aider') for (const history of [`${file}.aider.chat.md`, `${file}.aider.input`]) if (existsSync(history)) await input.redactFile(history);
  return { ...result, promptFile: file };
}
