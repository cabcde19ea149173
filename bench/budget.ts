/**
 * bench/budget: what budgets cost the engine core. `npm run bench:budget` (or `npx tsx bench/budget.ts`).
 *
 * A plan of 5,000 AI actions for one agent of concurrency 200; ten ticks in which the 200 running attempts end
 * together and 200 more start (stepAll: apply, decide, settle), timed as the median of 9 runs after a warm-up.
 * Three plans: no budget (the reference), a time budget on the run (every running attempt is checked against it
 * once per instant), and a time budget on every action plus tokens and cost on the agent (every attempt in four
 * scopes). The ratio against the reference is what budgets cost a tick.
 */
import { readPlanText } from '../src/plan/read.js';
import type { Plan } from '../src/plan/model.js';
import { newRunState, stepAll } from '../src/engine/core.js';
import type { EngineEvent } from '../src/engine/events.js';
import { plannedEvent } from '../src/engine/planned-event.js';
import { buildDomain, defaultGoal } from '../src/planner/domain.js';
import { planActions } from '../src/planner/goap.js';

const ACTIONS = 5000;
const CONCURRENCY = 200;
const TICKS = 10;

function plan(agentBudget: string, runBudget: string, actionBudget: string): Plan {
  const lines = [`agents:\n  dev: { use: claude-code, concurrency: ${CONCURRENCY}${agentBudget} }`, runBudget, 'actions:'];
  for (let i = 0; i < ACTIONS; i++) lines.push(`  - { id: a${i}, agent: dev, prompt: x${i}${actionBudget} }`);
  const read = readPlanText('bench.yaml', lines.join('\n'));
  if (!read.plan || read.problems.length > 0) throw new Error(read.problems.map((p) => p.message).join('\n'));
  return read.plan;
}

/** Ten ticks of 200 exits and 200 starts on a fresh run of `p`: milliseconds of the ticks alone (not the set-up). */
function ticks(p: Plan): number {
  const goal = defaultGoal(p);
  const state = newRunState(p, { concurrency: CONCURRENCY, failFast: false, yes: true, goal, workers: null, retryBackoffMs: 1000 });
  const planned = planActions(buildDomain(p), { initial: new Set(), goal });
  let started = stepAll(state, [{ type: 'run.created', file: 'bench.yaml', planText: '', options: state.options }, plannedEvent(planned)], 0).filter((e) => e.type === 'attempt.started');
  const begin = performance.now();
  for (let tick = 1; tick <= TICKS; tick++) {
    const exits = started.map((s): EngineEvent => ({ type: 'attempt.exited', action: s.action, attempt: s.attempt, outcome: 'succeeded', exitCode: 0, signal: null, durationMs: 1000, verify: [] }));
    started = stepAll(state, exits, tick * 1000).filter((e) => e.type === 'attempt.started');
    if (started.length !== CONCURRENCY) throw new Error(`tick ${tick} started ${started.length} attempts, expected ${CONCURRENCY}`);
  }
  return performance.now() - begin;
}

/** The median of 9 measured runs after 3 warm-up runs. */
function medianOf(measure: () => number): number {
  for (let i = 0; i < 3; i++) measure();
  const times = Array.from({ length: 9 }, measure).sort((a, b) => a - b);
  return times[4]!;
}

const cases: [string, Plan][] = [
  ['no budget (reference)', plan('', '', '')],
  ['run time budget', plan('', 'budget: { time: 1000h }', '')],
  ['action time + agent tokens and cost', plan(', budget: { tokens: 1000000000, cost: 100000 }', '', ', budget: { time: 10h }')],
];
console.log(`budget checks in the core: ${ACTIONS} actions, concurrency ${CONCURRENCY}, ${TICKS} ticks of ${CONCURRENCY} exits + starts; node ${process.version}\n`);
console.log('| plan | ms for 10 ticks (median of 9) | × reference |');
console.log('|---|---:|---:|');
let reference = 0;
for (const [name, p] of cases) {
  const ms = medianOf(() => ticks(p));
  if (reference === 0) reference = ms;
  console.log(`| ${name} | ${ms.toFixed(1)} | ${(ms / reference).toFixed(2)} |`);
}
