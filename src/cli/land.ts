/**
 * `baton land <run>`: the one command that touches the user's own branches. It merges the run's integration
 * branch into the branch the run started from (or `--into`), only when the run succeeded with every gate
 * passed; fast-forward when possible, else a merge commit; refused on a dirty working tree or a conflict.
 */
import type { Command } from 'commander';
import type { EngineEvent, StoredEvent } from '../engine/events.js';
import { BadInputError, LandRefusedError } from '../errors.js';
import { phaseFact } from '../plan/model.js';
import { openStore } from '../store/open.js';
import { revParse } from '../workspace/git.js';
import { branchBusy } from '../workspace/branch-busy.js';
import { landRun } from '../workspace/land.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { lockRun } from './run-session.js';
import { storedRun } from './run-state.js';
import type { StoredRun } from './run-state.js';
import { existingDb, withTarget } from './target.js';
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
  const store = openStore(existingDb(options));
  try {
    const row = findRun(store, runId);
    // Not while another baton drives it (or rolls it back): the branch must not move under the landing.
    const lock = lockRun(store, row.id);
    try {
      return await landStored(storedRun(store, row), options, io, (event) => store.append(row.id, [event], Date.now()));
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}

async function landStored({ row, state, events }: StoredRun, options: LandOptions, io: Io, record: (event: EngineEvent) => void): Promise<number> {
  const workspace = state.options.workspace;
  if (!workspace) throw new BadInputError(`run ${row.id} did not run in a git repository: there is no integration branch to land`);
  const into = options.into ?? workspace.base;
  if (into === undefined) throw new BadInputError(`run ${row.id} started on a detached HEAD: say where to land it with --into <branch>`);
  if (options.into !== undefined && (await revParse(workspace.root, `refs/heads/${into}`)) === undefined) {
    throw new BadInputError(`--into: no branch "${into}" in ${workspace.root}; expected an existing local branch`);
  }
  const unpassed = state.plan.phases.filter((phase) => state.domain.byId.has(`gate:${phase.id}`) && !state.facts.has(phaseFact(phase.id)));
  const refusal =
    state.status !== 'succeeded' || unpassed.length > 0
      ? unpassed.length > 0
        ? `gates not passed: ${unpassed.map((p) => p.id).join(', ')}`
        : `the run is ${state.status}`
      : ((await movedSinceLastGate(workspace.root, workspace.integration, events)) ?? (await branchBusy(workspace.root, into)));
  if (refusal) {
    io.err(`not landing run ${row.id}: ${refusal}\n`);
    return EXIT.failed;
  }
  try {
    const landed = await landRun(workspace.root, { integration: workspace.integration, base: into, run: row.id });
    record({ type: 'run.landed', into, commit: landed.commit, mode: landed.mode });
    io.out(`landed run ${row.id} on ${into}: ${landed.mode} (${landed.commit.slice(0, 12)})\n`);
    return EXIT.ok;
  } catch (error) {
    if (!(error instanceof LandRefusedError)) throw error;
    io.err(`not landing run ${row.id}: ${error.message}\n`);
    return EXIT.failed;
  }
}

/** What lands must be what the last gate checked: a branch that moved since (by hand, or a rollback) is refused. */
async function movedSinceLastGate(root: string, integration: string, events: readonly StoredEvent[]): Promise<string | undefined> {
  const last = events.findLast((stored) => stored.event.type === 'gate.finished' && stored.event.passed)?.event;
  const checked = last?.type === 'gate.finished' ? last.commit : undefined;
  const tip = await revParse(root, integration);
  if (checked === undefined || checked === tip) return undefined;
  return `${integration} is at ${tip?.slice(0, 12) ?? 'nothing'} but the last gate passed on ${checked.slice(0, 12)}; resume the run so its gates check what would land`;
}
