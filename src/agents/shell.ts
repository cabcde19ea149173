/**
 * The shell processes of a run: attempts of `run:` actions, `setup` and `verify` commands, gate checks and
 * sensors, as real processes. The user's `run:` text is their own shell command; plan values reach it only as
 * environment variables (`BATON_RUN`, `BATON_ACTION`, `BATON_AGENT`, `BATON_ATTEMPT`, `BATON_PHASE`, `BATON_ITERATION`, the
 * agent's and action's `env`), never spliced into it. Each attempt and check writes its output to its own log.
 * Where each runs (the target directory or a worktree) is the caller's choice (src/workspace).
 */
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AttemptRequest, AttemptResult } from '../engine/drivers.js';
import type { CheckResult } from '../engine/events.js';
import type { GateCheck, Phase, Plan } from '../plan/model.js';
import { childEnv } from '../process/child-env.js';
import { runCommand } from '../process/run-command.js';
import { runChecks, verifyChecks } from './checks.js';
import { jobLine } from './job-file.js';
import { LauncherPool } from './launcher.js';
import type { LaunchResult } from './launcher.js';

/** Time between SIGTERM and SIGKILL when a time-box ends or the run is stopped. */
const KILL_GRACE_MS = 3000;

export interface ShellOptions {
  readonly run: string;
  readonly plan: Plan;
  /** The target directory: where commands run unless told otherwise. */
  readonly cwd: string;
  /** `.baton/runs/<run>`: logs go under it. */
  readonly runDir: string;
  /** Keeps secrets out of the checks' logs. @default nothing is redacted */
  readonly redact?: (text: string) => string;
}

/** Where an attempt runs and the variables it gets besides its own (`BATON_WORKSPACE`, placeholders filled in). */
export interface Place {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
}

export class ShellProcesses {
  readonly logs: string;
  private readonly pool: LauncherPool;

  constructor(private readonly options: ShellOptions) {
    this.logs = join(options.runDir, 'logs');
    mkdirSync(this.logs, { recursive: true });
    this.pool = new LauncherPool(childEnv({ BATON_RUN: options.run }), options.cwd, this.logs);
  }

  /** Runs the attempt's command; `verify` is left to the caller, who runs it once the work is committed. */
  async runAttempt(request: AttemptRequest, place: Place): Promise<AttemptResult> {
    const ended = await this.launch(request, place);
    const base = { exitCode: ended.exitCode, signal: ended.signal, durationMs: Math.round(ended.durationMs), verify: [] };
    if (ended.aborted) return { ...base, outcome: 'interrupted' };
    if (ended.timedOut) return { ...base, outcome: 'timed_out' };
    return { ...base, outcome: ended.exitCode === 0 ? 'succeeded' : 'failed' };
  }

  /** The action's `verify` commands, in order, each with its log beside the attempt's. */
  verify(request: AttemptRequest, place: Place): Promise<CheckResult[]> {
    return this.checks(verifyChecks(request.action.verify), request, place, 'verify');
  }

  /** The agent's, then the action's `setup` commands, in a new workspace. */
  setup(request: AttemptRequest, place: Place): Promise<CheckResult[]> {
    const agent = this.options.plan.agents[request.action.agent];
    const commands = [...(agent?.setup ?? []), ...request.action.setup];
    return this.checks(verifyChecks(commands), request, place, 'setup');
  }

  /** A phase's gate checks, in `cwd`. */
  gate(phase: Phase, iteration: number, cwd: string, signal: AbortSignal): Promise<CheckResult[]> {
    const env = childEnv({ BATON_RUN: this.options.run, BATON_PHASE: phase.id, BATON_ITERATION: String(iteration) });
    return runChecks(phase.gate, { cwd, env, signal, logFile: (index) => this.gateLog(phase.id, iteration, index), ...this.redaction() });
  }

  /** The log of a gate's check at `index`. */
  gateLog(phase: string, iteration: number, index: number): string {
    return join(this.logs, `gate-${phase}.${iteration}.${index + 1}.log`);
  }

  /** Runs a sensor (in the target directory unless told where) and says whether its fact holds. */
  async sense(fact: string, signal: AbortSignal, cwd = this.options.cwd): Promise<boolean> {
    const sensor = this.options.plan.sensors[fact];
    if (!sensor) return false;
    const result = await runCommand(sensor.run, { cwd, env: childEnv(), timeoutMs: sensor.timeoutS * 1000, signal });
    return result.exitCode === 0 && !result.timedOut && !result.aborted;
  }

  /** The environment an attempt's commands get: baton's own, the run's marker, its variables. */
  attemptEnv(request: AttemptRequest, place: Place): Record<string, string> {
    const { action } = request;
    return {
      ...this.options.plan.agents[action.agent]?.env,
      ...action.env,
      ...place.env,
      BATON_ACTION: action.id,
      BATON_AGENT: action.agent,
      BATON_ATTEMPT: String(request.attempt),
      BATON_PHASE: action.phase,
      BATON_ITERATION: String(request.iteration),
    };
  }

  close(): void {
    this.pool.close();
  }

  private checks(checks: readonly GateCheck[], request: AttemptRequest, place: Place, kind: string): Promise<CheckResult[]> {
    if (checks.length === 0) return Promise.resolve([]);
    return runChecks(checks, {
      cwd: place.cwd,
      env: childEnv({ ...this.attemptEnv(request, place), BATON_RUN: request.run }),
      signal: request.signal,
      logFile: (index) => `${request.logFile.replace(/\.log$/, '')}.${kind}-${index + 1}.log`,
      ...this.redaction(),
    });
  }

  private redaction(): { redact?: (text: string) => string } {
    return this.options.redact ? { redact: this.options.redact } : {};
  }

  /** The fast path: a job line run by a launcher already running. */
  private launch(request: AttemptRequest, place: Place): Promise<LaunchResult> {
    const jobFile = request.logFile.replace(/\.log$/, '.job.sh');
    const cwd = place.cwd === this.options.cwd ? undefined : place.cwd;
    return this.pool.run({
      job: jobLine({ env: this.attemptEnv(request, place), command: request.action.run ?? 'true', cwd }, jobFile),
      logName: basename(request.logFile),
      timeoutMs: request.action.timeboxS === undefined ? undefined : request.action.timeboxS * 1000,
      graceMs: KILL_GRACE_MS,
      signal: request.signal,
      onSpawn: request.onSpawn,
    });
  }
}
