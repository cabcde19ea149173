/**
 * `baton land <run>`: the one command that touches the user's own branches. It merges the run's integration
 * branch into the branch the run started from (or `--into`), only when the run succeeded with every gate
 * passed; fast-forward when possible, else a merge commit; refused on a dirty working tree or a conflict.
 */
import type { Command } from 'commander';
import { BadInputError, LandRefusedError } from '../errors.js';
import { phaseFact } from '../plan/model.js';
import { openStore } from '../store/open.js';
import { landRun } from '../workspace/land.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { storedRun } from './run-state.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';

interface LandOptions extends TargetOptions {
  into?: string;
}

export function registerLand(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    program
      .command('land')
      .description("merge a finished run's integration branch into your branch (only when every gate passed)")
      .argument('[run]', 'run id (default: the latest)')
      .option('--into <branch>', 'the branch to land on (default: the branch the run started from)'),
  ).action(async (runId: string | undefined, options: LandOptions) => {
    result.code = await land(runId, options, io);
  });
}

async function land(runId: string | undefined, options: LandOptions, io: Io): Promise<number> {
  const store = openStore(resolveTarget(options).db);
  try {
    const { row, state } = storedRun(store, findRun(store, runId));
    const workspace = state.options.workspace;
    if (!workspace) throw new BadInputError(`run ${row.id} did not run in a git repository: there is no integration branch to land`);
    const into = options.into ?? workspace.base;
    if (into === undefined) throw new BadInputError(`run ${row.id} started on a detached HEAD: say where to land it with --into <branch>`);
    const unpassed = state.plan.phases.filter((phase) => state.domain.byId.has(`gate:${phase.id}`) && !state.facts.has(phaseFact(phase.id)));
    if (state.status !== 'succeeded' || unpassed.length > 0) {
      const why = unpassed.length > 0 ? `gates not passed: ${unpassed.map((p) => p.id).join(', ')}` : `the run is ${state.status}`;
      io.err(`not landing run ${row.id}: ${why}\n`);
      return EXIT.failed;
    }
    try {
      const landed = await landRun(workspace.root, { integration: workspace.integration, base: into, run: row.id });
      store.append(row.id, [{ type: 'run.landed', into, commit: landed.commit, mode: landed.mode }], Date.now());
      io.out(`landed run ${row.id} on ${into}: ${landed.mode} (${landed.commit.slice(0, 12)})\n`);
      return EXIT.ok;
    } catch (error) {
      if (!(error instanceof LandRefusedError)) throw error;
      io.err(`not landing run ${row.id}: ${error.message}\n`);
      return EXIT.failed;
    }
  } finally {
    store.close();
  }
}
