/**
 * `baton resume [run]`: continues an interrupted or crashed run. The log is replayed to rebuild the state;
 * attempts that were in flight are recorded as interrupted, whatever they left running is stopped, and they run
 * again. Finished attempts are never rerun.
 */
import type { Command } from 'commander';
import { inFlightAttempts, resumeEvents } from '../engine/resume-events.js';
import type { InFlight } from '../engine/resume-events.js';
import type { EngineState } from '../engine/state.js';
import { actionWorkspace, gateWorkspace, trackWorkspace } from '../workspace/names.js';
import { stopLeftovers } from '../process/leftovers.js';
import { openStore } from '../store/open.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { findRun } from './inspect.js';
import { storedRun } from './run-state.js';
import { ensureAgentsUsable } from '../agents/check-agents.js';
import type { Action } from '../plan/model.js';
import { finishRollback } from './rollback.js';
import { driveSession, lockRun } from './run-session.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';
import { STALE_LOCK_AGE_MS, clearStaleLocks } from '../workspace/locks.js';
import { setTimeout as sleep } from 'node:timers/promises';
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
      // The agent CLIs of what is left to do must still be there (an upgrade, another machine's PATH).
      await ensureAgentsUsable(state.plan, unfinishedActions(state), target.cwd);
      const inFlight = inFlightAttempts(events);
      const stopped = await stopLeftovers(row.id, inFlight.flatMap((a) => (a.pid === undefined ? [] : [a.pid])));
      // Nothing of this run is alive now: a lock git left when baton was killed mid-update is stale.
      const workspace = state.options.workspace;
      if (workspace) {
        const workspaces = inFlightWorkspaces(state, inFlight);
        const cleared = await clearStaleLocks(workspace.root, row.id, { workspaces });
        // A lock younger than a live git could hold one is left once; the run's processes are gone, so wait it out.
        if (cleared.skipped.length > 0) {
          await sleep(STALE_LOCK_AGE_MS);
          await clearStaleLocks(workspace.root, row.id, { workspaces });
        }
        await finishRollback(workspace, row.id, events);
      }
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

/**
 * The workspaces baton's own processes were using when it stopped: the in-flight attempts', the one being merged
 * from, and the checkouts of gates that were running. Only their git locks can be baton's; a blocked action's
 * worktree belongs to the person fixing it.
 */
function inFlightWorkspaces(state: EngineState, inFlight: readonly InFlight[]): string[] {
  const nameOf = (action: string, attempt: number): string => {
    const index = state.domain.byId.get(action)!;
    return state.modes[index] === 'track' ? trackWorkspace(state.domain.nodes[index]!.agent!) : actionWorkspace(action, attempt);
  };
  const names = inFlight.map((a) => nameOf(a.action, a.attempt));
  if (state.merging >= 0) names.push(nameOf(state.domain.nodes[state.merging]!.id, state.nodes[state.merging]!.attempts));
  for (const [id, phase] of state.phases) if (state.nodes[phase.index]!.status === 'running') names.push(gateWorkspace(id));
  return [...new Set(names)];
}

/** Actions of the current plan that are not done or settled: a resume may still start them. */
function unfinishedActions(state: EngineState): Action[] {
  const settled = new Set(['done', 'failed', 'cancelled', 'idle']);
  return state.domain.nodes.flatMap((node, index) => (node.action && !settled.has(state.nodes[index]!.status) ? [node.action] : []));
}
