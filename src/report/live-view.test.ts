import { describe, expect, it } from 'vitest';
import type { Io } from '../cli/io.js';
import { newRunState, stepAll } from '../engine/core.js';
import type { EngineEvent, StoredEvent } from '../engine/events.js';
import { plannedEvent } from '../engine/planned-event.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import { testPlan } from '../planner/test-plan.js';
import { LiveView } from './live-view.js';

describe('the live view on a terminal', () => {
  it('redraws a progress bar, counts and a line per running attempt, and keeps failures above it', () => {
    let screen = '';
    const io: Io = { out: (text) => (screen += text), err: () => undefined, color: false, live: true };
    const plan = testPlan({ agents: { dev: 2 }, actions: [{ id: 'build', agent: 'dev' }, { id: 'lint', agent: 'dev' }, { id: 'ship', needs: ['build', 'lint'] }] });
    const goal = defaultGoal(plan);
    const state = newRunState(plan, { concurrency: 4, failFast: false, yes: true, goal, workers: null, retryBackoffMs: 1000 });
    const view = new LiveView(io, state, 'r1');
    let seq = 0;
    const feed = (events: readonly EngineEvent[]) => {
      const decided = stepAll(state, events, 1000 + seq);
      for (const event of [...events, ...decided]) view.update({ run: 'r1', seq: ++seq, at: 1000 + seq, event } satisfies StoredEvent);
    };
    feed([{ type: 'run.created', file: 'p.yaml', planText: '', options: state.options }, { type: 'run.sensed', facts: [] }, plannedEvent(planActions(buildDomain(plan), { initial: new Set(), goal }))]);
    feed([{ type: 'attempt.exited', action: 'lint', attempt: 1, outcome: 'failed', exitCode: 2, signal: null, durationMs: 5, verify: [] }]);
    view.close();
    const lastBlock = screen.slice(screen.lastIndexOf('\x1b[J') + 3);
    expect(lastBlock).toMatch(/░+ 0\/3 done · 1 running · 0 waiting · 2 failed · \S+ · r1/);
    expect(lastBlock).toMatch(/▶ build\s+dev · main/);
    expect(screen).toContain('✗ lint exit 2');
    expect(screen).toContain('lint failed for good');
  });

  it('counts actions waiting to merge and actions blocked on a conflict, in git runs', () => {
    let screen = '';
    const io: Io = { out: (text) => (screen += text), err: () => undefined, color: false, live: true };
    const base = testPlan({ actions: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] });
    const plan = { ...base, phases: base.phases.map((phase) => ({ ...phase, conflicts: { ...phase.conflicts, policy: 'escalate' as const } })) };
    const goal = defaultGoal(plan);
    const workspace = { root: '/repo', prefix: '', base: 'main', baseCommit: 'c0', integration: 'baton/r1' };
    const state = newRunState(plan, { concurrency: 4, failFast: false, yes: true, goal, workers: null, retryBackoffMs: 1000, workspace });
    const view = new LiveView(io, state, 'r1');
    let seq = 0;
    const feed = (events: readonly EngineEvent[]) => {
      const decided = stepAll(state, events, 1000 + seq);
      for (const event of [...events, ...decided]) view.update({ run: 'r1', seq: ++seq, at: 1000 + seq, event } satisfies StoredEvent);
    };
    const exit = (action: string): EngineEvent => ({ type: 'attempt.exited', action, attempt: 1, outcome: 'succeeded', exitCode: 0, signal: null, durationMs: 5, verify: [], commit: 'c1' });
    feed([{ type: 'run.created', file: 'p.yaml', planText: '', options: state.options }, { type: 'run.sensed', facts: [] }, plannedEvent(planActions(buildDomain(plan), { initial: new Set(), goal }))]);
    feed([exit('a'), exit('b')]);
    feed([{ type: 'merge.finished', action: 'a', attempt: 1, result: 'conflict', files: [], conflict: { files: ['x'], ours: ['c'], theirs: 'a' } }]);
    view.close();
    const lastBlock = screen.slice(screen.lastIndexOf('\x1b[J') + 3);
    expect(lastBlock).toMatch(/0\/3 done · 1 running · 1 merging · 1 blocked · 0 waiting · 0 failed/);
    expect(screen).toContain('a blocked: merge conflict on x with c');
  });
});
