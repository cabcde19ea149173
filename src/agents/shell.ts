/**
 * The shell drivers: attempts of `run:` actions, gates and sensors, as real processes in the target directory.
 * The user's `run:` text is their own shell command; plan values reach it only as environment variables
 * (`BATON_RUN`, `BATON_ACTION`, `BATON_ATTEMPT`, `BATON_PHASE`, `BATON_ITERATION`, the agent's and action's
 * `env`), never spliced into it. Each attempt writes its output to its own log file.
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { AttemptRequest, AttemptResult, Drivers, GateRequest } from '../engine/drivers.js';
import type { CheckResult } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { runCommand } from '../process/run-command.js';
import { runChecks, verifyChecks } from './checks.js';

/** Time between SIGTERM and SIGKILL when a time-box ends or the run is stopped. */
const KILL_GRACE_MS = 3000;

export interface ShellDriverOptions {
  readonly plan: Plan;
  /** The target directory: where commands run. */
  readonly cwd: string;
  /** `.baton/runs/<run>`: logs go under it. */
  readonly runDir: string;
}

export function shellDrivers(options: ShellDriverOptions): Drivers {
  const logs = join(options.runDir, 'logs');
  mkdirSync(logs, { recursive: true });
  return {
    startAttempt: (request) => startAttempt(options, request),
    runGate: (request) => runGate(options, logs, request),
    sense: async (fact, signal) => {
      const sensor = options.plan.sensors[fact];
      if (!sensor) return false;
      const result = await runCommand(sensor.run, { cwd: options.cwd, timeoutMs: sensor.timeoutS * 1000, signal });
      return result.exitCode === 0 && !result.timedOut && !result.aborted;
    },
  };
}

async function startAttempt(options: ShellDriverOptions, request: AttemptRequest): Promise<AttemptResult> {
  const { action } = request;
  const env = attemptEnv(options.plan, request);
  const fd = openSync(request.logFile, 'a');
  let result;
  try {
    result = await runCommand(action.run ?? 'true', {
      cwd: options.cwd,
      env,
      signal: request.signal,
      outputFd: fd,
      direct: true,
      graceMs: KILL_GRACE_MS,
      onSpawn: request.onSpawn,
      ...(action.timeboxS === undefined ? {} : { timeoutMs: action.timeboxS * 1000 }),
    });
  } finally {
    closeSync(fd);
  }
  const base = { exitCode: result.exitCode ?? null, signal: result.signal ?? null, durationMs: Math.round(result.durationMs) };
  if (result.aborted) return { ...base, outcome: 'interrupted', verify: [] };
  if (result.timedOut) return { ...base, outcome: 'timed_out', verify: [] };
  if (result.exitCode !== 0) return { ...base, outcome: 'failed', verify: [] };
  const verify = await runChecks(verifyChecks(action.verify), {
    cwd: options.cwd,
    env,
    signal: request.signal,
    logFile: (index) => `${request.logFile.replace(/\.log$/, '')}.verify-${index + 1}.log`,
  });
  if (request.signal.aborted) return { ...base, outcome: 'interrupted', verify };
  return { ...base, outcome: verify.every((check) => check.passed) ? 'succeeded' : 'verify_failed', verify };
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

function attemptEnv(plan: Plan, request: AttemptRequest): NodeJS.ProcessEnv {
  const { action } = request;
  return {
    ...process.env,
    ...plan.agents[action.agent]?.env,
    ...action.env,
    BATON_RUN: request.run,
    BATON_ACTION: action.id,
    BATON_ATTEMPT: String(request.attempt),
    BATON_PHASE: action.phase,
    BATON_ITERATION: String(request.iteration),
  };
}
