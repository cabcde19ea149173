import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildDomain } from './domain.js';
import { planActions } from './goap.js';
import { testPlan } from './test-plan.js';
import type { TestAction } from './test-plan.js';

const FACTS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'];

/**
 * Small plans where the search has real choices to make: few facts, so most have several providers; actions
 * that require what others provide, so requirements are shared and can go round in cycles; costs far apart.
 */
const scenarios = fc.integer({ min: 1, max: 10 }).chain((count) =>
  fc.record({
    actions: fc.tuple(
      ...Array.from({ length: count }, (_, i) =>
        fc.record({
          id: fc.constant(`a${i}`),
          requires: fc.subarray(FACTS, { maxLength: 2 }),
          provides: fc.subarray(FACTS, { minLength: 1, maxLength: 2 }),
          cost: fc.integer({ min: 1, max: 30 }),
        }),
      ),
    ),
    initial: fc.subarray(FACTS, { maxLength: 2 }),
    goal: fc.subarray(FACTS, { minLength: 1, maxLength: 3 }),
  }),
);

type Scenario = typeof scenarios extends fc.Arbitrary<infer T> ? T : never;

/** Whether running `actions` in any order that their requirements allow makes the goal true. */
function reaches(actions: readonly TestAction[], initial: readonly string[], goal: readonly string[]): boolean {
  const state = new Set(initial);
  const pending = [...actions];
  for (let fired = true; fired; ) {
    fired = false;
    for (let i = 0; i < pending.length; i++) {
      const action = pending[i]!;
      if (!(action.requires ?? []).every((f) => state.has(f))) continue;
      for (const f of action.provides ?? []) state.add(f);
      pending.splice(i--, 1);
      fired = true;
    }
  }
  return goal.every((f) => state.has(f));
}

/** The cheapest subset of the actions that can run and makes the goal true, by trying every subset. */
function cheapest(s: Scenario): number {
  let best = Infinity;
  for (let mask = 0; mask < 1 << s.actions.length; mask++) {
    const subset = s.actions.filter((_, i) => (mask >> i) & 1);
    const cost = subset.reduce((sum, a) => sum + a.cost, 0);
    if (cost < best && reaches(subset, s.initial, s.goal)) best = cost;
  }
  return best;
}

describe('planActions on small plans with alternatives and shared requirements', () => {
  it('returns a plan exactly as cheap as the cheapest subset of actions that can run and reach the goal', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const best = cheapest(s);
        fc.pre(best < Infinity);
        const plan = testPlan({ actions: s.actions, goal: s.goal });
        const planned = planActions(buildDomain(plan), { initial: new Set(s.initial), goal: s.goal });
        expect(planned.cost).toBe(best);
      }),
      { numRuns: 1000 },
    );
  });
});
