/**
 * bench/leases: the cost of file leases, on 10,000 actions. `npm run bench:leases` (or `npx tsx bench/leases.ts`).
 *
 * Leases like those of a monorepo split by folder (`leasesOf`): 50 packages of 40 modules; each action leases one
 * module's folder, often its test file too, sometimes its package's `package.json`, a few a glob over their whole
 * package's sources or a root file, and 1% are `parallel_ok`. Measured, each the median of 9 runs after a warm-up:
 *
 * - `leaseOverlaps` on the 10,000 actions: what the engine computes once per run (src/engine/state.ts);
 * - `analyzePlan` on bench/planner's 10k-action plan, planned once, without leases and with these leases: the
 *   predicted schedule, which keeps actions whose leases may overlap apart in time.
 */
import type { Plan } from '../src/plan/model.js';
import { leaseOverlaps } from '../src/plan/leases.js';
import type { LeaseHolder } from '../src/plan/leases.js';
import { analyzePlan } from '../src/planner/analysis.js';
import { buildDomain } from '../src/planner/domain.js';
import { planActions } from '../src/planner/goap.js';
import type { Planned } from '../src/planner/goap.js';
import { layeredPlan } from './planner/generate.js';
import { mulberry32 } from './random.js';
import { median } from './median.js';

const ACTIONS = 10_000;
const PACKAGES = 50;
const MODULES = 40;

/** The leases of `count` actions, deterministic. */
function leasesOf(count: number): { files: string[]; parallelOk: boolean }[] {
  const random = mulberry32(count);
  return Array.from({ length: count }, () => {
    const pkg = `packages/p${Math.floor(random() * PACKAGES)}`;
    const module = `m${Math.floor(random() * MODULES)}`;
    const files = [`${pkg}/src/${module}`];
    if (random() < 0.4) files.push(`${pkg}/test/${module}.test.ts`);
    if (random() < 0.1) files.push(`${pkg}/package.json`);
    if (random() < 0.03) files.push(`${pkg}/src/**/*.css`);
    if (random() < 0.02) files.push(random() < 0.5 ? 'package.json' : `docs/${module}.md`);
    return { files, parallelOk: random() < 0.01 };
  });
}


function withLeases(plan: Plan): Plan {
  const leases = leasesOf(plan.actions.length);
  return { ...plan, actions: plan.actions.map((action, i) => ({ ...action, ...leases[i]! })) };
}

const holders: LeaseHolder[] = leasesOf(ACTIONS).map((lease, i) => ({ id: `a${i}`, ...lease }));
const patterns = holders.reduce((sum, holder) => sum + holder.files.length, 0);
const pairs = leaseOverlaps(holders).length;
const overlapsMs = median(() => leaseOverlaps(holders));

const plain = layeredPlan(ACTIONS);
const leased = withLeases(plain);
// Planned apart: the planned nodes carry the domain's actions, and their leases with them.
const planOf = (plan: Plan): Planned => planActions(buildDomain(plan), { initial: new Set(), goal: plan.goal ?? [] });
const plainPlanned = planOf(plain);
const leasedPlanned = planOf(leased);
const chosen = plainPlanned.nodes.filter((node) => node.kind === 'action').length;
const plainMs = median(() => analyzePlan(plainPlanned, plain));
const leasedMs = median(() => analyzePlan(leasedPlanned, leased));
const chosenPairs = leaseOverlaps(leasedPlanned.nodes.flatMap((node) => (node.action ? [node.action] : []))).length;
const hours = (planned: Planned, plan: Plan, workers?: number): string =>
  (analyzePlan(planned, plan, workers === undefined ? {} : { workers }).makespanS / 3600).toFixed(2);

console.log(`${ACTIONS} actions, ${patterns} lease patterns; node ${process.version}`);
console.log('');
console.log('| measured | actions | pairs that may overlap | median ms | predicted makespan h (the plan\'s agents; 100 workers) |');
console.log('|---|---:|---:|---:|---:|');
console.log(`| \`leaseOverlaps\` | ${ACTIONS} | ${pairs} | ${overlapsMs.toFixed(1)} | |`);
console.log(`| \`analyzePlan\`, bench/planner's plan, no leases | ${chosen} planned | 0 | ${plainMs.toFixed(1)} | ${hours(plainPlanned, plain)}; ${hours(plainPlanned, plain, 100)} |`);
console.log(`| \`analyzePlan\`, the same plan with these leases | ${chosen} planned | ${chosenPairs} | ${leasedMs.toFixed(1)} | ${hours(leasedPlanned, leased)}; ${hours(leasedPlanned, leased, 100)} |`);
console.log('');
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
