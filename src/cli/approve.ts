/**
 * `baton approve <run> <phase>`: a person's go-ahead for a phase marked `approve: true`. It is an event written
 * to the run's log from this process; a `baton run` waiting on the phase sees it within a moment, and a run
 * that is not running picks it up on resume. Approving ahead of time is allowed.
 */
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { didYouMean } from '../plan/suggest.js';
import { readPlanText } from '../plan/read.js';
import { openStore } from '../store/open.js';
import { EXIT } from './exit-codes.js';
import { findRun } from './inspect.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { resolveTarget, withTarget } from './target.js';
import { safeUser } from './user.js';
import type { TargetOptions } from './target.js';

export function registerApprove(program: Command, io: Io, result: CommandResult): void {
  withTarget(program.command('approve').description('approve a phase that waits for a person').argument('<run>').argument('<phase>'))
    .action((runId: string, phase: string, options: TargetOptions) => {
      result.code = approve(runId, phase, options, io);
    });
}

function approve(runId: string, phase: string, options: TargetOptions, io: Io): number {
  const store = openStore(resolveTarget(options).db);
  try {
    const run = findRun(store, runId);
    const created = store.events(run.id)[0]?.event;
    if (created?.type !== 'run.created') throw new BadInputError(`run ${run.id} has no record of its creation`);
    const phases = readPlanText(created.file, created.planText).plan?.phases.map((p) => p.id) ?? [];
    if (!phases.includes(phase)) throw new BadInputError(`unknown phase "${phase}" in run ${run.id}${didYouMean(phase, phases)}`);
    if (run.status === 'succeeded' || run.status === 'failed') throw new BadInputError(`run ${run.id} already ${run.status}`);
    const by = safeUser();
    store.append(run.id, [{ type: 'phase.approved', phase, by }], Date.now());
    io.out(`approved phase ${phase} of run ${run.id} (by ${by})\n`);
    return EXIT.ok;
  } finally {
    store.close();
  }
}
