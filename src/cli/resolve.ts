/**
 * `baton resolve <run> <action>`: a person fixed the merge conflict of a blocked action (in its worktree: merge
 * the integration branch into its branch, settle the files, commit). Like `baton approve`, it is an event written
 * to the run's log; a run that waits sees it within a moment, one that is stopped picks it up on resume. The
 * branch is then merged again; if it still conflicts, the action is blocked again.
 */
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { didYouMean } from '../plan/suggest.js';
import { openStore } from '../store/open.js';
import { actionWorkspace, trackWorkspace, worktreeDir } from '../workspace/names.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { storedRun } from './run-state.js';
import { existingDb, withTarget } from './target.js';
import type { TargetOptions } from './target.js';
import { safeUser } from './user.js';

export function registerResolve(program: Command, io: Io, result: CommandResult): void {
  withTarget(program.command('resolve').description('continue a blocked action once its merge conflict is fixed').argument('<run>').argument('<action>'))
    .action((runId: string, action: string, options: TargetOptions) => {
      result.code = resolveConflict(runId, action, options, io);
    });
}

function resolveConflict(runId: string, action: string, options: TargetOptions, io: Io): number {
  const store = openStore(existingDb(options));
  try {
    const { row, state } = storedRun(store, findRun(store, runId));
    const index = state.domain.byId.get(action);
    const node = index === undefined ? undefined : state.nodes[index];
    if (index === undefined || !node || state.domain.nodes[index]!.kind !== 'action') {
      throw new BadInputError(`unknown action "${action}" in run ${row.id}${didYouMean(action, state.plan.actions.map((a) => a.id))}`);
    }
    if (node.status !== 'blocked') throw new BadInputError(`action ${action} of run ${row.id} is not blocked (it is ${node.status}); nothing to resolve`);
    const by = safeUser();
    store.append(row.id, [{ type: 'action.resolved', action, by }], Date.now());
    const workspace = state.options.workspace;
    const name = state.modes[index] === 'track' ? trackWorkspace(state.domain.nodes[index]!.agent!) : actionWorkspace(action, node.attempts);
    const where = workspace ? ` from ${worktreeDir(workspace.root, row.id, name)}` : '';
    io.out(`resolved ${action} of run ${row.id} (by ${by}); its branch merges again${where} — a stopped run does so on baton resume ${row.id}\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
