import { describe, expect, it } from 'vitest';
import { newRunState, replay, settle } from './core.js';
import type { EngineState } from './state.js';
import { Scenario, runOptions, started, yamlPlan } from './scenario.test.js';
import type { Script } from './scenario.test.js';

/** A run with a retried action, a replan around a failed one and a loop that goes round three times. */
const plan = yamlPlan(`
  goal: [shipped, phase:polish]
  sensors:
    good_enough: { run: ./score-ok }
  phases:
    - id: build
      actions:
        - { id: fetch, run: ./fetch, provides: [sources], retries: 2, estimate: 5m }
        - { id: build-cached, run: ./build --cache, requires: [sources], provides: [artifact], cost: 1, estimate: 10m }
        - { id: build-clean, run: ./build, requires: [sources], provides: [artifact], cost: 100, estimate: 30m }
        - { id: ship, run: ./ship, requires: [artifact], provides: [shipped], estimate: 5m }
    - id: polish
      after: []
      mode: loop
      until: good_enough
      max_iterations: 4
      actions:
        - { id: improve, run: ./improve, estimate: 20m }
        - { id: review, run: ./review, needs: [improve], estimate: 10m }
      gate: [{ name: score, run: ./score }]
`);

const script: Script = {
  attempts: { fetch: ['failed', 'timed_out'], 'build-cached': ['failed'] },
  until: { polish: [false, false] },
};

/** Everything the fold keeps, in plain values: what a replay must rebuild. */
function snapshot(state: EngineState) {
  const sorted = <T>(values: Iterable<T>) => [...values].sort();
  return {
    status: state.status,
    reason: state.reason,
    now: state.now,
    nodes: state.nodes.map((node, index) => ({ id: state.domain.nodes[index]!.id, ...structuredClone(node) })),
    facts: sorted(state.facts),
    failed: sorted(state.failed),
    phases: [...state.phases].map(([id, phase]) => ({ id, ...phase, held: sorted(phase.held) })),
    running: state.running,
    runningByPool: [...state.runningByPool],
    resourcesInUse: [...state.resourcesInUse],
    retryAt: sorted(state.retryAt),
    errored: sorted(state.errored),
    readyGates: sorted(state.readyGates),
    mergeQueue: [...state.mergeQueue],
    merging: state.merging,
    conflicted: sorted(state.conflicted),
    reopen: [...state.reopen],
    trackHolders: [...state.trackHolders],
  };
}

const fresh = () => newRunState(plan, runOptions(plan));

describe('replaying the stored events', () => {
  it('rebuilds the state the run had, after every tick and at the end', () => {
    const run = Scenario.of(plan);
    const ticks: { length: number; state: ReturnType<typeof snapshot> }[] = [];
    run.onTick = (state) => ticks.push({ length: run.log.length, state: snapshot(state) });
    run.play(script);

    expect(run.state.status).toBe('succeeded');
    expect(run.events('retry.scheduled').map((e) => e.action)).toEqual(['fetch', 'fetch']);
    expect(run.events('run.planned').map((e) => e.actions.toSorted())).toEqual([
      ['build-cached', 'fetch', 'improve', 'review', 'ship'],
      ['build-clean', 'review', 'ship'],
    ]);
    expect(run.events('loop.repeat').map((e) => e.iteration)).toEqual([2, 3]);

    const rebuilt = replay(fresh(), run.log);
    expect(snapshot(rebuilt)).toEqual(snapshot(run.state));
    for (const tick of ticks) {
      const state = replay(fresh(), run.log.slice(0, tick.length));
      expect(snapshot(state)).toEqual(tick.state);
      expect(settle(state)).toEqual([]);
    }
  });

  it('resumes a run that crashed with an attempt in flight, rerunning that action once', () => {
    const crashed = Scenario.of(plan).play({ ...script, crashAfter: (e) => e.type === 'attempt.started' && e.action === 'build-clean' });
    const stored = crashed.log;
    expect(stored.at(-1)?.event).toMatchObject({ type: 'attempt.started', action: 'build-clean', attempt: 1 });

    const { scenario: resumed, decided } = Scenario.resume(plan, runOptions(plan), stored);
    expect(started(decided)).toContain('build-clean');
    expect(decided).toContainEqual({ type: 'attempt.started', action: 'build-clean', attempt: 2, iteration: 1 });
    resumed.play({ until: { polish: [false] } });

    expect(resumed.state.status).toBe('succeeded');
    const afterCrash = resumed.log.slice(stored.length).map((s) => s.event);
    expect(started(afterCrash).filter((id) => id === 'build-clean')).toHaveLength(1);
    expect(resumed.node('build-clean')).toMatchObject({ status: 'done', attempts: 2, failures: 0 });
    expect(resumed.state.facts).toEqual(Scenario.of(plan).play(script).state.facts);
  });

  const inFlight = yamlPlan(`
    sensors:
      good_enough: { run: ./score-ok }
    phases:
      - id: build
        actions: [{ id: compile, run: make, retries: 1 }]
        gate: [npm test]
      - id: polish
        mode: loop
        until: good_enough
        max_iterations: 3
        actions: [{ id: improve, run: ./improve }]
  `);

  it.each([
    ['a retry delay', 'retry.scheduled', { type: 'attempt.started', action: 'compile', attempt: 2, iteration: 1 }],
    ['a gate’s checks', 'gate.started', { type: 'gate.started', phase: 'build', iteration: 1 }],
    ['a loop’s check', 'loop.check', { type: 'loop.check', phase: 'polish', iteration: 1 }],
  ] as const)('starts %s again that was under way when baton crashed', (_, type, again) => {
    const crashed = Scenario.of(inFlight).play({ attempts: { compile: ['failed'] }, crashAfter: (e) => e.type === type });
    const { scenario, decided } = Scenario.resume(inFlight, runOptions(inFlight), crashed.log);
    expect(decided).toEqual([again]);
    expect(scenario.play().state.status).toBe('succeeded');
  });
});

