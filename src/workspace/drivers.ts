/**
 * The drivers of a run: where each attempt works and how its work reaches the integration branch. Outside git
 * (or for `workspace: none` actions) attempts run in the target directory. In git, each attempt gets a worktree
 * (or its agent's track), runs its `setup`, its command, then baton commits what it left, runs `verify` there,
 * and later merges the branch; gates run on a checkout of the integration tip and a passed gate is tagged as a
 * checkpoint. Shell processes do the running (src/agents/shell.ts); git does the rest (this folder).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ShellProcesses } from '../agents/shell.js';
import type { Place } from '../agents/shell.js';
import type { Drivers, GateRequest, GateResult, MergeRequest, MergeResult } from '../engine/drivers.js';
import type { EngineEvent, RunWorkspace } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { tagCheckpoint } from './checkpoint.js';
import type { MinFree } from './disk.js';
import { checkoutDetached, createWorktree, isClean } from './worktree.js';
import { Redactor } from '../process/redact.js';
import { EVIDENCE_SCHEMA_VERSION, writeEvidence } from '../agents/evidence.js';
import type { GateEvidence } from '../agents/evidence.js';
import { runAttempt } from './attempt.js';
import type { AttemptContext } from './attempt.js';
import { revParse } from './git.js';
import { gateWorkspace, worktreeDir } from './names.js';
import { mergeAttempt } from './merge-attempt.js';
import { PlacePreparer } from './place.js';
import { FileWatcher } from './watch.js';

export interface RunDriverOptions {
  readonly run: string;
  readonly plan: Plan;
  /** The target directory: where `.baton/` is and where non-git attempts run. */
  readonly cwd: string;
  /** `.baton/runs/<run>`. */
  readonly runDir: string;
  /** The run's git side; `undefined` outside git. */
  readonly workspace: RunWorkspace | undefined;
  /** Free space an attempt's worktree filesystem must keep; below it the attempt waits. */
  readonly minFree: MinFree;
  /** How often running worktrees are looked at for files changed by two attempts or outside leases. */
  readonly watchIntervalMs: number;
}

/** The drivers for `baton run` and `baton resume`. */
export function runDrivers(options: RunDriverOptions): Drivers {
  const redactor = runRedactor(options.plan);
  const shell = new ShellProcesses({ ...options, redact: (text) => redactor.redact(text) });
  const places = new PlacePreparer(options);
  const watcher = options.workspace ? new FileWatcher(options.watchIntervalMs) : undefined;
  const killNow = new AbortController();
  const context: AttemptContext = { ...options, shell, places, watcher, redactor, killNow: killNow.signal };
  return {
    startAttempt: (request) => runAttempt(context, request),
    runGate: (request) => runGate(options, shell, redactor, request),
    sense: (fact, signal, phase) => sense(options, shell, fact, signal, phase),
    ...(options.workspace ? { merge: (request: MergeRequest) => merge(options, options.workspace!, shell, request) } : {}),
    attach: (report: (event: EngineEvent) => void) => {
      places.attach(report);
      watcher?.start(report);
    },
    close: () => {
      watcher?.stop();
      shell.close();
      killNow.abort();
    },
  };
}

/**
 * Secrets of the run: values of secret-looking variables in baton's environment and in every agent's and
 * action's `env`. They are kept out of logs, evidence and the database.
 */
function runRedactor(plan: Plan): Redactor {
  return new Redactor(process.env, ...Object.values(plan.agents).map((agent) => agent.env), ...plan.actions.map((action) => action.env));
}

async function runGate(options: RunDriverOptions, shell: ShellProcesses, redactor: Redactor, request: GateRequest): Promise<GateResult> {
  const started = new Date();
  const result = await gateChecks(options, shell, request);
  if (!request.signal.aborted) await writeGateEvidence(options, shell, redactor, request, result, started);
  return result;
}

