/**
 * `baton rollback <run> [--to <phase>]`: the integration branch goes back to the checkpoint a passed gate
 * tagged (the old tip is kept under a backup ref, so nothing is lost), and everything whose work is not in that
 * checkpoint is marked to run again; `baton resume` runs it. Refused while the run is being driven.
 *
 * What runs again is decided by the branch, not by the order phases are written in: every action whose merge is
 * not in the checkpoint's history, every gate whose checks ran on a later commit, everything not finished, and
 * all that waits on those. The decision is recorded first and the refs move after, so a crash in between is
 * finished by `baton resume` (see {@link finishRollback}).
 */
import type { Command } from 'commander';
import type { EngineEvent, RunWorkspace, StoredEvent } from '../engine/events.js';
import { plannedEvent } from '../engine/planned-event.js';
import { apply } from '../engine/apply.js';
import type { EngineState } from '../engine/state.js';
import { BadInputError } from '../errors.js';
import { didYouMean } from '../plan/suggest.js';
import { planActions } from '../planner/goap.js';
import { openStore } from '../store/open.js';
import { applyRollback, checkpoints, planRollback } from '../workspace/checkpoint.js';
import type { Checkpoint } from '../workspace/checkpoint.js';
import { git, revParse, splitLines } from '../workspace/git.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { lockRun } from './run-session.js';
import { storedRun } from './run-state.js';
import { existingDb, withTarget } from './target.js';
import type { TargetOptions } from './target.js';

interface RollbackOptions extends TargetOptions {
  to?: string;
}

export function registerRollback(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    program
      .command('rollback')
      .description("reset a run's integration branch to a checkpoint and mark later work to run again")
      .argument('[run]', 'run id (default: the latest)')
      .option('--to <phase>', 'the phase whose checkpoint to return to (default: the latest one before the tip)'),
  ).action(async (runId: string | undefined, options: RollbackOptions) => {
    result.code = await rollback(runId, options, io);
  });
}

async function rollback(runId: string | undefined, options: RollbackOptions, io: Io): Promise<number> {
  const store = openStore(existingDb(options));
  try {
    const row = findRun(store, runId);
    const lock = lockRun(store, row.id);
    try {
      const { state, events } = storedRun(store, row);
      const workspace = state.options.workspace;
      if (!workspace) throw new BadInputError(`run ${row.id} did not run in a git repository: it has no checkpoints`);
      await finishRollback(workspace, row.id, events);
      const tip = (await revParse(workspace.root, workspace.integration)) ?? '';
      const target = await chooseCheckpoint(state, workspace, row.id, tip, options.to);
      if (target === undefined || target.commit === tip) {
        io.out(`run ${row.id}: nothing to roll back; the integration branch is at ${target ? `the checkpoint of ${target.phase}` : 'its first checkpoint or has none before its tip'}\n`);
        return EXIT.ok;
      }
      const planned = await planRollback(workspace.root, row.id, target.phase);
      const reset = await resetSet(state, workspace, events, planned.to);
      const rolled: EngineEvent = { type: 'run.rolled_back', phase: target.phase, from: planned.from, to: planned.to, backup: planned.backup, reset };
      apply(state, rolled, Date.now());
      const replanned = planActions(state.domain, { initial: state.facts, goal: state.options.goal, exclude: state.failed });
      store.append(row.id, [rolled, plannedEvent(replanned, [...state.failed])], Date.now());
      await applyRollback(workspace.root, row.id, planned, gatePhases(reset));
      const actions = reset.filter((id) => !id.startsWith('gate:')).length;
      io.out(`rolled back run ${row.id} to the checkpoint of ${target.phase} (${planned.to.slice(0, 12)}); the old tip is kept as ${planned.backup}\n`);
      io.out(`${actions} action(s) will run again: baton resume ${row.id}\n`);
      return EXIT.ok;
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}

/**
 * Moves the refs of the last recorded rollback if baton stopped before it did (the branch still at `from`).
 * Idempotent; `baton resume` calls it too.
 */
export async function finishRollback(workspace: RunWorkspace, run: string, events: readonly StoredEvent[]): Promise<void> {
  const last = events.findLast((stored) => stored.event.type === 'run.rolled_back')?.event;
  if (last?.type !== 'run.rolled_back') return;
  await applyRollback(workspace.root, run, { from: last.from, to: last.to, backup: last.backup }, gatePhases(last.reset));
}

/** `--to`, or the checkpoint nearest before the tip; only gates the run counts as passed. */
async function chooseCheckpoint(state: EngineState, workspace: RunWorkspace, run: string, tip: string, to: string | undefined): Promise<Checkpoint | undefined> {
  const passed = (await checkpoints(workspace.root, run)).filter((cp) => {
    const gate = state.phases.get(cp.phase);
    return gate !== undefined && state.nodes[gate.index]!.status === 'done';
  });
  if (to !== undefined) {
    const found = passed.find((cp) => cp.phase === to);
    const known = passed.map((cp) => cp.phase);
    if (!found) throw new BadInputError(`--to: no checkpoint for phase "${to}" in run ${run}${didYouMean(to, known)}; expected one of: ${known.join(', ') || 'none (no gate has passed)'}`);
    return found;
  }
  // Nearest: the fewest first-parent commits between it and the tip.
  const chain = splitLines((await git(workspace.root, ['rev-list', '--first-parent', tip])).stdout);
  const distance = (cp: Checkpoint) => chain.indexOf(cp.commit);
  return passed.filter((cp) => cp.commit !== tip && distance(cp) >= 0).sort((a, b) => distance(a) - distance(b))[0];
}

/** Every node whose work or verdict the checkpoint `to` does not hold, and everything that waits on one. */
async function resetSet(state: EngineState, workspace: RunWorkspace, events: readonly StoredEvent[], to: string): Promise<string[]> {
  const held = new Set(splitLines((await git(workspace.root, ['rev-list', `${workspace.baseCommit}..${to}`])).stdout));
  const ran = new Set(splitLines((await git(workspace.root, ['rev-list', `${workspace.baseCommit}..${workspace.integration}`])).stdout));
  const inCheckpoint = (commit: string | undefined) => commit === undefined || held.has(commit) || !ran.has(commit);
  const merged = new Map<string, string | undefined>();
  const checked = new Map<string, string | undefined>();
  for (const { event } of events) {
    if (event.type === 'merge.finished' && (event.result === 'merged' || event.result === 'nothing')) merged.set(event.action, event.commit);
    if (event.type === 'gate.finished' && event.passed) checked.set(event.phase, event.commit);
  }
  const seeds = state.nodes.flatMap((node, index) => {
    if (node.status === 'idle') return [];
    if (node.status !== 'done') return [index];
    const domainNode = state.domain.nodes[index]!;
    const commit = domainNode.kind === 'gate' ? checked.get(domainNode.phase) : merged.get(domainNode.id);
    return inCheckpoint(commit) ? [] : [index];
  });
  const reset = new Set(seeds);
  for (const index of reset) for (const succ of state.nodes[index]!.succs) if (state.nodes[succ]!.status !== 'idle') reset.add(succ);
  return [...reset].sort((a, b) => a - b).map((index) => state.domain.nodes[index]!.id);
}

function gatePhases(reset: readonly string[]): string[] {
  return reset.filter((id) => id.startsWith('gate:')).map((id) => id.slice('gate:'.length));
}
