/**
 * Makespan benchmark: `npm run bench:makespan` (or `npx tsx bench/makespan/run.ts [count]`).
 *
 * 100 random DAGs (generate.ts; 200–500 actions, seeded) are run by the engine's own scheduler under the virtual
 * clock (`simulate`, every action taking its estimate) with 2, 4 and 8 interchangeable workers, once
 * critical-path-first (the engine's order) and once FIFO (`order: 'fifo'`: the order actions became ready, ties by
 * file order). Each makespan is divided by the lower bound no schedule can beat, max(critical path, work / workers),
 * so 1.000 is optimal. Prints one Markdown table: mean, p95 and max of that ratio per policy and worker count.
 */
import type { RunOptions } from '../../src/engine/events.js';
import { plannedEvent } from '../../src/engine/planned-event.js';
import { simulate } from '../../src/engine/simulate.js';
import { analyzePlan } from '../../src/planner/analysis.js';
import { buildDomain, defaultGoal } from '../../src/planner/domain.js';
import { planActions } from '../../src/planner/goap.js';
import { randomDag } from './generate.js';
import type { RandomDag } from './generate.js';

const DAGS = 100;
const WORKERS = [2, 4, 8] as const;
const ORDERS = ['critical-path', 'fifo'] as const;
type Order = (typeof ORDERS)[number];

/** One DAG under one worker count. */
interface Trial {
  readonly dag: RandomDag;
  readonly workers: number;
  readonly criticalPathS: number;
  readonly workS: number;
  readonly boundS: number;
  /** makespan / bound, per order. */
  readonly ratio: Record<Order, number>;
  /** Whether the engine's critical-path-first makespan is the one the planner's list schedule predicts. */
  readonly agreesWithPlanner: boolean;
}

function trials(dag: RandomDag): Trial[] {
  const { plan } = dag;
  const goal = plan.goal ?? defaultGoal(plan);
  const planned = planActions(buildDomain(plan), { initial: new Set(), goal });
  const event = plannedEvent(planned);
  if (event.type !== 'run.planned') throw new Error('internal: plannedEvent');
  return WORKERS.map((workers): Trial => {
    const analysis = analyzePlan(planned, plan, { workers });
    const boundS = Math.max(analysis.criticalPathS, analysis.sequentialS / workers);
    const makespan = (order: Order): number => {
      const options: RunOptions = { concurrency: Infinity, failFast: false, yes: true, goal, workers, retryBackoffMs: 0, order };
      const simulation = simulate({ plan, options, facts: [], planned: event });
      if (simulation.status !== 'succeeded') throw new Error(`DAG ${dag.seed}, ${workers} workers, ${order}: run ${simulation.status}`);
      return simulation.makespanS;
    };
    const critical = makespan('critical-path');
    return {
      dag,
      workers,
      criticalPathS: analysis.criticalPathS,
      workS: analysis.sequentialS,
      boundS,
      ratio: { 'critical-path': critical / boundS, fifo: makespan('fifo') / boundS },
      agreesWithPlanner: critical === analysis.makespanS,
    };
  });
}

interface Summary {
  readonly mean: number;
  readonly p95: number;
  readonly max: number;
  /** Share of DAGs scheduled at the bound (ratio < 1.0005). */
  readonly optimal: number;
}

function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return {
    mean: sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
    p95: rank(0.95),
    max: sorted.at(-1)!,
    optimal: sorted.filter((v) => v < 1.0005).length / sorted.length,
  };
}

const LABEL: Record<Order, string> = { 'critical-path': 'critical-path-first', fifo: 'FIFO' };

function table(all: readonly Trial[]): string {
  const lines = [
    '| workers | policy | mean | p95 | max | at the bound | DAGs bound by the critical path | FIFO / critical-path-first, mean |',
    '|---:|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const workers of WORKERS) {
    const rows = all.filter((t) => t.workers === workers);
    const cpBound = rows.filter((t) => t.criticalPathS >= t.workS / workers).length;
    const gain = rows.reduce((sum, t) => sum + t.ratio.fifo / t.ratio['critical-path'], 0) / rows.length;
    for (const order of ORDERS) {
      const s = summarize(rows.map((t) => t.ratio[order]));
      const percent = (x: number): string => `${Math.round(100 * x)}%`;
      const shared = order === 'critical-path' ? [`${cpBound} / ${rows.length}`, `${gain.toFixed(3)}`] : ['', ''];
      lines.push(`| ${workers} | ${LABEL[order]} | ${s.mean.toFixed(3)} | ${s.p95.toFixed(3)} | ${s.max.toFixed(3)} | ${percent(s.optimal)} | ${shared.join(' | ')} |`);
    }
  }
  return lines.join('\n');
}

function describeDags(dags: readonly RandomDag[]): string {
  const sizes = dags.map((d) => d.plan.actions.length);
  const edges = dags.reduce((sum, d) => sum + d.edges, 0);
  const actions = sizes.reduce((sum, n) => sum + n, 0);
  return `${dags.length} DAGs, ${Math.min(...sizes)}–${Math.max(...sizes)} actions (${actions} in all, ${(edges / actions).toFixed(2)} dependencies per action)`;
}

function parallelism(all: readonly Trial[]): string {
  const once = all.filter((t) => t.workers === WORKERS[0]);
  const values = once.map((t) => t.workS / t.criticalPathS).sort((a, b) => a - b);
  const at = (q: number): string => values[Math.floor(q * (values.length - 1))]!.toFixed(1);
  return `work / critical path (the average parallelism): min ${at(0)}, median ${at(0.5)}, max ${at(1)}`;
}

const count = Number(process.argv[2] ?? DAGS);
const start = performance.now();
const dags = Array.from({ length: count }, (_, seed) => randomDag(seed));
const all = dags.flatMap(trials);
const agree = all.filter((t) => t.agreesWithPlanner).length;
console.log(table(all));
console.log();
console.log(`${describeDags(dags)}; ${parallelism(all)}.`);
console.log(`The engine's critical-path-first makespan equals the planner's list-schedule prediction in ${agree} of ${all.length} cases.`);
console.log(`${all.length * ORDERS.length} simulations in ${((performance.now() - start) / 1000).toFixed(1)} s.`);
