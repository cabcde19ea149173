import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { leaseOverlaps } from '../plan/leases.js';
import type { Plan } from '../plan/model.js';
import { analyzePlan } from './analysis.js';
import { buildDomain, defaultGoal } from './domain.js';
import { planActions } from './goap.js';
import type { Planned } from './goap.js';
import { testPlan } from './test-plan.js';
import type { TestPlanSpec } from './test-plan.js';

function planned(spec: TestPlanSpec): { plan: Plan; planned: Planned } {
  const plan = testPlan(spec);
  return { plan, planned: planActions(buildDomain(plan), { initial: new Set(), goal: defaultGoal(plan) }) };
}

/** Random DAGs of up to 8 actions: edges only from lower to higher index, random agents and durations. */
const dags = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    durations: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: n, maxLength: n }),
    agents: fc.array(fc.constantFrom('shell', 'dev', 'qa'), { minLength: n, maxLength: n }),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 16 }),
    limits: fc.record({ dev: fc.integer({ min: 1, max: 3 }), qa: fc.integer({ min: 1, max: 2 }) }),
  }),
);

type Dag = typeof dags extends fc.Arbitrary<infer T> ? T : never;

function dagSpec(dag: Dag): TestPlanSpec {
  const needs = dag.durations.map((): string[] => []);
  for (const [a, b] of dag.edges) if (a < b && !needs[b]!.includes(`a${a}`)) needs[b]!.push(`a${a}`);
  const actions = dag.durations.map((estimate, i) => ({ id: `a${i}`, estimate, agent: dag.agents[i]!, needs: needs[i]! }));
  return { actions, agents: dag.limits };
}

/** The longest path by enumerating every path from every node. */
function bruteForceLongest(dag: Dag): number {
  const spec = dagSpec(dag);
  const longestFrom = (i: number): number => {
    const next = spec.actions.flatMap((a, j) => (a.needs?.includes(`a${i}`) ? [j] : []));
    return dag.durations[i]! + Math.max(0, ...next.map(longestFrom));
  };
  return Math.max(0, ...dag.durations.map((_, i) => longestFrom(i)));
}

