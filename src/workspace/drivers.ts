/**
 * The drivers of a run: where each attempt works and how its work reaches the integration branch. Outside git
 * (or for `workspace: none` actions) attempts run in the target directory. In git, each attempt gets a worktree
 * (or its agent's track), runs its `setup`, its command, then baton commits what it left, runs `verify` there,
 * and later merges the branch; gates run on a checkout of the integration tip and a passed gate is tagged as a
 * checkpoint. Shell processes do the running (src/agents/shell.ts); git does the rest (this folder).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ShellProcesses } from '../agents/shell.js';
import type { Place } from '../agents/shell.js';
import type { AttemptRequest, AttemptResult, Drivers, GateRequest, GateResult, MergeRequest, MergeResult } from '../engine/drivers.js';
import type { EngineEvent, RunWorkspace } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { tagCheckpoint } from './checkpoint.js';
import type { MinFree } from './disk.js';
import { checkoutDetached, createWorktree, isClean, shelveTrackWork } from './worktree.js';
import { revParse } from './git.js';
import { gateWorkspace, shelvedRef, worktreeDir } from './names.js';
import { mergeAttempt } from './merge-attempt.js';
import { PlacePreparer } from './place.js';
import type { PreparedPlace } from './place.js';
import { commitAttempt } from './commit-attempt.js';
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
  const shell = new ShellProcesses(options);
  const places = new PlacePreparer(options);
  const watcher = options.workspace ? new FileWatcher(options.watchIntervalMs) : undefined;
  return {
    startAttempt: (request) => startAttempt(options, shell, places, watcher, request),
    runGate: (request) => runGate(options, shell, request),
    sense: (fact, signal, phase) => sense(options, shell, fact, signal, phase),
    ...(options.workspace ? { merge: (request: MergeRequest) => merge(options, options.workspace!, shell, request) } : {}),
    attach: (report: (event: EngineEvent) => void) => {
      places.attach(report);
      watcher?.start(report);
    },
    close: () => {
      watcher?.stop();
      shell.close();
    },
  };
}

async function startAttempt(
  options: RunDriverOptions,
  shell: ShellProcesses,
  places: PlacePreparer,
  watcher: FileWatcher | undefined,
  request: AttemptRequest,
): Promise<AttemptResult> {
  let place: PreparedPlace;
  try {
    place = await places.prepare(request);
  } catch (error) {
    return refused(request, error);
  }
  try {
    if (request.signal.aborted) return { outcome: 'interrupted', exitCode: null, signal: null, durationMs: 0, verify: [] };
    const setup = place.fresh ? await shell.setup(request, place) : [];
    if (setup.some((check) => !check.passed)) return { outcome: 'failed', exitCode: null, signal: null, durationMs: 0, verify: setup };
    if (place.base !== undefined) watcher?.add(request.action, place.dir, place.base);
    const result = await shell.runAttempt(request, place);
    watcher?.remove(request.action.id);
    if (result.outcome !== 'succeeded') return await shelveFailed(options.run, request, place, result);
    const commit = place.base === undefined ? undefined : await commitAttempt(options.run, request, place.dir);
    const verify = await shell.verify(request, place);
    if (request.signal.aborted) return { ...result, outcome: 'interrupted', verify };
    if (!verify.every((check) => check.passed)) return await shelveFailed(options.run, request, place, { ...result, outcome: 'verify_failed', verify });
    return { ...result, outcome: 'succeeded', verify, ...(commit === undefined ? {} : { commit }) };
  } catch (error) {
    return refused(request, error);
  } finally {
    watcher?.remove(request.action.id);
    places.release(place);
  }
}

/**
 * A failed attempt in an agent's track: what it left is saved under a shelved ref and the track goes back to
 * where the attempt started, so the next action neither builds on it nor merges it under its own name. A
 * worktree of its own is simply kept for inspection.
 */
async function shelveFailed(run: string, request: AttemptRequest, place: PreparedPlace, result: AttemptResult): Promise<AttemptResult> {
  if (request.mode !== 'track' || place.base === undefined || place.name === undefined) return result;
  const { action } = request;
  const ref = shelvedRef(run, place.name, action.id, request.attempt);
  const trailers = { 'Baton-Run': run, 'Baton-Action': action.id, 'Baton-Agent': action.agent, 'Baton-Attempt': String(request.attempt) };
  const { shelved } = await shelveTrackWork(place.dir, { ref, base: place.base, message: `baton: work of failed attempt ${request.attempt} of ${action.id}`, trailers });
  if (shelved !== undefined) writeFileSync(request.logFile, `baton: what this attempt left is kept under ${ref}\n`, { flag: 'a' });
  return result;
}

/** A workspace that could not be made, or git that failed: the attempt fails with the reason in its log. */
function refused(request: AttemptRequest, error: unknown): AttemptResult {
  writeFileSync(request.logFile, `baton: ${error instanceof Error ? error.message : String(error)}\n`, { flag: 'a' });
  return { outcome: 'failed', exitCode: null, signal: null, durationMs: 0, verify: [] };
}

async function runGate(options: RunDriverOptions, shell: ShellProcesses, request: GateRequest): Promise<GateResult> {
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
