import { describe, expect, it } from 'vitest';
import { buildDomain, defaultGoal } from './domain.js';
import { planActions } from './goap.js';
import { directActionNeeds, withoutImpliedNeeds } from './needs.js';
import { testPlan } from './test-plan.js';
import type { TestPlanSpec } from './test-plan.js';

function needsOf(spec: TestPlanSpec): Record<string, readonly string[]> {
  const plan = testPlan(spec);
  const planned = planActions(buildDomain(plan), { initial: new Set(), goal: defaultGoal(plan) });
  return Object.fromEntries(directActionNeeds(planned));
}

describe('directActionNeeds', () => {
  it('lists explicit needs and the providers of required facts as action ids', () => {
    expect(
      needsOf({
        actions: [
          { id: 'fetch', provides: ['sources'] },
          { id: 'setup' },
          { id: 'build', requires: ['sources'], needs: ['setup'] },
        ],
      }),
    ).toEqual({ fetch: [], setup: [], build: ['fetch', 'setup'] });
  });

  it('replaces a phase gate with the last actions of that phase', () => {
    expect(
      needsOf({
        phases: [{ id: 'one' }, { id: 'two', after: ['one'] }],
        actions: [
          { id: 'a', phase: 'one' },
          { id: 'b', phase: 'one' },
          { id: 'c', phase: 'one', needs: ['a'] },
          { id: 'd', phase: 'two' },
        ],
      }),
    ).toEqual({ a: [], b: [], c: ['a'], d: ['b', 'c'] });
  });

  it('sees through the gate of a phase with no actions to what came before it', () => {
    expect(
      needsOf({
        phases: [{ id: 'one' }, { id: 'empty', after: ['one'] }, { id: 'three', after: ['empty'] }],
        actions: [
          { id: 'a', phase: 'one' },
          { id: 'c', phase: 'three' },
        ],
      }),
    ).toEqual({ a: [], c: ['a'] });
  });

  it('lists every direct predecessor, and for reading leaves out the ones another need already waits for', () => {
    const spec: TestPlanSpec = {
        phases: [{ id: 'one' }, { id: 'two', after: ['one'], mode: 'sequential' }],
        actions: [
          { id: 'a', phase: 'one' },
          { id: 'b', phase: 'one' },
          { id: 'first', phase: 'two' },
          { id: 'second', phase: 'two' },
          { id: 'third', phase: 'two' },
        ],
    };
    expect(needsOf(spec)).toEqual({ a: [], b: [], first: ['a', 'b'], second: ['a', 'b', 'first'], third: ['a', 'b', 'first', 'second'] });
    expect(Object.fromEntries(withoutImpliedNeeds(new Map(Object.entries(needsOf(spec)))))).toEqual({ a: [], b: [], first: ['a', 'b'], second: ['first'], third: ['second'] });
  });
});