describe('analyzePlan', () => {
  it('finds the critical path and its length, leaving gates out', () => {
    const { plan, planned: p } = planned({
      actions: [
        { id: 'setup', estimate: 10 },
        { id: 'long', estimate: 100, needs: ['setup'] },
        { id: 'short', estimate: 5, needs: ['setup'] },
        { id: 'finish', estimate: 20, needs: ['long', 'short'] },
      ],
    });
    const analysis = analyzePlan(p, plan);
    expect(analysis.criticalPath).toEqual(['setup', 'long', 'finish']);
    expect(analysis.criticalPathS).toBe(130);
    expect(analysis.sequentialS).toBe(135);
    expect(analysis.makespanS).toBe(130);
  });

  it('computes the critical path length that brute force finds on random DAGs', () => {
    fc.assert(
      fc.property(dags, (dag) => {
        const { plan, planned: p } = planned(dagSpec(dag));
        const analysis = analyzePlan(p, plan);
        expect(analysis.criticalPathS).toBe(bruteForceLongest(dag));
        const path = analysis.criticalPath.map((id) => dag.durations[Number(id.slice(1))]!);
        expect(path.reduce((a, b) => a + b, 0)).toBe(analysis.criticalPathS);
      }),
      { numRuns: 300 },
    );
  });

  it('predicts a makespan between the lower bound and the sequential time, under agents or N workers', () => {
    fc.assert(
      fc.property(dags, fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }), (dag, workers) => {
        const { plan, planned: p } = planned(dagSpec(dag));
        const analysis = analyzePlan(p, plan, workers === undefined ? {} : { workers });
        expect(analysis.makespanS).toBeGreaterThanOrEqual(analysis.lowerBoundS - 1e-9);
        expect(analysis.makespanS).toBeLessThanOrEqual(analysis.sequentialS + 1e-9);
        expect(analysis.lowerBoundS).toBeGreaterThanOrEqual(analysis.criticalPathS);
      }),
      { numRuns: 300 },
    );
  });

  it('takes exactly the sequential time with one worker', () => {
    fc.assert(
      fc.property(dags, (dag) => {
        const { plan, planned: p } = planned(dagSpec(dag));
        const analysis = analyzePlan(p, plan, { workers: 1 });
        expect(analysis.makespanS).toBe(analysis.sequentialS);
        expect(analysis.efficiencyGain).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  it('schedules each action after its predecessors and never over an agent limit', () => {
    fc.assert(
      fc.property(dags, (dag) => {
        const spec = dagSpec(dag);
        const { plan, planned: p } = planned(spec);
        const analysis = analyzePlan(p, plan);
        const entry = new Map(analysis.schedule.map((e) => [e.id, e]));
        expect(entry.size).toBe(spec.actions.length);
        for (const action of spec.actions) {
          for (const need of action.needs ?? []) expect(entry.get(action.id)!.startS).toBeGreaterThanOrEqual(entry.get(need)!.endS);
        }
        for (const [agent, limit] of Object.entries(dag.limits)) {
          const mine = analysis.schedule.filter((e) => e.agent === agent && e.endS > e.startS);
          for (const e of mine) {
            const overlapping = mine.filter((o) => o.startS <= e.startS && o.endS > e.startS);
            expect(overlapping.length).toBeLessThanOrEqual(limit);
            expect(e.slot).toBeLessThan(limit);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('shares an agent of concurrency 1 one action at a time, longest tail first', () => {
    const { plan, planned: p } = planned({
      agents: { dev: 1 },
      actions: [
        { id: 'small', agent: 'dev', estimate: 10 },
        { id: 'big', agent: 'dev', estimate: 10 },
        { id: 'after-big', estimate: 50, needs: ['big'] },
      ],
    });
    const analysis = analyzePlan(p, plan);
    // At 10 both start; the engine starts the one with the longer tail first, whatever its agent.
    expect(analysis.schedule.map((e) => [e.id, e.slot, e.startS, e.endS])).toEqual([
      ['big', 0, 0, 10],
      ['after-big', 0, 10, 60],
      ['small', 0, 10, 20],
    ]);
    expect(analysis.lowerBoundS).toBe(60);
    expect(analysis.makespanS).toBe(60);
    expect(analysis.speedup).toBe(70 / 60);
  });

  it('bounds by each agent: its work over its concurrency', () => {
    const { plan, planned: p } = planned({
      agents: { qa: 2 },
      actions: Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, agent: 'qa', estimate: 10 })),
    });
    const analysis = analyzePlan(p, plan);
    expect(analysis.lowerBoundS).toBe(30);
    expect(analysis.makespanS).toBe(30);
  });

  it('lets gates take no time and no capacity between phases', () => {
    const { plan, planned: p } = planned({
      phases: [{ id: 'one' }, { id: 'two', after: ['one'] }],
      actions: [
        { id: 'a', phase: 'one', estimate: 10 },
        { id: 'b', phase: 'two', estimate: 20 },
      ],
    });
    const analysis = analyzePlan(p, plan);
    expect(analysis.schedule.map((e) => [e.id, e.startS])).toEqual([['a', 0], ['b', 10]]);
    expect(analysis.criticalPath).toEqual(['a', 'b']);
  });

  it('runs two parallel actions whose leases overlap one after the other: the makespan is their sum', () => {
    const { plan, planned: p } = planned({
      actions: [
        { id: 'cache', estimate: 30, files: ['src/cache/**'] },
        { id: 'index', estimate: 20, files: ['src/cache/index.ts'] },
      ],
    });
    const analysis = analyzePlan(p, plan);
    expect(analysis.makespanS).toBe(50);
    expect(analysis.schedule.map((e) => [e.id, e.startS, e.endS])).toEqual([['cache', 0, 30], ['index', 30, 50]]);
  });

  it('runs them side by side when one is parallel_ok, or when their leases cannot meet: the makespan is their max', () => {
    const ok = planned({
      actions: [
        { id: 'cache', estimate: 30, files: ['src/cache/**'] },
        { id: 'index', estimate: 20, files: ['src/cache/index.ts'], parallelOk: true },
      ],
    });
    expect(analyzePlan(ok.planned, ok.plan).makespanS).toBe(30);
    const apart = planned({
      actions: [
        { id: 'cache', estimate: 30, files: ['src/cache/**'] },
        { id: 'docs', estimate: 20, files: ['docs/**'] },
      ],
    });
    expect(analyzePlan(apart.planned, apart.plan).makespanS).toBe(30);
  });

  it('lets the actions behind one that waits for a lease start in its place, across agents', () => {
    const { plan, planned: p } = planned({
      agents: { dev: 1, qa: 1 },
      actions: [
        { id: 'long', agent: 'dev', estimate: 100, files: ['src/**'] },
        { id: 'blocked', agent: 'qa', estimate: 50, files: ['src/a.ts'] },
        { id: 'free', agent: 'qa', estimate: 10, files: ['docs/**'] },
      ],
    });
    const analysis = analyzePlan(p, plan);
    expect(analysis.schedule.map((e) => [e.id, e.startS, e.endS])).toEqual([['long', 0, 100], ['free', 0, 10], ['blocked', 100, 150]]);
    expect(analysis.makespanS).toBe(150);
  });

  it('never runs two actions whose leases overlap at the same time, on random plans', () => {
    const folders = ['src', 'src/cache', 'docs', 'test'];
    const leases = fc.array(fc.constantFrom(...folders.flatMap((f) => [`${f}/**`, `${f}/x.ts`]), 'package.json'), { maxLength: 2 });
    fc.assert(
      fc.property(dags, fc.array(leases, { minLength: 8, maxLength: 8 }), (dag, files) => {
        const spec = dagSpec(dag);
        const actions = spec.actions.map((action, i) => ({ ...action, files: files[i]! }));
        const { plan, planned: p } = planned({ ...spec, actions });
        const analysis = analyzePlan(p, plan);
        const entry = new Map(analysis.schedule.map((e) => [e.id, e]));
        for (const { a, b } of leaseOverlaps(plan.actions)) {
          const [x, y] = [entry.get(a)!, entry.get(b)!];
          if (x.endS > x.startS && y.endS > y.startS) expect(x.endS <= y.startS || y.endS <= x.startS).toBe(true);
        }
        expect(analysis.makespanS).toBeGreaterThanOrEqual(analysis.lowerBoundS - 1e-9);
        expect(analysis.makespanS).toBeLessThanOrEqual(analysis.sequentialS + 1e-9);
      }),
      { numRuns: 300 },
    );
  });

  it('breaks ties between equal bottom levels by priority, then file order, as the engine does', () => {
    const plan = testPlan({ agents: { dev: 1 }, actions: [{ id: 'later', agent: 'dev', estimate: 10 }, { id: 'urgent', agent: 'dev', estimate: 10 }] });
    const urgent = { ...plan, actions: plan.actions.map((a) => (a.id === 'urgent' ? { ...a, priority: 'critical' as const } : a)) };
    const p = planActions(buildDomain(urgent), { initial: new Set(), goal: defaultGoal(urgent) });
    expect(analyzePlan(p, urgent).schedule.map((e) => e.id)).toEqual(['urgent', 'later']);
  });

  it('reports an empty plan as taking no time', () => {
    const analysis = analyzePlan({ nodes: [], preds: [], skipped: [], goal: [], cost: 0, expansions: 1 }, testPlan({ actions: [] }));
    expect(analysis).toMatchObject({ criticalPathS: 0, makespanS: 0, speedup: 1, efficiencyGain: 0, schedule: [] });
  });

  it('refuses a worker count that is not a whole number of at least one', () => {
    const { plan, planned: p } = planned({ actions: [{ id: 'a' }] });
    expect(() => analyzePlan(p, plan, { workers: 0 })).toThrow('workers: expected a whole number of at least 1, got 0');
  });
});
