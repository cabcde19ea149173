/**
 * What `baton run` and `baton resume` share once the run exists: the lock, the drivers, the output, Ctrl-C, and
 * the exit code. A first Ctrl-C stops new work and stops running attempts (their process groups); a second one
 * kills them at once.
 */
import { join } from 'node:path';
import type { EngineEvent } from '../engine/events.js';
import type { Observer } from '../engine/drivers.js';
import { Runner } from '../engine/runner.js';
import type { EngineState } from '../engine/state.js';
import { BadInputError } from '../errors.js';
import { eventJson, eventLine } from '../report/run-lines.js';
import type { Lock } from '../store/lock.js';
import type { Store } from '../store/store.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import { LiveView } from '../report/live-view.js';
import { runDrivers } from '../workspace/drivers.js';
import type { WorkspaceSettings } from './workspace-options.js';

export interface SessionOptions {
  readonly store: Store;
  readonly run: string;
  readonly state: EngineState;
  /** The target directory: where commands run and `.baton/` lives. */
  readonly cwd: string;
  readonly lastSeq: number;
  readonly json: boolean;
  /** Events to record first (a new run's creation and plan; a resume's interruptions). */
  readonly reported: readonly EngineEvent[];
  readonly settings: WorkspaceSettings;
}

export class RunLockedError extends BadInputError {
  override name = 'RunLockedError';
  constructor(
    readonly run: string,
    readonly pid: number,
  ) {
    super(`run ${run} is already being driven by baton process ${pid}; wait for it to end or stop it first`);
  }
}

/** Takes the run's lock, or refuses: another baton process is driving it. */
export function lockRun(store: Store, run: string): Lock {
  const lock = store.acquireLock(run);
  if ('heldBy' in lock) throw new RunLockedError(run, lock.heldBy);
  return lock;
}

/** Drives the run to its end and returns the exit code. Releases `lock` when done. */
export async function driveSession(options: SessionOptions, lock: Lock, io: Io): Promise<number> {
  const startedAt = Date.now();
  const live = !options.json && io.live ? new LiveView(io, options.state, options.run) : undefined;
  let signals = 0;
  let runner: Runner | undefined;
  const onSignal = (signal: NodeJS.Signals) => runner?.interrupt(signal, ++signals > 1);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    runner = createRunner(options, observer(options, io, live, startedAt));
    const state = await runner.run(options.reported);
    live?.close();
    if (!options.json) io.err(summary(options.run, state, Date.now() - startedAt, runDirOf(options)));
    if (state.status === 'succeeded') return EXIT.ok;
    if (state.status === 'interrupted') return state.reason.includes('SIGTERM') ? EXIT.terminated : EXIT.interrupted;
    return EXIT.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    lock.release();
  }
}

function runDirOf(options: SessionOptions): string {
  return join(options.cwd, '.baton', 'runs', options.run);
}

function createRunner(options: SessionOptions, observe: Observer): Runner {
  const runDir = runDirOf(options);
  const actions = new Map(options.state.plan.actions.map((a) => [a.id, { phase: a.phase, agent: a.agent }]));
  const describeAction = (id: string) => actions.get(id);
  return new Runner({
    run: options.run,
    state: options.state,
    log: {
      append: (run, events, at) => options.store.append(run, events, at, { describeAction }),
      events: (run, afterSeq) => options.store.events(run, afterSeq),
    },
    drivers: runDrivers({
      run: options.run,
      plan: options.state.plan,
      cwd: options.cwd,
      runDir,
      workspace: options.state.options.workspace,
      minFree: options.settings.minFree,
      watchIntervalMs: options.settings.watchIntervalMs,
    }),
    runDir,
    lastSeq: options.lastSeq,
    observe,
  });
}

/** What people see: JSON lines, the live view on a terminal, or one plain line per event. */
function observer(options: SessionOptions, io: Io, live: LiveView | undefined, startedAt: number): Observer {
  const c = paint(io);
  return (stored) => {
    if (options.json) io.out(`${eventJson(stored)}\n`);
    else if (live) live.update(stored);
    else {
      const line = eventLine(stored, c, startedAt);
      if (line) io.out(`${line}\n`);
    }
  };
}

function summary(run: string, state: EngineState, ms: number, runDir: string): string {
  const count = (status: string) => state.nodes.filter((n, i) => n.status === status && state.domain.nodes[i]!.kind === 'action').length;
  const parts = [`${count('done')} done`, `${count('failed')} failed`, `${count('cancelled')} cancelled`];
  return `run ${run} ${state.status} in ${(ms / 1000).toFixed(1)}s: ${parts.join(', ')}; logs in ${runDir}/logs\n`;
}