describe('replaying a run that integrates in git', () => {
  const gitPlan = yamlPlan(`
    conflicts: owner
    agents: { dev: { use: shell, workspace: track } }
    phases:
      - id: one
        actions:
          - { id: a, run: "true", estimate: 2h }
          - { id: b, run: "true", files: ["x.txt"], parallel_ok: true }
          - { id: t, agent: dev, run: "true", files: ["docs/**"] }
      - id: two
        conflicts: escalate
        actions: [{ id: c, run: "true" }, { id: d, run: "true" }]
  `);
  const workspace = { root: '/repo', prefix: '', base: 'main', baseCommit: 'c0', integration: 'baton/r' };
  const options = runOptions(gitPlan, { workspace });

  it('rebuilds merges, conflicts, reopens and blocks exactly, after every step', () => {
    const run = Scenario.of(gitPlan, { workspace });
    const ticks: { length: number; state: ReturnType<typeof snapshot> }[] = [];
    run.onTick = (state) => ticks.push({ length: run.log.length, state: snapshot(state) });
    const merged = (action: string, extra: object = {}) =>
      run.report({ type: 'merge.finished', action, attempt: run.node(action).attempts, result: 'merged', files: [], ...extra });
    run.start();
    run.exitAll(['a', 'b', 't']);
    merged('a');
    run.report({ type: 'merge.finished', action: 'b', attempt: 1, result: 'conflict', files: [], conflict: { files: ['x.txt'], ours: ['a'], theirs: 'b' } });
    merged('b', { overridden: ['x.txt'] });
    merged('t');
    run.exit('a');
    merged('a');
    run.gate('one', true);
    run.exitAll(['c', 'd']);
    merged('c');
    run.report({ type: 'merge.finished', action: 'd', attempt: 1, result: 'conflict', files: [], conflict: { files: ['y'], ours: ['c'], theirs: 'd' } });
    expect(run.status('d')).toBe('blocked');
    run.report({ type: 'action.resolved', action: 'd', by: 'me' });
    merged('d');
    run.gate('two', true);
    expect(run.state.status).toBe('succeeded');
    expect(run.node('a').attempts).toBe(2);

    for (const tick of ticks) {
      const state = replay(newRunState(gitPlan, options), run.log.slice(0, tick.length));
      expect(snapshot(state)).toEqual(tick.state);
      expect(settle(state)).toEqual([]);
    }
    expect(snapshot(replay(newRunState(gitPlan, options), run.log))).toEqual(snapshot(run.state));
  });
});
