/**
 * One attempt, start to end, as `baton run` carries it out: its workspace, its `setup`, the work (a shell
 * command, or an AI agent's CLI with the prompt baton wrote), then — if the work claims success — the commit of
 * what it left, baton's own `verify`, the handoff (the agent's, or one baton synthesizes), the review when the
 * action has a reviewer, and in every case the evidence file of the attempt.
 */
import { appendFileSync, rmSync } from 'node:fs';
import { overBudgetIfStopped } from '../engine/drivers.js';
import type { AttemptRequest, AttemptResult } from '../engine/drivers.js';
import type { CheckResult, ReviewRecord } from '../engine/events.js';
import { addUsage } from '../agents/usage.js';
import type { ShellProcesses } from '../agents/shell.js';
import { runAiAttempt } from '../agents/ai-attempt.js';
import { agentHandoffFile, settleHandoff, takeAgentHandoff } from '../agents/handoff-files.js';
import type { AgentHandoff } from '../agents/handoff-files.js';
import type { SettledHandoff } from '../agents/handoff-files.js';
import { runReview } from '../agents/review-attempt.js';
import type { Redactor } from '../process/redact.js';
import type { RunWorkspace } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { AttemptTrail } from './attempt-trail.js';
import { commitAttempt } from './commit-attempt.js';
import { diffStat, diffText } from './diff.js';
import type { DiffStat } from './diff.js';
import { git } from './git.js';
import { expandPlaceholders } from './placeholders.js';
import type { PlacePreparer, PreparedPlace } from './place.js';
import { shelveFailed } from './shelve-failed.js';
import type { FileWatcher } from './watch.js';

/** A reviewer reads at most this much diff; the rest is on the branch. */
const MAX_REVIEW_DIFF_BYTES = 60_000;

export interface AttemptContext {
  readonly run: string;
  readonly plan: Plan;
  readonly cwd: string;
  readonly runDir: string;
  readonly workspace: RunWorkspace | undefined;
  readonly shell: ShellProcesses;
  readonly places: PlacePreparer;
  readonly watcher: FileWatcher | undefined;
  readonly redactor: Redactor;
  /** Aborted when the drivers close (a second Ctrl-C): AI agents are killed at once, as shell launchers are. */
  readonly killNow: AbortSignal;
}

type Work = Pick<AttemptResult, 'outcome' | 'exitCode' | 'signal' | 'durationMs'>;

export async function runAttempt(ctx: AttemptContext, request: AttemptRequest): Promise<AttemptResult> {
  const trail = new AttemptTrail(ctx, request);
  let place: PreparedPlace;
  try {
    place = await ctx.places.prepare(request);
  } catch (error) {
    return trail.finish(refused(request, error));
  }
  trail.placed(place);
  try {
    return trail.finish(overBudgetIfStopped(await attemptIn(ctx, request, place, trail), request.signal));
  } catch (error) {
    return trail.finish(refused(request, error));
  } finally {
    ctx.watcher?.remove(request.action.id);
    ctx.places.release(place);
  }
}