async function gateChecks(options: RunDriverOptions, shell: ShellProcesses, request: GateRequest): Promise<GateResult> {
  const { workspace } = options;
  if (!workspace) return { checks: await shell.gate(request.phase, request.iteration, options.cwd, request.signal) };
  const tip = await revParse(workspace.root, workspace.integration);
  if (tip === undefined) throw new Error(`the integration branch ${workspace.integration} is missing`);
  // Without checks there is nothing to run on a checkout: the tip passes and is tagged.
  const checks =
    request.phase.gate.length === 0
      ? []
      : await shell.gate(request.phase, request.iteration, join(await gateCheckout(options, workspace, request.phase.id, tip), workspace.prefix), request.signal);
  if (!request.signal.aborted && checks.every((check) => check.passed)) await tagCheckpoint(workspace.root, options.run, request.phase.id, tip);
  return { checks, commit: tip };
}

/** The gate's record: each check's command, exit, log and metric, and the commit they ran on. */
async function writeGateEvidence(options: RunDriverOptions, shell: ShellProcesses, redactor: Redactor, request: GateRequest, result: GateResult, started: Date): Promise<void> {
  const { phase, iteration } = request;
  const evidence: GateEvidence = {
    schema_version: EVIDENCE_SCHEMA_VERSION,
    kind: 'gate',
    run: options.run,
    phase: phase.id,
    iteration,
    commit: result.commit ?? null,
    started_at: started.toISOString(),
    ended_at: new Date().toISOString(),
    passed: result.checks.every((check) => check.passed),
    checks: result.checks.map((check, index) => ({
      name: check.name,
      command: phase.gate[index]?.run ?? check.name,
      exit: check.exitCode,
      passed: check.passed,
      log: shell.gateLog(phase.id, iteration, index),
      duration_ms: check.durationMs,
      metric: phase.gate[index]?.metric === undefined ? null : { name: phase.gate[index].metric, value: check.value ?? null, target: check.target ?? null, baseline: check.baseline ?? null },
    })),
  };
  try {
    await writeEvidence(options.runDir, evidence, { redactor });
  } catch (error) {
    process.emitWarning(`baton: could not write the evidence of the gate of ${phase.id}: ${String(error)}`);
  }
}

/** A loop's `until` looks at the merged work, like its gate: in git, on a checkout of the integration tip. */
async function sense(options: RunDriverOptions, shell: ShellProcesses, fact: string, signal: AbortSignal, phase: string | undefined): Promise<boolean> {
  const { workspace } = options;
  if (!workspace || phase === undefined) return shell.sense(fact, signal);
  const tip = await revParse(workspace.root, workspace.integration);
  if (tip === undefined) throw new Error(`the integration branch ${workspace.integration} is missing`);
  return shell.sense(fact, signal, join(await gateCheckout(options, workspace, phase, tip), workspace.prefix));
}

/**
 * A detached checkout of the integration tip for a gate. The phase's gate worktree is reused when it is clean
 * (a gate's build output that git ignores may stay, like a CI cache); one left dirty by an earlier gate is kept
 * for inspection and the next free name is used.
 */
async function gateCheckout(options: RunDriverOptions, workspace: RunWorkspace, phase: string, tip: string): Promise<string> {
  for (let n = 1; ; n++) {
    const name = n === 1 ? gateWorkspace(phase) : `${gateWorkspace(phase)}+${n}`;
    const dir = worktreeDir(workspace.root, options.run, name);
    if (!existsSync(dir)) {
      await createWorktree(workspace.root, { dir, from: tip });
      return dir;
    }
    if (await isClean(dir)) {
      await checkoutDetached(dir, tip);
      return dir;
    }
  }
}

async function merge(options: RunDriverOptions, workspace: RunWorkspace, shell: ShellProcesses, request: MergeRequest): Promise<MergeResult> {
  try {
    return await mergeAttempt({ run: options.run, plan: options.plan, workspace, logs: shell.logs }, request);
  } catch (error) {
    return { result: 'failed', files: [], reason: error instanceof Error ? error.message : String(error) };
  }
}

export type { Place };
