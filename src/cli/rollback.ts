/**
 * `baton rollback <run> [--to <phase>]`: the integration branch goes back to the checkpoint a passed gate
 * tagged (the old tip is kept under a backup ref, so nothing is lost), and every action and gate of the phases
 * after it is marked to run again; `baton resume` runs them. Refused while the run is being driven.
 */
import type { Command } from 'commander';
import type { EngineEvent } from '../engine/events.js';
import { plannedEvent } from '../engine/planned-event.js';
import { apply } from '../engine/apply.js';
import { BadInputError } from '../errors.js';
import { didYouMean } from '../plan/suggest.js';
import { planActions } from '../planner/goap.js';
import { openStore } from '../store/open.js';
import { checkpoints, rollbackIntegration } from '../workspace/checkpoint.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { lockRun } from './run-session.js';
import { storedRun } from './run-state.js';
import { resolveTarget, withTarget } from './target.js';
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
      .option('--to <phase>', 'the phase whose checkpoint to return to (default: the latest checkpoint)'),
  ).action(async (runId: string | undefined, options: RollbackOptions) => {
    result.code = await rollback(runId, options, io);
  });
}

async function rollback(runId: string | undefined, options: RollbackOptions, io: Io): Promise<number> {
  const store = openStore(resolveTarget(options).db);
  try {
    const row = findRun(store, runId);
    const lock = lockRun(store, row.id);
    try {
      const { state } = storedRun(store, row);
      const workspace = state.options.workspace;
      if (!workspace) throw new BadInputError(`run ${row.id} did not run in a git repository: it has no checkpoints`);
      const taken = await checkpoints(workspace.root, row.id);
      const order = state.plan.phases.map((p) => p.id);
      const known = order.filter((id) => taken.some((cp) => cp.phase === id));
      const phase = options.to ?? known.at(-1);
      if (phase === undefined) throw new BadInputError(`run ${row.id} has no checkpoint yet: no gate has passed`);
      if (!known.includes(phase)) {
        throw new BadInputError(`--to: no checkpoint for phase "${phase}" in run ${row.id}${didYouMean(phase, known)}; checkpoints: ${known.join(', ') || 'none'}`);
      }
      const later = new Set(order.slice(order.indexOf(phase) + 1));
      const reset = state.domain.nodes.filter((node) => later.has(node.phase) && state.nodes[state.domain.byId.get(node.id)!]!.status !== 'idle').map((node) => node.id);
      const moved = await rollbackIntegration(workspace.root, row.id, phase);
      const backup = moved.backup ?? 'none (the branch was at the checkpoint already)';
      const events: EngineEvent[] = [{ type: 'run.rolled_back', phase, from: moved.from, to: moved.to, backup, reset }];
      apply(state, events[0]!, Date.now());
      const planned = planActions(state.domain, { initial: state.facts, goal: state.options.goal, exclude: state.failed });
      events.push(plannedEvent(planned, [...state.failed]));
      store.append(row.id, events, Date.now());
      const actions = reset.filter((id) => !id.startsWith('gate:')).length;
      io.out(`rolled back run ${row.id} to the checkpoint of ${phase} (${moved.to.slice(0, 12)}); ${moved.backup ? `the old tip is kept as ${moved.backup}` : 'it was there already'}\n`);
      io.out(`${actions} action(s) will run again: baton resume ${row.id}\n`);
      return EXIT.ok;
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}
