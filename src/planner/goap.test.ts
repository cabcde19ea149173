import { describe, expect, it } from 'vitest';
import { GoalUnreachableError, SearchBoundError } from '../errors.js';
import { buildDomain, defaultGoal } from './domain.js';
import { planActions } from './goap.js';
import type { PlanActionsOptions, Planned } from './goap.js';
import { testPlan } from './test-plan.js';
import type { TestAction, TestPlanSpec } from './test-plan.js';

function plan(spec: TestPlanSpec, options: Partial<PlanActionsOptions> = {}): Planned {
  const p = testPlan(spec);
  return planActions(buildDomain(p), { initial: new Set(), goal: p.goal ?? defaultGoal(p), ...options });
}

function ids(planned: Planned): string[] {
  return planned.nodes.map((node) => node.id);
}

function unreachable(run: () => unknown): GoalUnreachableError {
  try {
    run();
  } catch (error) {
    if (error instanceof GoalUnreachableError) return error;
    throw error;
  }
  throw new Error('expected GoalUnreachableError');
}

const alternatives: TestPlanSpec = {
  actions: [
    { id: 'slow-cache', provides: ['cache'], cost: 50 },
    { id: 'fast-cache', provides: ['cache'], cost: 5 },
    { id: 'build', requires: ['cache'], provides: ['built'], cost: 10 },
  ],
  goal: ['built'],
};

