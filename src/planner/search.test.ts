import { describe, expect, it } from 'vitest';
import { SearchBoundError } from '../errors.js';
import { buildDomain } from './domain.js';
import { planActions } from './goap.js';
import type { PlanActionsOptions, Planned } from './goap.js';
import { testPlan } from './test-plan.js';
import type { TestAction } from './test-plan.js';

function plan(actions: readonly TestAction[], goal: readonly string[], options: Partial<PlanActionsOptions> = {}): Planned {
  return planActions(buildDomain(testPlan({ actions, goal })), { initial: new Set(), goal, ...options });
}

function ids(planned: Planned): string[] {
  return planned.nodes.map((node) => node.id);
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/**
 * n independent choices: `g<i>` comes from `a<i>` (cheap, but it needs `x<i>`, which only `b<i>` provides, and
 * `b<i>` needs `g<i>`: the pair waits on itself) or from `c<i>` (dearer, needs nothing). `x<i>` is wanted too, so
 * `b<i>` is in every plan and `a<i>` looks cheap: its requirement is met, only not before `g<i>`. The search
 * used to pick the pairs, find them cyclic and repair them in every order: 119 expansions for n = 4, 3403 for 6,
 * and its bound of 100 000 for 8.
 */
function pairsOrStandalone(n: number, withD = false): TestAction[] {
  return range(n).flatMap((i) => [
    { id: `a${i}`, requires: [`x${i}`], provides: [`g${i}`], cost: 1 },
    { id: `b${i}`, requires: [`g${i}`], provides: [`x${i}`], cost: 1 },
    { id: `c${i}`, provides: [`g${i}`], cost: 10 },
    ...(withD ? [{ id: `d${i}`, provides: [`x${i}`], cost: 20 }] : []),
  ]);
}

/**
 * `shared` (dear) then `p<i>` (cheap, each needs `shared`), or `q<i>` (each dearer than `p<i>`, needs nothing).
 * h_add charges `shared` to every `p<i>`, so the first plan found takes every `q<i>`: 12 × 99 = 1188, where
 * `shared` and the `p<i>` cost 99 + 12 = 111.
 */
function sharedOrStandalone(k: number): TestAction[] {
  return [
    { id: 'shared', provides: ['shared'], cost: 99 },
    ...range(k).flatMap((i) => [
      { id: `p${i}`, requires: ['shared'], provides: [`g${i}`], cost: 1 },
      { id: `q${i}`, provides: [`g${i}`], cost: 99 },
    ]),
  ];
}

describe('the planner search', () => {
  it.each([8, 12, 20])('plans %i choices between a pair that waits on itself and a dearer action in a few expansions', (n) => {
    const goals = [range(n).map((i) => `g${i}`), range(n).flatMap((i) => [`g${i}`, `x${i}`])];
    for (const goal of goals) {
      const planned = plan(pairsOrStandalone(n), goal);
      expect(planned.expansions).toBeLessThan(50 * n);
      for (const i of range(n)) expect(ids(planned)).toContain(`c${i}`);
      expect(ids(planned).filter((id) => id.startsWith('a'))).toEqual([]);
    }
  });

  it('repairs pairs that wait on each other when both their facts have another provider', () => {
    // Here neither fact is needed by every way to the other, so the cycles show only in candidate plans.
    const goal = (n: number) => range(n).flatMap((i) => [`g${i}`, `x${i}`]);
    const small = plan(pairsOrStandalone(6, true), goal(6));
    expect(small.cost).toBe(6 * 11);
    expect(ids(small).filter((id) => id.startsWith('c'))).toHaveLength(6);
    // Before, even a first plan for 8 pairs was out of reach of the bound; now one comes in a few expansions.
    const large = plan(pairsOrStandalone(20, true), goal(20), { maxExpansions: 200 });
    expect(large.cost).toBeLessThanOrEqual(20 * 21);
  });

  it('prefers one dear shared requirement with cheap users over dearer standalone providers', () => {
    const planned = plan(sharedOrStandalone(12), range(12).map((i) => `g${i}`));
    expect(planned.cost).toBe(99 + 12);
    expect(ids(planned)).toEqual(['shared', ...range(12).map((i) => `p${i}`)]);
  });

  it('returns the best plan found so far when the bound runs out after a first plan', () => {
    const goal = range(12).map((i) => `g${i}`);
    const first = plan(sharedOrStandalone(12), goal, { maxExpansions: 13 });
    expect(first.expansions).toBe(13);
    expect(first.cost).toBe(12 * 99);
    expect(plan(sharedOrStandalone(12), goal, { maxExpansions: 1000 }).cost).toBe(99 + 12);
  });

  it('still throws SearchBoundError when the bound runs out before any plan', () => {
    expect(() => plan(sharedOrStandalone(12), range(12).map((i) => `g${i}`), { maxExpansions: 12 })).toThrow(
      SearchBoundError,
    );
  });

  it('never takes a provider that can only start once the fact it would provide holds', () => {
    // `late` is cheaper, but it needs `step`, and `step` needs `top`: it can never be what makes `top` true.
    const planned = plan(
      [
        { id: 'late', requires: ['step'], provides: ['top'], cost: 1 },
        { id: 'step', requires: ['top'], provides: ['step'], cost: 1 },
        { id: 'early', provides: ['top'], cost: 5 },
      ],
      ['top', 'step'],
    );
    expect(ids(planned)).toEqual(['early', 'step']);
    expect(planned.expansions).toBe(1);
  });
});
