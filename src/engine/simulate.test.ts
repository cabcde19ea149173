import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/model.js';
import { analyzePlan } from '../planner/analysis.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import { checkPlanText } from '../planner/load.js';
import { testPlan } from '../planner/test-plan.js';
import type { RunOptions } from './events.js';
import { plannedEvent } from './planned-event.js';
import { simulate } from './simulate.js';

function options(plan: Plan, overrides: Partial<RunOptions> = {}): RunOptions {
  return { concurrency: Infinity, failFast: false, yes: true, goal: plan.goal ?? defaultGoal(plan), workers: null, retryBackoffMs: 1000, ...overrides };
}

function run(plan: Plan, workers?: number) {
  const opts = options(plan, workers === undefined ? {} : { workers });
  const planned = planActions(buildDomain(plan), { initial: new Set(Object.keys(plan.facts).filter((f) => plan.facts[f])), goal: opts.goal });
  const event = plannedEvent(planned);
  if (event.type !== 'run.planned') throw new Error('unreachable');
  const simulation = simulate({ plan, options: opts, facts: Object.keys(plan.facts).filter((f) => plan.facts[f]), planned: event });
  const analysis = analyzePlan(planned, plan, workers === undefined ? {} : { workers });
  return { simulation, analysis };
}

describe('simulating a run under the virtual clock', () => {
  it('runs the realistic example to success in the makespan the plan predicts', () => {
    const file = 'examples/ci-disk-space.plan.yaml';
    const plan = checkPlanText(file, readFileSync(file, 'utf8')).plan!;
    const { simulation, analysis } = run(plan);
    expect(simulation.status).toBe('succeeded');
    expect(simulation.makespanS).toBe(analysis.makespanS);
    expect(simulation.schedule.map((s) => s.id).sort()).toEqual(analysis.schedule.map((s) => s.id).sort());
  });

  it('agrees with the planner’s list schedule on random plans, for any number of workers', () => {
    const spec = fc.array(fc.record({ estimate: fc.integer({ min: 1, max: 20 }), deps: fc.array(fc.nat(), { maxLength: 3 }) }), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(spec, fc.integer({ min: 1, max: 4 }), (items, workers) => {
        const actions = items.map((item, i) => ({
          id: `a${i}`,
          estimate: item.estimate * 60,
          needs: i === 0 ? [] : [...new Set(item.deps.map((d) => `a${d % i}`))],
        }));
        const { simulation, analysis } = run(testPlan({ actions }), workers);
        expect(simulation.status).toBe('succeeded');
        expect(simulation.makespanS).toBe(analysis.makespanS);
      }),
    );
  });

  it('agrees start for start with the prediction when leases, agents, priorities and phases are in play', () => {
    const leases = ['src/**', 'src/a.ts', 'src/b/**', 'src/b/c.ts', 'docs/**', 'docs/x.md', 'package.json', '**/*.md', 'test'];
    const spec = fc.array(
      fc.record({
        estimate: fc.integer({ min: 0, max: 6 }),
        deps: fc.array(fc.nat(), { maxLength: 3 }),
        files: fc.array(fc.constantFrom(...leases), { maxLength: 2 }),
        ok: fc.boolean(),
        agent: fc.constantFrom('shell', 'dev', 'qa'),
        priority: fc.constantFrom('critical', 'high', 'medium', 'low'),
        phase: fc.constantFrom('one', 'two'),
      }),
      { minLength: 1, maxLength: 25 },
    );
    const shape = fc.tuple(fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), fc.integer({ min: 1, max: 3 }), fc.constantFrom('parallel', 'sequential'), fc.boolean());
    fc.assert(
      fc.property(spec, shape, (items, [workers, limit, mode, after]) => {
        const actions = items.map((item, i) => ({
          id: `a${i}`,
          agent: item.agent,
          phase: item.phase,
          estimate: item.estimate * 60,
          // A need across phases only from the later phase to the earlier one.
          needs: i === 0 ? [] : [...new Set(item.deps.map((d) => d % i))].filter((d) => items[d]!.phase === item.phase || item.phase === 'two').map((d) => `a${d}`),
          files: item.files,
          parallelOk: item.ok && item.files.length > 0 && i % 3 === 0,
        }));
        const base = testPlan({ actions, agents: { dev: limit, qa: 1 }, phases: [{ id: 'one' }, { id: 'two', mode, after: after ? ['one'] : [] }] });
        const plan = { ...base, actions: base.actions.map((a, i) => ({ ...a, priority: items[i]!.priority })) };
        const { simulation, analysis } = run(plan, workers);
        expect(simulation.status).toBe('succeeded');
        expect(simulation.makespanS).toBe(analysis.makespanS);
        const started = new Map(simulation.schedule.map((s) => [s.id, s.startS]));
        for (const entry of analysis.schedule) expect([entry.id, started.get(entry.id)]).toEqual([entry.id, entry.startS]);
      }),
      { numRuns: 500 },
    );
  });

  it('never runs more than an agent’s concurrency at once', () => {
    const plan = testPlan({ agents: { dev: 2 }, actions: Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, agent: 'dev', estimate: 60 * (i + 1) })) });
    const { simulation } = run(plan);
    const starts = simulation.schedule.map((s) => s.startS);
    for (const t of starts) expect(simulation.schedule.filter((s) => s.startS <= t && t < s.endS).length).toBeLessThanOrEqual(2);
  });
});
