/**
 * Planner benchmark: `npm run bench:planner` (or `npx tsx bench/planner/run.ts [sizes…]`).
 *
 * For plans of 1k, 10k and 50k actions (see generate.ts), each measured in a fresh process so that sizes do not
 * share a heap: the median time of planning (buildDomain + planActions), of analysis (analyzePlan), and of the
 * reference (a bare topological sort + longest path over the same plan, see reference.ts), each after a
 * warm-up; and the process's peak RSS. Prints a Markdown table.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { analyzePlan } from '../../src/planner/analysis.js';
import { buildDomain } from '../../src/planner/domain.js';
import { planActions } from '../../src/planner/goap.js';
import type { Planned } from '../../src/planner/goap.js';
import { layeredPlan } from './generate.js';
import { longestPath } from './reference.js';
import { median } from '../median.js';

const SIZES = [1_000, 10_000, 50_000];

interface Row {
  readonly actions: number;
  readonly chosen: number;
  readonly expansions: number;
  readonly planMs: number;
  readonly analysisMs: number;
  readonly referenceMs: number;
  readonly peakRssMb: number;
}

function measure(size: number): Row {
  const plan = layeredPlan(size);
  const goal = plan.goal ?? [];
  const plans = (): Planned => planActions(buildDomain(plan), { initial: new Set(), goal });
  const planned = plans();
  const planMs = median(plans);
  const analysisMs = median(() => analyzePlan(planned, plan));
  const referenceMs = median(() => longestPath(plan));
  const chosen = planned.nodes.filter((node) => node.kind === 'action').length;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  return { actions: plan.actions.length, chosen, expansions: planned.expansions, planMs, analysisMs, referenceMs, peakRssMb };
}


/** Runs `measure(size)` in a child process with the same loader, and reads its row back. */
function measureApart(size: number): Row {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', String(size)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`benchmark of ${size} actions failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as Row;
}

function table(rows: readonly Row[]): string {
  const lines = [
    '| actions | chosen | expansions | plan ms | plan µs / action | analysis ms | reference ms | reference µs / action | plan / reference | (plan + analysis) / reference | peak RSS MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const cells = [
      r.actions,
      r.chosen,
      r.expansions,
      r.planMs.toFixed(1),
      ((r.planMs * 1000) / r.actions).toFixed(2),
      r.analysisMs.toFixed(1),
      r.referenceMs.toFixed(1),
      ((r.referenceMs * 1000) / r.actions).toFixed(2),
      `${(r.planMs / r.referenceMs).toFixed(1)}×`,
      `${((r.planMs + r.analysisMs) / r.referenceMs).toFixed(1)}×`,
      r.peakRssMb.toFixed(0),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  process.stdout.write(JSON.stringify(measure(Number(args[1]))));
} else {
  const sizes = args.map(Number).filter((n) => n > 0);
  console.log(table((sizes.length > 0 ? sizes : SIZES).map(measureApart)));
}
