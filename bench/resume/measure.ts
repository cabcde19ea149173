/**
 * What one fresh process measures for the resume benchmark (run.ts starts one per measurement, so each starts
 * cold, as `baton resume` does, and its peak RSS is its own).
 * - `resumeSteps`: what `baton resume` does before it drives the run (src/cli/resume.ts), step by step: open the
 *   store and find the run; read its events; parse the plan stored in `run.created`; a new state and the replay;
 *   then the first tick's decision: in-flight attempts reported interrupted, `run.resumed`, `stepAll` (which
 *   applies them and settles). Stopping leftover processes and writing that tick are left out.
 * - `referenceRead`: the least any replay has to do: the same rows through a bare `SELECT`, and `JSON.parse` of
 *   each event.
 */
import { readFileSync } from 'node:fs';
import { newRunState, replay, stepAll } from '../../src/engine/core.js';
import { checkPlanText } from '../../src/planner/load.js';
import { connectionPragmas, openStore } from '../../src/store/open.js';
import { openDatabase } from '../../src/store/sqlite.js';
import { inFlightAttempts, resumeEvents } from '../../src/engine/resume-events.js';

export interface Memory {
  /** RSS when the modules are loaded, before the step being measured. */
  readonly baselineRssMb: number;
  /** `process.memoryUsage().rss` at the end. */
  readonly rssMb: number;
  /** `VmHWM` from /proc/self/status: the process's peak RSS. */
  readonly peakRssMb: number;
}

export interface ResumeSample extends Memory {
  readonly openMs: number;
  readonly readMs: number;
  readonly parseMs: number;
  readonly replayMs: number;
  readonly decideMs: number;
  readonly events: number;
  readonly inFlight: number;
  readonly decisions: number;
}

export interface ReferenceSample extends Memory {
  readonly rows: number;
  readonly selectMs: number;
  readonly parseMs: number;
}

export function resumeSteps(file: string): ResumeSample {
  const baselineRssMb = mb(process.memoryUsage().rss);
  const t0 = performance.now();
  const store = openStore(file);
  try {
    const row = store.latestRun();
    if (!row) throw new Error(`no run in ${file}`);
    const t1 = performance.now();
    const events = store.events(row.id);
    const t2 = performance.now();
    const created = events[0]?.event;
    if (created?.type !== 'run.created') throw new Error('the log does not start with run.created');
    const checked = checkPlanText(created.file, created.planText);
    if (!checked.plan || checked.problems.length > 0) throw new Error('the stored plan is invalid');
    const t3 = performance.now();
    const state = replay(newRunState(checked.plan, created.options), events);
    const t4 = performance.now();
    const inFlight = inFlightAttempts(events);
    const decided = stepAll(state, resumeEvents(inFlight, process.pid), Date.now());
    const t5 = performance.now();
    return {
      openMs: t1 - t0,
      readMs: t2 - t1,
      parseMs: t3 - t2,
      replayMs: t4 - t3,
      decideMs: t5 - t4,
      events: events.length,
      inFlight: inFlight.length,
      decisions: decided.length,
      ...memory(baselineRssMb),
    };
  } finally {
    store.close();
  }
}

export function referenceRead(file: string, run: string): ReferenceSample {
  const baselineRssMb = mb(process.memoryUsage().rss);
  const db = openDatabase(file);
  try {
    for (const pragma of connectionPragmas()) db.exec(pragma);
    const t0 = performance.now();
    const rows = db.prepare('SELECT seq, at, type, schema_version, data FROM events WHERE run = ? AND seq > ? ORDER BY seq').all(run, 0);
    let bytes = 0;
    for (const row of rows) bytes += (row.data as string).length;
    const t1 = performance.now();
    const parsed: unknown[] = [];
    for (const row of rows) parsed.push(JSON.parse(row.data as string));
    const t2 = performance.now();
    if (bytes === 0 || parsed.length !== rows.length) throw new Error('empty log');
    return { rows: rows.length, selectMs: t1 - t0, parseMs: t2 - t1, ...memory(baselineRssMb) };
  } finally {
    db.close();
  }
}

function memory(baselineRssMb: number): Memory {
  const status = readFileSync('/proc/self/status', 'utf8');
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return { baselineRssMb, rssMb: mb(process.memoryUsage().rss), peakRssMb: hwm ? Number(hwm[1]) / 1024 : NaN };
}

function mb(bytes: number): number {
  return bytes / 1024 / 1024;
}