describe('planActions', () => {
  it('prefers the cheaper of two providers', () => {
    const planned = plan(alternatives);
    expect(ids(planned)).toEqual(['fast-cache', 'build']);
    expect(planned.cost).toBe(15);
  });

  it('finds the alternative provider when replanning without the one that failed', () => {
    const planned = plan(alternatives, { exclude: new Set(['fast-cache']) });
    expect(ids(planned)).toEqual(['slow-cache', 'build']);
  });

  it('replans from facts that already hold without redoing finished work', () => {
    const planned = plan(alternatives, { initial: new Set(['done:fast-cache', 'cache']) });
    expect(ids(planned)).toEqual(['build']);
  });

  it('weighs the whole chain behind a provider, not only its own cost', () => {
    const planned = plan({
      actions: [
        { id: 'cheap-but-needy', requires: ['license'], provides: ['tool'], cost: 1 },
        { id: 'buy-license', provides: ['license'], cost: 100 },
        { id: 'build-tool', provides: ['tool'], cost: 20 },
      ],
      goal: ['tool'],
    });
    expect(ids(planned)).toEqual(['build-tool']);
  });

  it('compares alternatives as a whole: one action that provides two facts beats two cheaper ones', () => {
    const planned = plan({
      actions: [
        { id: 'both', provides: ['x', 'y'], cost: 10 },
        { id: 'only-x', provides: ['x'], cost: 6 },
        { id: 'only-y', provides: ['y'], cost: 6 },
      ],
      goal: ['x', 'y'],
    });
    expect(ids(planned)).toEqual(['both']);
  });

  it('plans a deep chain of shared requirements, where h_add grows past its cap, in one pass', () => {
    const actions: TestAction[] = [{ id: 's0', provides: ['f0'] }];
    for (let i = 1; i < 1200; i++) {
      actions.push({ id: `l${i}`, requires: [`f${i - 1}`], provides: [`l${i}`] });
      actions.push({ id: `r${i}`, requires: [`f${i - 1}`], provides: [`r${i}`] });
      actions.push({ id: `s${i}`, requires: [`l${i}`, `r${i}`], provides: [`f${i}`] });
    }
    const planned = plan({ actions, goal: ['f1199'] });
    expect(planned.nodes).toHaveLength(actions.length);
    expect(planned.expansions).toBe(1);
  });

  it('plans only what a sub-goal needs, like make', () => {
    const planned = plan({
      actions: [
        { id: 'fetch', provides: ['sources'] },
        { id: 'compile', requires: ['sources'], provides: ['binary'] },
        { id: 'docs', requires: ['sources'], provides: ['manual'] },
        { id: 'unrelated', provides: ['other'] },
      ],
      goal: ['binary'],
    });
    expect(ids(planned)).toEqual(['fetch', 'compile']);
    expect(planned.preds).toEqual([[], [0]]);
  });

  it('skips an action whose declared facts all hold already, but never one that declares none', () => {
    const planned = plan(
      {
        actions: [
          { id: 'install', provides: ['deps'] },
          { id: 'announce' },
          { id: 'test', requires: ['deps'], needs: ['install'] },
        ],
      },
      { initial: new Set(['deps']) },
    );
    expect(planned.skipped).toEqual(['install']);
    expect(ids(planned)).toEqual(['announce', 'test', 'gate:main']);
  });

  it('runs a sequential phase as a chain in the order written', () => {
    const planned = plan({
      phases: [{ id: 'release', mode: 'sequential' }],
      actions: [{ id: 'tag' }, { id: 'build' }, { id: 'publish' }],
    });
    expect(ids(planned)).toEqual(['tag', 'build', 'publish', 'gate:release']);
    expect(planned.preds.slice(0, 3)).toEqual([[], [0], [0, 1]]);
  });

  it('keeps a sequential phase in order across an action that is skipped', () => {
    const planned = plan(
      {
        phases: [{ id: 'release', mode: 'sequential' }],
        actions: [{ id: 'tag' }, { id: 'build', provides: ['binary'] }, { id: 'publish' }],
      },
      { initial: new Set(['binary']) },
    );
    expect(planned.skipped).toEqual(['build']);
    expect(ids(planned)).toEqual(['tag', 'publish', 'gate:release']);
    expect(planned.preds[1]).toEqual([0]);
  });

  it('orders phases through their gates', () => {
    const planned = plan({
      phases: [{ id: 'one' }, { id: 'two', after: ['one'] }],
      actions: [
        { id: 'a', phase: 'one' },
        { id: 'b', phase: 'one' },
        { id: 'c', phase: 'two' },
      ],
    });
    expect(ids(planned)).toEqual(['a', 'b', 'gate:one', 'c', 'gate:two']);
    const at = (id: string) => ids(planned).indexOf(id);
    expect(planned.preds[at('gate:one')]).toEqual([at('a'), at('b')]);
    expect(planned.preds[at('c')]).toEqual([at('gate:one')]);
  });

  it('plans nothing when the goal holds already', () => {
    const planned = plan(alternatives, { initial: new Set(['built']) });
    expect(planned).toMatchObject({ nodes: [], preds: [], cost: 0 });
  });

  it('gives another provider to a fact met only by an action that itself depends on it', () => {
    // `finish` also provides `base`, but it needs `step`, which needs `base`: only `seed` can go first.
    const planned = plan({
      actions: [
        { id: 'seed', provides: ['base'] },
        { id: 'step', requires: ['base'], provides: ['middle'] },
        { id: 'finish', requires: ['middle'], provides: ['base', 'top'] },
      ],
      goal: ['middle', 'top'],
    });
    expect(ids(planned)).toEqual(['seed', 'step', 'finish']);
  });

  it('says why a fact with no provider cannot be reached, telling known facts and sensors apart', () => {
    const error = unreachable(() =>
      plan({ actions: [], facts: { flag: false }, sensors: ['probe'], goal: ['ghost', 'flag', 'probe'] }),
    );
    expect(error.unreachable).toEqual([
      { fact: 'ghost', reason: 'nothing provides it, it is not a known fact and no sensor measures it' },
      { fact: 'flag', reason: "nothing provides it and the plan's facts say it is false" },
      { fact: 'probe', reason: 'nothing provides it and its sensor did not report it true' },
    ]);
  });

  it('names the providers and the requirement they cannot get, down to its root cause', () => {
    const error = unreachable(() =>
      plan({
        actions: [
          { id: 'a', requires: ['x'], provides: ['goal'] },
          { id: 'b', requires: ['x'], provides: ['goal'] },
          { id: 'c', requires: ['y'], provides: ['x'] },
        ],
        goal: ['goal'],
      }),
    );
    expect(error.unreachable[0]!.reason).toBe(
      'its providers (a, b) need "x", which cannot be reached ' +
        '("x" → "y": nothing provides it, it is not a known fact and no sensor measures it)',
    );
  });

  it('says when the only providers were excluded after failing', () => {
    const error = unreachable(() => plan(alternatives, { exclude: new Set(['fast-cache', 'slow-cache']) }));
    expect(error.unreachable).toEqual([
      {
        fact: 'built',
        reason: 'its providers (build) need "cache", which cannot be reached ("cache": its providers are excluded (failed: slow-cache, fast-cache))',
      },
    ]);
  });

  it('says when requirements only come round in a cycle', () => {
    const error = unreachable(() =>
      plan({
        actions: [
          { id: 'egg', requires: ['chicken'], provides: ['egg'] },
          { id: 'hen', requires: ['egg'], provides: ['chicken'] },
        ],
        goal: ['egg'],
      }),
    );
    expect(error.message).toContain('a cycle: "egg" → "chicken" → "egg"');
  });

  it('gives up with SearchBoundError when alternatives outnumber the bound', () => {
    const actions = Array.from({ length: 6 }, (_, i) => [
      { id: `a${i}`, provides: [`f${i}`], cost: 2 },
      { id: `b${i}`, provides: [`f${i}`], cost: 2 },
    ]).flat();
    expect(() => plan({ actions, goal: actions.map((_, i) => `f${i >> 1}`) }, { maxExpansions: 3 })).toThrow(
      SearchBoundError,
    );
  });

  it('needs a single expansion when nothing has an alternative', () => {
    const actions = Array.from({ length: 100 }, (_, i) => ({ id: `s${i}`, needs: i > 0 ? [`s${i - 1}`] : [] }));
    expect(plan({ actions }).expansions).toBe(1);
  });
});
