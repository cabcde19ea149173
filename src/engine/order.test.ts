import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/model.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import { testPlan } from '../planner/test-plan.js';
import type { TestAction } from '../planner/test-plan.js';
import type { RunOptions } from './events.js';
import { plannedEvent } from './planned-event.js';
import { simulate } from './simulate.js';

function simulated(plan: Plan, workers: number, order?: RunOptions['order']) {
  const goal = plan.goal ?? defaultGoal(plan);
  const options: RunOptions = { concurrency: Infinity, failFast: false, yes: true, goal, workers, retryBackoffMs: 1000, ...(order ? { order } : {}) };
  const event = plannedEvent(planActions(buildDomain(plan), { initial: new Set(), goal }));
  if (event.type !== 'run.planned') throw new Error('unreachable');
  return simulate({ plan, options, facts: [], planned: event });
}

const startOrder = (plan: Plan, workers: number, order?: RunOptions['order']) =>
  simulated(plan, workers, order).schedule.map((entry) => entry.id);

describe('the order in which ready actions start', () => {
  // Written first but ready last: `late` waits for `x`; `x` and `y` are ready at once.
  const actions: TestAction[] = [{ id: 'late', needs: ['x'] }, { id: 'x' }, { id: 'y' }];

  it('is critical-path-first by default: the longest chain behind an action wins, then file order', () => {
    // x has `late` behind it (bottom level 120 s), y nothing (60 s); then late and y tie and late is written first.
    expect(startOrder(testPlan({ actions }), 1)).toEqual(['x', 'late', 'y']);
    expect(startOrder(testPlan({ actions }), 1, 'critical-path')).toEqual(['x', 'late', 'y']);
  });

  it('is the order actions became ready under fifo, ties by file order', () => {
    // x and y become ready together (x is written first); late becomes ready only when x is done, after y.
    expect(startOrder(testPlan({ actions }), 1, 'fifo')).toEqual(['x', 'y', 'late']);
  });

  it('makes critical-path-first finish sooner when a long chain hides behind a short action', () => {
    const plan = testPlan({
      actions: [{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd', needs: ['c'], estimate: 600 }],
    });
    const critical = simulated(plan, 2);
    const fifo = simulated(plan, 2, 'fifo');
    expect(critical.schedule.slice(0, 2).map((s) => s.id)).toEqual(['c', 'a']);
    expect(fifo.schedule.slice(0, 2).map((s) => s.id)).toEqual(['a', 'b']);
    expect(critical.makespanS).toBe(660);
    expect(fifo.makespanS).toBe(720);
    expect(fifo.status).toBe('succeeded');
  });
});