async function attemptIn(ctx: AttemptContext, request: AttemptRequest, place: PreparedPlace, trail: AttemptTrail): Promise<AttemptResult> {
  const stopped = { outcome: 'interrupted', exitCode: null, signal: null, durationMs: 0, verify: [] } as const;
  if (request.signal.aborted) return stopped;
  const setup = place.fresh ? await ctx.shell.setup(request, place) : [];
  trail.setup = setup;
  if (setup.some((check) => !check.passed)) return { outcome: 'failed', exitCode: null, signal: null, durationMs: 0, verify: setup };
  if (place.base !== undefined) ctx.watcher?.add(request.action, place.dir, place.base);
  const work = await doWork(ctx, request, place, trail);
  ctx.watcher?.remove(request.action.id);
  const written = takeAgentHandoff(handoffFileOf(ctx, request, place));
  const usage = trail.usage === undefined ? {} : { usage: trail.usage };
  if (work.outcome !== 'succeeded') return shelveFailed(ctx.run, request, place, { ...work, verify: [], ...usage });
  const commit = place.base === undefined ? undefined : await commitAttempt(ctx.run, request, place.dir);
  trail.commit = commit;
  const verify = await ctx.shell.verify(request, place);
  trail.verify = verify;
  if (request.signal.aborted) return { ...work, outcome: 'interrupted', verify, ...usage };
  if (!verify.every((check) => check.passed)) return shelveFailed(ctx.run, request, place, { ...work, outcome: 'verify_failed', verify, ...usage });
  const changes = await changesOf(ctx, place, commit);
  trail.diffStat = changes;
  const handoff = settle(ctx, request, written, trail, changes, verify);
  trail.handoff = handoff;
  const reviewed = request.action.review === undefined ? undefined : await review(ctx, request, place, trail, { commit, changes, verify, handoff });
  const committed = commit === undefined ? {} : { commit };
  if (reviewed === undefined) return { ...work, outcome: 'succeeded', verify, ...committed, ...usage };
  const after = trail.usage === undefined ? {} : { usage: trail.usage };
  if (reviewed.record === undefined) return { ...work, outcome: request.signal.aborted ? 'interrupted' : 'failed', verify, ...committed, ...after };
  const outcome = reviewed.record.verdict === 'approve' ? 'succeeded' : 'changes_requested';
  return { ...work, outcome, verify, ...committed, ...after, review: reviewed.record };
}

/** The work itself: the shell command, or the AI agent's CLI. */
async function doWork(ctx: AttemptContext, request: AttemptRequest, place: PreparedPlace, trail: AttemptTrail): Promise<Work> {
  const agent = ctx.plan.agents[request.action.agent];
  const handoffPath = handoffFileOf(ctx, request, place);
  // A handoff an earlier attempt left in a track is not this attempt's.
  rmSync(handoffPath, { force: true });
  const env = ctx.shell.attemptEnv(request, place);
  if (!agent || agent.use === 'shell') {
    trail.command = request.action.run ?? 'true';
    const told = { ...place, env: { ...place.env, BATON_HANDOFF: handoffPath } };
    const result = await ctx.shell.runAttempt({ ...request, onSpawn: (pid) => trail.spawned(pid, request.onSpawn) }, told);
    if (ctx.redactor.size > 0) await ctx.redactor.redactFileInPlace(request.logFile);
    return result;
  }
  const ai = await runAiAttempt({
    run: ctx.run,
    plan: ctx.plan,
    runDir: ctx.runDir,
    request: { ...request, onSpawn: (pid) => trail.spawned(pid, request.onSpawn), onUsage: (usage) => trail.used(usage, request.onUsage) },
    cwd: place.cwd,
    handoffPath,
    env,
    redact: (text) => ctx.redactor.redact(text),
    redactFile: (path) => ctx.redactor.redactFileInPlace(path),
    killNow: ctx.killNow,
  });
  trail.agentRan(ai);
  if (ai.problem !== undefined) appendFileSync(request.logFile, `baton: ${ai.problem}\n`);
  return { outcome: ai.outcome, exitCode: ai.exitCode, signal: ai.signal, durationMs: ai.durationMs };
}

/** Files the action's work changed, from where its first round started (a revision continues earlier work). */
async function changesOf(ctx: AttemptContext, place: PreparedPlace, commit: string | undefined): Promise<DiffStat[]> {
  if (commit === undefined || ctx.workspace === undefined || place.base === undefined) return [];
  return diffStat(place.dir, await startOf(ctx.workspace, place, commit), commit);
}

async function startOf(workspace: RunWorkspace, place: PreparedPlace, commit: string): Promise<string> {
  const found = await git(place.dir, ['merge-base', workspace.integration, commit], { allowFail: true });
  return found.exitCode === 0 ? found.stdout.trim() : place.base!;
}

