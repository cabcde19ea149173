/**
 * Commands baton runs itself to judge work: an action's `verify` and a phase's gate checks. Each is the user's
 * own shell command, run in order in its own process group; a check passes when it exits 0 and, if it declares a
 * metric with a target, the metric read from its output meets the target. Output is kept in a log per check.
 */
import { writeFileSync } from 'node:fs';
import type { GateCheck } from '../plan/model.js';
import { runCommand } from '../process/run-command.js';
import type { CheckResult } from '../engine/events.js';
import { meetsTarget, readMetric } from './metric.js';

export interface CheckContext {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal: AbortSignal;
  /** Log file for the check at this position. */
  readonly logFile: (index: number) => string;
  /** Keeps secrets out of the log. @default nothing is redacted */
  readonly redact?: (text: string) => string;
}

/** Runs checks in order; stops at the first failure (later checks are reported as not run). */
export async function runChecks(checks: readonly GateCheck[], context: CheckContext): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const [index, check] of checks.entries()) {
    const failedBefore = results.some((r) => !r.passed);
    results.push(failedBefore ? notRun(check) : await runCheck(check, context, index));
  }
  return results;
}

/** `verify` commands as checks: no metric, the command is its name. */
export function verifyChecks(commands: readonly string[]): GateCheck[] {
  return commands.map((run, index) => ({ name: run, run, metric: undefined, target: undefined, baseline: undefined, timeoutS: undefined, path: ['verify', index] }));
}

async function runCheck(check: GateCheck, context: CheckContext, index: number): Promise<CheckResult> {
  const result = await runCommand(check.run, {
    cwd: context.cwd,
    env: context.env,
    signal: context.signal,
    ...(check.timeoutS === undefined ? {} : { timeoutMs: check.timeoutS * 1000 }),
  });
  writeFileSync(context.logFile(index), context.redact ? context.redact(result.output) : result.output);
  const value = check.metric === undefined ? undefined : readMetric(result.output, check.metric);
  const metricOk = check.target === undefined || (value !== undefined && meetsTarget(value, check.target));
  return {
    name: check.name,
    exitCode: result.exitCode ?? null,
    passed: result.exitCode === 0 && metricOk,
    value,
    target: check.target?.text,
    baseline: check.baseline,
    durationMs: Math.round(result.durationMs),
  };
}

function notRun(check: GateCheck): CheckResult {
  return { name: check.name, exitCode: null, passed: false, value: undefined, target: check.target?.text, baseline: check.baseline, durationMs: 0 };
}
