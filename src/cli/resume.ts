/**
 * `baton resume [run]`: continues an interrupted or crashed run. The log is replayed to rebuild the state;
 * attempts that were in flight are recorded as interrupted, whatever they left running is stopped, and they run
 * again. Finished attempts are never rerun.
 */
import type { Command } from 'commander';
import { inFlightAttempts, resumeEvents } from '../engine/resume-events.js';
import { stopLeftovers } from '../process/leftovers.js';
import { openStore } from '../store/open.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { findRun } from './inspect.js';
import { storedRun } from './run-state.js';
import { driveSession, lockRun } from './run-session.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';
import { clearStaleLocks } from '../workspace/locks.js';
import { withWorkspaceOptions, workspaceSettings } from './workspace-options.js';
import type { WorkspaceCommandOptions } from './workspace-options.js';

interface ResumeOptions extends TargetOptions, WorkspaceCommandOptions {
  json?: boolean;
  yes?: boolean;
}

export function registerResume(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    withWorkspaceOptions(program
      .command('resume')
      .description('continue an interrupted or crashed run (default: the latest)')
      .argument('[run]', 'run id (see baton runs)')
      .option('--yes', 'approve every phase that asks for approval')
      .option('--json', 'print every event as a JSON line')),
  ).action(async (runId: string | undefined, options: ResumeOptions) => {
    result.code = await resume(runId, options, io);
  });
}

async function resume(runId: string | undefined, options: ResumeOptions, io: Io): Promise<number> {
  const target = resolveTarget(options);
  const store = openStore(target.db);
  try {
    const row = findRun(store, runId);
    if (row.status === 'succeeded' || row.status === 'failed') {
      io.err(`run ${row.id} already ${row.status}; nothing to resume\n`);
      return row.status === 'succeeded' ? EXIT.ok : EXIT.failed;
    }
    // The lock first: a run that another baton is driving must not have its processes stopped under it.
    const lock = lockRun(store, row.id);
    try {
      const { events, state } = storedRun(store, row, (stored) => (options.yes ? { ...stored, yes: true } : stored));
      const inFlight = inFlightAttempts(events);
      const stopped = await stopLeftovers(row.id, inFlight.flatMap((a) => (a.pid === undefined ? [] : [a.pid])));
      // Nothing of this run is alive now: a lock git left when baton was killed mid-update is stale.
      const workspace = state.options.workspace;
      if (workspace) await clearStaleLocks(workspace.root, row.id);
      if (!options.json) io.err(`resuming run ${row.id}: ${inFlight.length} attempt(s) were in flight${stopped.length ? `, stopped ${stopped.length} leftover process group(s)` : ''}\n`);
      const reported = resumeEvents(inFlight, process.pid);
      return await driveSession({ store, run: row.id, state, cwd: target.cwd, lastSeq: events.at(-1)?.seq ?? 0, json: options.json === true, reported, settings: workspaceSettings(options) }, lock, io);
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}