/** Where the attempt writes its handoff: where it works in a worktree of its own, else under the run. */
function handoffFileOf(ctx: AttemptContext, request: AttemptRequest, place: PreparedPlace): string {
  return agentHandoffFile(ctx.runDir, request.action.id, request.attempt, place.base === undefined ? undefined : place.cwd);
}

function settle(ctx: AttemptContext, request: AttemptRequest, written: AgentHandoff, trail: AttemptTrail, changes: readonly DiffStat[], verify: readonly CheckResult[]): SettledHandoff {
  return settleHandoff({
    runDir: ctx.runDir,
    written,
    run: ctx.run,
    plan: ctx.plan,
    action: request.action,
    attempt: request.attempt,
    dependencies: request.dependencies ?? [],
    diffStat: changes.map((entry) => ({ file: entry.file, added: entry.added ?? 0, deleted: entry.deleted ?? 0 })),
    checks: verify,
    finalMessage: trail.finalMessage,
    redact: (text) => ctx.redactor.redact(text),
    now: new Date(),
  });
}

interface Reviewed {
  readonly commit: string | undefined;
  readonly changes: readonly DiffStat[];
  readonly verify: readonly CheckResult[];
  readonly handoff: SettledHandoff;
}

async function review(ctx: AttemptContext, request: AttemptRequest, place: PreparedPlace, trail: AttemptTrail, work: Reviewed): Promise<{ record: ReviewRecord | undefined }> {
  const { action } = request;
  const diff =
    work.commit === undefined || ctx.workspace === undefined
      ? '(not in git: no diff; judge the files in the working directory)'
      : await diffText(place.dir, await startOf(ctx.workspace, place, work.commit), work.commit, MAX_REVIEW_DIFF_BYTES);
  const round = request.reviewRound ?? 1;
  const workerUsage = trail.usage;
  const result = await runReview({
    run: ctx.run,
    plan: ctx.plan,
    runDir: ctx.runDir,
    action,
    attempt: request.attempt,
    round,
    cwd: place.cwd,
    env: reviewerEnv(ctx, request, place),
    diff: ctx.redactor.redact(diff),
    diffStat: work.changes.map((entry) => ({ file: entry.file, added: entry.added ?? 0, deleted: entry.deleted ?? 0 })),
    handoff: work.handoff.text,
    checks: work.verify,
    signal: request.signal,
    killNow: ctx.killNow,
    logFile: request.logFile.replace(/\.log$/, `.review-${round}.log`),
    redact: (text) => ctx.redactor.redact(text),
    onUsage: (usage) => trail.used(addUsage(workerUsage, usage), request.onUsage),
  });
  trail.reviewed(result, workerUsage);
  if (result.problem !== undefined) appendFileSync(request.logFile, `baton: review by ${action.review ?? '?'}: ${result.problem}\n`);
  return { record: result.record };
}


/** The reviewer's own `env` (placeholders filled for it) and where and what it reviews; not the worker's variables. */
function reviewerEnv(ctx: AttemptContext, request: AttemptRequest, place: PreparedPlace): Record<string, string> {
  const { action } = request;
  const reviewer = ctx.plan.agents[action.review!]!;
  const values = { workspace: place.dir, run: ctx.run, action: action.id, agent: reviewer.id, port: place.env['BATON_PORT'] ?? '' };
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(reviewer.env)) env[name] = expandPlaceholders(value, values);
  return { ...env, BATON_WORKSPACE: place.dir, BATON_ACTION: action.id, BATON_AGENT: reviewer.id, BATON_ATTEMPT: String(request.attempt), BATON_PHASE: action.phase };
}

/** A workspace that could not be made, or git that failed: the attempt fails with the reason in its log. */
function refused(request: AttemptRequest, error: unknown): AttemptResult {
  appendFileSync(request.logFile, `baton: ${error instanceof Error ? error.message : String(error)}\n`);
  return { outcome: 'failed', exitCode: null, signal: null, durationMs: 0, verify: [] };
}
