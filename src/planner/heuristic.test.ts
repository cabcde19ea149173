import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';
import { buildDomain } from './domain.js';
import type { Domain } from './domain.js';
import { COST_CAP, factShares, relaxedCosts, WaitCheck } from './heuristic.js';
import { testPlan } from './test-plan.js';
import type { TestAction } from './test-plan.js';

function costs(actions: TestAction[], options: { initial?: string[]; exclude?: string[] } = {}) {
  const domain: Domain = buildDomain(testPlan({ actions }));
  const initial = new Bitset(domain.facts.size);
  for (const fact of options.initial ?? []) initial.add(domain.facts.id(fact)!);
  const excluded = new Uint8Array(domain.nodes.length);
  for (const id of options.exclude ?? []) excluded[domain.byId.get(id)!] = 1;
  const result = relaxedCosts(domain, initial, excluded);
  return (fact: string): number => result.fact[domain.facts.id(fact)!]!;
}

describe('relaxedCosts (h_add)', () => {
  it('is exact when requirements form a tree', () => {
    const h = costs([
      { id: 'a', provides: ['x'], cost: 3 },
      { id: 'b', requires: ['x'], provides: ['y'], cost: 4 },
      { id: 'c', provides: ['z'], cost: 2 },
      { id: 'd', requires: ['y', 'z'], provides: ['goal'], cost: 1 },
    ]);
    expect(h('goal')).toBe(10);
  });

  it('counts a shared requirement once per use, overestimating the true cost', () => {
    const h = costs([
      { id: 'base', provides: ['base'], cost: 10 },
      { id: 'left', requires: ['base'], provides: ['left'], cost: 1 },
      { id: 'right', requires: ['base'], provides: ['right'], cost: 1 },
      { id: 'top', requires: ['left', 'right'], provides: ['goal'], cost: 1 },
    ]);
    expect(h('goal')).toBe(23); // the cheapest plan costs 13
  });

  it('takes the cheapest provider, counts facts that hold as free and excluded providers as absent', () => {
    const actions = [
      { id: 'dear', provides: ['x'], cost: 9 },
      { id: 'cheap', requires: ['w'], provides: ['x'], cost: 1 },
      { id: 'make-w', provides: ['w'], cost: 5 },
    ];
    expect(costs(actions)('x')).toBe(6);
    expect(costs(actions, { initial: ['w'] })('x')).toBe(1);
    expect(costs(actions, { exclude: ['dear', 'cheap'] })('x')).toBe(Infinity);
  });

  it('marks facts reachable only through a cycle as unreachable', () => {
    const h = costs([
      { id: 'egg', requires: ['chicken'], provides: ['egg'] },
      { id: 'hen', requires: ['egg'], provides: ['chicken'] },
    ]);
    expect(h('egg')).toBe(Infinity);
  });

  it('caps costs that grow geometrically instead of overflowing to Infinity', () => {
    const actions: TestAction[] = [{ id: 's0', provides: ['f0'], cost: 1 }];
    for (let i = 1; i < 1200; i++) {
      actions.push({ id: `l${i}`, requires: [`f${i - 1}`], provides: [`l${i}`], cost: 1 });
      actions.push({ id: `r${i}`, requires: [`f${i - 1}`], provides: [`r${i}`], cost: 1 });
      actions.push({ id: `s${i}`, requires: [`l${i}`, `r${i}`], provides: [`f${i}`], cost: 1 });
    }
    expect(costs(actions)('f1199')).toBe(COST_CAP);
  });
});

describe('factShares', () => {
  it('charges each fact the cheapest share of a provider, split over the facts it provides that something needs', () => {
    const domain = buildDomain(
      testPlan({
        actions: [
          { id: 'both', provides: ['x', 'y'], cost: 12 },
          { id: 'only-x', provides: ['x'], cost: 6 },
          { id: 'after-both', needs: ['both'], requires: ['y'], provides: ['z'], cost: 1 },
        ],
      }),
    );
    const id = (fact: string) => domain.facts.id(fact)!;
    const costs = relaxedCosts(domain, new Bitset(domain.facts.size), new Uint8Array(domain.nodes.length));
    const share = factShares(domain, costs.node, [id('x'), id('z')]);
    // `both` makes three facts that something needs (x, y and done:both) and is charged 4 for each.
    expect([share[id('x')], share[id('y')], share[id('done:both')]]).toEqual([4, 4, 4]);
  });
});

describe('WaitCheck', () => {
  function check(actions: TestAction[]) {
    const domain = buildDomain(testPlan({ actions }));
    const costs = relaxedCosts(domain, new Bitset(domain.facts.size), new Uint8Array(domain.nodes.length));
    const waits = new WaitCheck(domain, costs);
    return (node: string, fact: string) => waits.waitsFor(domain.byId.get(node)!, domain.facts.id(fact)!);
  }

  it('tells a provider that can only start once its fact holds from one that has another way in', () => {
    const cycle: TestAction[] = [
      { id: 'late', requires: ['step'], provides: ['top'], cost: 1 },
      { id: 'step', requires: ['top'], provides: ['step'], cost: 1 },
      { id: 'early', provides: ['top'], cost: 5 },
    ];
    expect(check(cycle)('late', 'top')).toBe(true);
    expect(check(cycle)('early', 'top')).toBe(false);
    const otherWay = [...cycle, { id: 'also-step', provides: ['step'], cost: 50 }];
    expect(check(otherWay)('late', 'top')).toBe(false);
  });

  it('answers quickly on deep shared requirements, where h_add is capped and cannot tell facts apart', () => {
    const actions: TestAction[] = [{ id: 's0', provides: ['f0'], cost: 1 }];
    for (let i = 1; i < 1200; i++) {
      actions.push({ id: `l${i}`, requires: [`f${i - 1}`], provides: [`l${i}`], cost: 1 });
      actions.push({ id: `r${i}`, requires: [`f${i - 1}`], provides: [`r${i}`], cost: 1 });
      actions.push({ id: `s${i}`, requires: [`l${i}`, `r${i}`], provides: [`f${i}`], cost: 1 });
    }
    actions.push({ id: 'alt', requires: ['f1198'], provides: ['f1199'], cost: 1 });
    const waits = check(actions);
    expect(waits('alt', 'f1199')).toBe(false);
    expect(waits('s1199', 'f1199')).toBe(false);
  });
});
