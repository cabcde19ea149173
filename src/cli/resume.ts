/**
 * `baton resume [run]`: continues an interrupted or crashed run. The log is replayed to rebuild the state;
 * attempts that were in flight are recorded as interrupted, whatever they left running is stopped, and they run
 * again. Finished attempts are never rerun.
 */
import type { Command } from 'commander';
import { newRunState, replay } from '../engine/core.js';
import { inFlightAttempts, resumeEvents } from '../engine/resume-events.js';
import { BadInputError, PlanInvalidError } from '../errors.js';
import { checkPlanText } from '../planner/load.js';
import { stopLeftovers } from '../process/leftovers.js';
import { openStore } from '../store/open.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { findRun } from './inspect.js';
import { driveSession, lockRun } from './run-session.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';

interface ResumeOptions extends TargetOptions {
  json?: boolean;
  yes?: boolean;
}

export function registerResume(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    program
      .command('resume')
      .description('continue an interrupted or crashed run (default: the latest)')
      .argument('[run]', 'run id (see baton runs)')
      .option('--yes', 'approve every phase that asks for approval')
      .option('--json', 'print every event as a JSON line'),
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
      const events = store.events(row.id);
      const created = events[0]?.event;
      if (created?.type !== 'run.created') throw new BadInputError(`run ${row.id} has no record of its creation; it cannot be resumed`);
      const checked = checkPlanText(created.file, created.planText);
      if (!checked.plan || checked.problems.length > 0) throw new PlanInvalidError(checked.problems);
      const options_ = options.yes ? { ...created.options, yes: true } : created.options;
      const state = replay(newRunState(checked.plan, options_), events);
      const inFlight = inFlightAttempts(events);
      const stopped = await stopLeftovers(row.id, inFlight.flatMap((a) => (a.pid === undefined ? [] : [a.pid])));
      if (!options.json) io.err(`resuming run ${row.id}: ${inFlight.length} attempt(s) were in flight${stopped.length ? `, stopped ${stopped.length} leftover process group(s)` : ''}\n`);
      const reported = resumeEvents(inFlight, process.pid);
      return await driveSession({ store, run: row.id, state, cwd: target.cwd, lastSeq: events.at(-1)?.seq ?? 0, json: options.json === true, reported }, lock, io);
    } finally {
      lock.release();
    }
  } finally {
    store.close();
  }
}
