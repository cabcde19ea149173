/**
 * A realistic half-finished run for the resume benchmark, built without running a process: a plan of `chains`
 * chains of `length` `true` actions, driven by the engine core against a fake driver under a virtual clock, every
 * tick appended to a real store as the runner appends it. It stops, as a crash would, once half the actions
 * are done, with attempts in flight.
 *
 * The fake driver behaves as the shell driver does for `true`: an attempt reports its pid 1–3 ms after it starts
 * and exits 3–20 ms after it starts. Ticks follow the runner (src/engine/runner.ts): a report wakes it except a
 * pid, which waits for the next tick; reports at the same instant go in one tick; one tick is one `append` of the
 * reported events and every decision they led to.
 */
import { newRunState, stepAll } from '../../src/engine/core.js';
import type { EngineEvent, RunOptions } from '../../src/engine/events.js';
import { plannedEvent } from '../../src/engine/planned-event.js';
import { OrderedHeap } from '../../src/planner/heap.js';
import { buildDomain, defaultGoal } from '../../src/planner/domain.js';
import { planActions } from '../../src/planner/goap.js';
import { checkPlanText } from '../../src/planner/load.js';
import { openStore } from '../../src/store/open.js';
import { mulberry32 } from '../random.js';

export interface BuiltRun {
  readonly run: string;
  readonly actions: number;
  readonly done: number;
  readonly inFlight: number;
  readonly events: number;
  readonly appends: number;
}

/** Virtual wall-clock start of the run (milliseconds since the epoch). */
const EPOCH = Date.UTC(2025, 0, 6, 9, 0, 0);

/** The plan's YAML: chain `c` is `c<c>-000` → `c<c>-001` → … each `run: "true"`. */
export function chainsPlanText(chains: number, length: number): string {
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  const lines = ['name: resume-bench', 'description: chains of true actions for bench/resume', 'actions:'];
  for (let c = 0; c < chains; c++) {
    for (let k = 0; k < length; k++) {
      const id = `c${pad(c, 3)}-${pad(k, 3)}`;
      const needs = k === 0 ? '' : `, needs: [c${pad(c, 3)}-${pad(k - 1, 3)}]`;
      lines.push(`  - { id: ${id}, run: "true", estimate: 1m${needs} }`);
    }
  }
  return `${lines.join('\n')}\n`;
}

interface Report {
  readonly at: number;
  readonly event: EngineEvent;
}

/** Writes the run into the store at `file` and says what the log holds. */
export function buildRun(file: string, planFile: string, planText: string, concurrency: number): BuiltRun {
  const checked = checkPlanText(planFile, planText);
  if (!checked.plan || checked.problems.length > 0) throw new Error(`bench plan invalid: ${checked.problems.map((p) => p.message).join('; ')}`);
  const plan = checked.plan;
  const goal = plan.goal ?? defaultGoal(plan);
  const options: RunOptions = { concurrency, failFast: false, yes: false, goal, workers: null, retryBackoffMs: 1000 };
  const planned = planActions(buildDomain(plan), { initial: new Set(), goal });
  const places = new Map(plan.actions.map((a) => [a.id, { phase: a.phase, agent: a.agent }]));
  const store = openStore(file, { describeAction: (id) => places.get(id) });
  const run = '20250106-090000-bnch';
  const random = mulberry32(42);
  const reports: Report[] = [];
  const queue = new OrderedHeap((a, b) => reports[a]!.at < reports[b]!.at || (reports[a]!.at === reports[b]!.at && a < b));
  const state = newRunState(plan, options);
  let events = 0;
  let appends = 0;
  let pid = 40_000;
  const commit = (reported: readonly EngineEvent[], decided: readonly EngineEvent[], at: number): void => {
    store.append(run, [...reported, ...decided], at);
    events += reported.length + decided.length;
    appends++;
    for (const event of decided) {
      if (event.type !== 'attempt.started') continue;
      const log = `/work/target/.baton/runs/${run}/logs/${event.action}.${event.attempt}.log`;
      const spawned = at + 1 + Math.floor(random() * 3);
      const exited = spawned + 2 + Math.floor(random() * 15);
      queue.push(reports.push({ at: spawned, event: { type: 'attempt.spawned', action: event.action, attempt: event.attempt, pid: pid++, log } }) - 1);
      const exit: EngineEvent = { type: 'attempt.exited', action: event.action, attempt: event.attempt, outcome: 'succeeded', exitCode: 0, signal: null, durationMs: exited - at, verify: [] };
      queue.push(reports.push({ at: exited, event: exit }) - 1);
    }
  };
  try {
    store.createRun(run, planFile, EPOCH);
    const start: EngineEvent[] = [
      { type: 'run.created', file: planFile, planText, options },
      { type: 'run.sensed', facts: [] },
      plannedEvent(planned),
    ];
    commit(start, stepAll(state, start, EPOCH), EPOCH);
    const half = Math.floor(plan.actions.length / 2);
    let done = 0;
    const inbox: EngineEvent[] = [];
    while (queue.size > 0 && done < half) {
      const at = reports[queue.peek()]!.at;
      let wakes = false;
      while (queue.size > 0 && reports[queue.peek()]!.at === at) {
        const { event } = reports[queue.pop()]!;
        inbox.push(event);
        if (event.type === 'attempt.exited') done++;
        if (event.type !== 'attempt.spawned') wakes = true;
      }
      if (!wakes) continue;
      const batch = inbox.splice(0);
      commit(batch, stepAll(state, batch, at), at);
    }
    return { run, actions: plan.actions.length, done, inFlight: state.running, events, appends };
  } finally {
    store.close();
  }
}
