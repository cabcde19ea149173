/**
 * What an attempt leaves as evidence, gathered as it goes (its workspace, process, commits, checks, usage,
 * handoff, reviews) and written as one JSON file when it ends, whatever the outcome.
 */
import type { AttemptRequest, AttemptResult } from '../engine/drivers.js';
import type { CheckResult, Usage } from '../engine/events.js';
import type { AgentRunResult } from '../agents/agent-run.js';
import type { AttemptEvidence, CheckEvidence, ReviewEvidence, UsageEvidence } from '../agents/evidence.js';
import { EVIDENCE_SCHEMA_VERSION, writeEvidence } from '../agents/evidence.js';
import type { SettledHandoff } from '../agents/handoff-files.js';
import { addUsage } from '../agents/usage.js';
import type { ReviewResult } from '../agents/review-attempt.js';
import type { AttemptContext } from './attempt.js';
import type { DiffStat } from './diff.js';
import type { PreparedPlace } from './place.js';

export class AttemptTrail {
  private readonly startedAt = new Date();
  private place: PreparedPlace | undefined;
  private pid: number | undefined;
  command: readonly string[] | string = [];
  setup: readonly CheckResult[] = [];
  verify: readonly CheckResult[] = [];
  commit: string | undefined;
  diffStat: readonly DiffStat[] = [];
  usage: Usage | undefined;
  finalMessage: string | undefined;
  handoff: SettledHandoff | undefined;
  private promptFile: string | undefined;
  private readonly reviews: ReviewEvidence[] = [];

  constructor(
    private readonly ctx: AttemptContext,
    private readonly request: AttemptRequest,
  ) {}

  placed(place: PreparedPlace): void {
    this.place = place;
  }

  spawned(pid: number, report: (pid: number) => void): void {
    this.pid = pid;
    report(pid);
  }

  used(usage: Usage | undefined, report: ((usage: Usage) => void) | undefined): void {
    if (usage === undefined) return;
    this.usage = usage;
    report?.(usage);
  }

  agentRan(run: AgentRunResult & { readonly promptFile: string }): void {
    this.command = run.argv;
    this.usage = run.usage;
    this.finalMessage = run.finalMessage === undefined ? undefined : this.ctx.redactor.redact(run.finalMessage);
    this.promptFile = run.promptFile;
  }

  reviewed(result: ReviewResult, workerUsage: Usage | undefined): void {
    const { record, run } = result;
    this.reviews.push({
      reviewer: this.request.action.review ?? '?',
      round: this.request.reviewRound ?? 1,
      verdict: record?.verdict ?? null,
      reasons: record?.reasons ?? (result.problem === undefined ? [] : [result.problem]),
      usage: usageEvidence(run.usage),
      command: run.argv,
    });
    this.usage = addUsage(workerUsage, run.usage);
  }

  /** Writes the evidence file and hands the result on; a failure to write is noted in the log, not fatal. */
  async finish(result: AttemptResult): Promise<AttemptResult> {
    try {
      await writeEvidence(this.ctx.runDir, this.evidence(result), { redactor: this.ctx.redactor });
    } catch (error) {
      process.emitWarning(`baton: could not write the evidence of ${this.request.action.id} attempt ${this.request.attempt}: ${String(error)}`);
    }
    return result;
  }

  private evidence(result: AttemptResult): AttemptEvidence {
    const { action } = this.request;
    const log = this.request.logFile;
    return {
      schema_version: EVIDENCE_SCHEMA_VERSION,
      kind: 'attempt',
      run: this.ctx.run,
      action: action.id,
      attempt: this.request.attempt,
      iteration: this.request.iteration,
      agent: action.agent,
      adapter: this.ctx.plan.agents[action.agent]?.use ?? 'shell',
      command: this.command,
      cwd: this.place?.cwd ?? this.ctx.cwd,
      workspace: this.place?.name ?? null,
      pid: this.pid ?? null,
      started_at: this.startedAt.toISOString(),
      ended_at: new Date().toISOString(),
      exit: { code: result.exitCode, signal: result.signal },
      outcome: result.outcome,
      base_commit: this.place?.base ?? null,
      result_commit: result.commit ?? this.commit ?? null,
      diff_stat: this.diffStat,
      setup: checkEvidence(this.setup, (i) => log.replace(/\.log$/, `.setup-${i + 1}.log`), [...(this.ctx.plan.agents[action.agent]?.setup ?? []), ...action.setup]),
      verify: checkEvidence(this.verify, (i) => log.replace(/\.log$/, `.verify-${i + 1}.log`), action.verify),
      usage: usageEvidence(result.usage ?? this.usage),
      final_message: this.finalMessage ?? null,
      handoff: this.handoff ? { file: this.handoff.file, synthesized: this.handoff.synthesized, content: this.handoff.text } : null,
      reviews: this.reviews,
      prompt: this.promptFile === undefined ? null : { file: this.promptFile, tokens: null },
      log,
    };
  }
}

function checkEvidence(checks: readonly CheckResult[], logOf: (index: number) => string, commands: readonly string[]): CheckEvidence[] {
  return checks.map((check, index) => ({
    name: check.name,
    command: commands[index] ?? check.name,
    exit: check.exitCode,
    passed: check.passed,
    log: check.exitCode === null && !check.passed && check.durationMs === 0 ? null : logOf(index),
    duration_ms: check.durationMs,
  }));
}

function usageEvidence(usage: Usage | undefined): UsageEvidence | null {
  if (!usage) return null;
  return { input_tokens: usage.inputTokens, output_tokens: usage.outputTokens, cost_usd: usage.costUsd ?? null };
}
