/**
 * The shell drivers: attempts of `run:` actions, gates and sensors, as real processes in the target directory.
 * The user's `run:` text is their own shell command; plan values reach it only as environment variables
 * (`BATON_RUN`, `BATON_ACTION`, `BATON_ATTEMPT`, `BATON_PHASE`, `BATON_ITERATION`, the agent's and action's
 * `env`), never spliced into it. Each attempt writes its output to its own log file.
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AttemptRequest, AttemptResult, Drivers, GateRequest } from '../engine/drivers.js';
import type { CheckResult } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { runCommand } from '../process/run-command.js';
import { runChecks, verifyChecks } from './checks.js';
import { jobLine } from './job-file.js';
import { LauncherPool } from './launcher.js';
import type { LaunchResult } from './launcher.js';

/** Time between SIGTERM and SIGKILL when a time-box ends or the run is stopped. */
const KILL_GRACE_MS = 3000;

export interface ShellDriverOptions {
  readonly run: string;
  readonly plan: Plan;
  /** The target directory: where commands run. */
  readonly cwd: string;
  /** `.baton/runs/<run>`: logs go under it. */
  readonly runDir: string;
}

function logsOf(options: ShellDriverOptions): string {
  return join(options.runDir, 'logs');
}

export function shellDrivers(options: ShellDriverOptions): Drivers {
  const logs = logsOf(options);
  mkdirSync(logs, { recursive: true });
  const pool = new LauncherPool({ ...process.env, BATON_RUN: options.run }, options.cwd, logs);
  return {
    startAttempt: (request) => startAttempt(options, pool, request),
    runGate: (request) => runGate(options, logs, request),
    sense: async (fact, signal) => {
      const sensor = options.plan.sensors[fact];
      if (!sensor) return false;
      const result = await runCommand(sensor.run, { cwd: options.cwd, timeoutMs: sensor.timeoutS * 1000, signal });
      return result.exitCode === 0 && !result.timedOut && !result.aborted;
    },
    close: () => pool.close(),
  };
}

async function startAttempt(options: ShellDriverOptions, pool: LauncherPool, request: AttemptRequest): Promise<AttemptResult> {
  const { action } = request;
  const env = attemptEnv(options.plan, request);
  const ended = await launch(pool, request, env);
  const base = { exitCode: ended.exitCode, signal: ended.signal, durationMs: Math.round(ended.durationMs) };
  if (ended.aborted) return { ...base, outcome: 'interrupted', verify: [] };
  if (ended.timedOut) return { ...base, outcome: 'timed_out', verify: [] };
  if (ended.exitCode !== 0) return { ...base, outcome: 'failed', verify: [] };
  if (action.verify.length === 0) return { ...base, outcome: 'succeeded', verify: [] };
  const verify = await runChecks(verifyChecks(action.verify), {
    cwd: options.cwd,
    env: { ...process.env, ...env, BATON_RUN: request.run },
    signal: request.signal,
    logFile: (index) => `${request.logFile.replace(/\.log$/, '')}.verify-${index + 1}.log`,
  });
  if (request.signal.aborted) return { ...base, outcome: 'interrupted', verify };
  return { ...base, outcome: verify.every((check) => check.passed) ? 'succeeded' : 'verify_failed', verify };
}

/** The fast path: a job line run by a launcher already running. */
function launch(pool: LauncherPool, request: AttemptRequest, env: Record<string, string>): Promise<LaunchResult> {
  const jobFile = request.logFile.replace(/\.log$/, '.job.sh');
  return pool.run({
    job: jobLine({ env, command: request.action.run ?? 'true' }, jobFile),
    logName: basename(request.logFile),
    timeoutMs: request.action.timeboxS === undefined ? undefined : request.action.timeboxS * 1000,
    graceMs: KILL_GRACE_MS,
    signal: request.signal,
    onSpawn: request.onSpawn,
  });
}

async function runGate(options: ShellDriverOptions, logs: string, request: GateRequest): Promise<readonly CheckResult[]> {
  const env = { ...process.env, BATON_RUN: request.run, BATON_PHASE: request.phase.id, BATON_ITERATION: String(request.iteration) };
  return runChecks(request.phase.gate, {
    cwd: options.cwd,
    env,
    signal: request.signal,
    logFile: (index) => join(logs, `gate-${request.phase.id}.${request.iteration}.${index + 1}.log`),
  });
}

/**
 * The attempt's own variables, on top of baton's environment and `BATON_RUN` (which every attempt of the run
 * shares): the agent's and action's `env`, and BATON_ACTION, BATON_ATTEMPT, BATON_PHASE, BATON_ITERATION.
 */
function attemptEnv(plan: Plan, request: AttemptRequest): Record<string, string> {
  const { action } = request;
  return {
    ...plan.agents[action.agent]?.env,
    ...action.env,
    BATON_ACTION: action.id,
    BATON_ATTEMPT: String(request.attempt),
    BATON_PHASE: action.phase,
    BATON_ITERATION: String(request.iteration),
  };
}
