import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { GoalUnreachableError } from '../errors.js';
import { doneFact } from '../plan/model.js';
import { buildDomain } from './domain.js';
import type { Domain } from './domain.js';
import { planActions } from './goap.js';
import type { Planned } from './goap.js';
import { testPlan } from './test-plan.js';

const FACTS = ['f0', 'f1', 'f2', 'f3', 'f4', 'f5'];
const PHASES = ['p0', 'p1'];

/** Random plans: few facts, so that most have several providers; needs in any direction, so cycles happen. */
const scenarios = fc.integer({ min: 1, max: 8 }).chain((count) => {
  const actionIds = Array.from({ length: count }, (_, i) => `a${i}`);
  const action = (id: string) =>
    fc.record({
      id: fc.constant(id),
      phase: fc.constantFrom(...PHASES),
      requires: fc.subarray(FACTS, { maxLength: 2 }),
      provides: fc.subarray(FACTS, { maxLength: 2 }),
      needs: count > 1 ? fc.subarray(actionIds.filter((other) => other !== id), { maxLength: 1 }) : fc.constant([]),
      cost: fc.integer({ min: 1, max: 20 }),
    });
  const goalFacts = [...FACTS, ...actionIds.map(doneFact), ...PHASES.map((p) => `phase:${p}`)];
  return fc.record({
    actions: fc.tuple(...actionIds.map(action)),
    modes: fc.tuple(fc.constantFrom('parallel', 'sequential'), fc.constantFrom('parallel', 'sequential')),
    chained: fc.boolean(),
    initial: fc.subarray(FACTS),
    goal: fc.subarray(goalFacts, { minLength: 1, maxLength: 3 }),
    exclude: fc.subarray(actionIds, { maxLength: Math.min(2, count) }),
  });
});

type Scenario = typeof scenarios extends fc.Arbitrary<infer T> ? T : never;

function domainOf(s: Scenario): Domain {
  const phases = [
    { id: 'p0', mode: s.modes[0] },
    { id: 'p1', mode: s.modes[1], after: s.chained ? ['p0'] : [] },
  ];
  return buildDomain(testPlan({ actions: s.actions, phases }));
}

/** The facts that hold at the start, with the done: facts of skipped actions. */
function startState(domain: Domain, initial: readonly string[]): Set<string> {
  const state = new Set(initial);
  for (const node of domain.nodes) {
    const declared = node.declared.map((f) => domain.facts.name(f));
    if (declared.length > 0 && declared.every((f) => state.has(f))) state.add(doneFact(node.id));
  }
  return state;
}

/** Forward reachability by brute force: fire every usable node whose requirements hold until nothing changes. */
function reachable(domain: Domain, s: Scenario): Set<string> {
  const state = startState(domain, s.initial);
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of domain.nodes) {
      if (s.exclude.includes(node.id)) continue;
      if (!node.requires.every((f) => state.has(domain.facts.name(f)))) continue;
      for (const f of node.provides) {
        const name = domain.facts.name(f);
        if (state.has(name)) continue;
        state.add(name);
        changed = true;
      }
    }
  }
  return state;
}

function plan(domain: Domain, s: Scenario): Planned {
  return planActions(domain, { initial: new Set(s.initial), goal: s.goal, exclude: new Set(s.exclude) });
}

describe('planActions on random plans', () => {
  it('finds a plan exactly when the goal is reachable, and throws GoalUnreachableError otherwise', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const domain = domainOf(s);
        const reach = reachable(domain, s);
        if (s.goal.every((f) => reach.has(f))) expect(() => plan(domain, s)).not.toThrow();
        else expect(() => plan(domain, s)).toThrow(GoalUnreachableError);
      }),
      { numRuns: 500 },
    );
  });

  it('returns actions that, applied in order from the start, each find their requirements and end at the goal', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const domain = domainOf(s);
        fc.pre(s.goal.every((f) => reachable(domain, s).has(f)));
        const planned = plan(domain, s);
        const state = startState(domain, s.initial);
        for (const node of planned.nodes) {
          for (const f of node.requires) expect(state.has(domain.facts.name(f))).toBe(true);
          for (const f of node.provides) state.add(domain.facts.name(f));
        }
        for (const f of s.goal) expect(state.has(f)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('never chooses an excluded action, nor one whose declared facts all hold at the start', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const domain = domainOf(s);
        fc.pre(s.goal.every((f) => reachable(domain, s).has(f)));
        const planned = plan(domain, s);
        for (const node of planned.nodes) {
          expect(s.exclude).not.toContain(node.id);
          const declared = node.declared.map((f) => domain.facts.name(f));
          if (declared.length > 0) expect(declared.every((f) => s.initial.includes(f))).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('links each node to earlier nodes only, and keeps only nodes something later or the goal needs', () => {
    fc.assert(
      fc.property(scenarios, (s) => {
        const domain = domainOf(s);
        fc.pre(s.goal.every((f) => reachable(domain, s).has(f)));
        const planned = plan(domain, s);
        const used = new Set(planned.preds.flat());
        planned.nodes.forEach((node, i) => {
          for (const p of planned.preds[i]!) expect(p).toBeLessThan(i);
          const givesGoal = node.provides.some((f) => s.goal.includes(domain.facts.name(f)));
          expect(givesGoal || used.has(i)).toBe(true);
        });
        expect(planned.cost).toBe(planned.nodes.reduce((sum, node) => sum + node.cost, 0));
      }),
      { numRuns: 500 },
    );
  });
});
