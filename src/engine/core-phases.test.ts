import { describe, expect, it } from 'vitest';
import { settle } from './core.js';
import type { EngineEvent } from './events.js';
import { Scenario, started, types } from './scenario.test.js';

const cancelled = (events: readonly EngineEvent[]) => events.flatMap((e) => (e.type === 'action.cancelled' ? [e.action] : []));

describe('gates', () => {
  const gated = `
    phases:
      - id: build
        actions: [{ id: compile, run: make }]
        gate: [{ name: tests, run: npm test }]
      - id: release
        actions:
          - { id: tag, run: git tag }
          - { id: announce, run: ./announce, needs: [tag] }
      - id: docs
        after: []
        actions: [{ id: write-docs, run: ./docs, estimate: 10m }]
  `;

  it('runs the checks of a phase once its actions are done, and then the next phase', () => {
    const run = Scenario.yaml(gated);
    expect(started(run.start())).toEqual(['compile', 'write-docs']);
    expect(run.exit('compile', 'succeeded', 60_000)).toEqual([{ type: 'gate.started', phase: 'build', iteration: 1 }]);
    expect(run.status('tag')).toBe('waiting');
    expect(started(run.gate('build', true))).toEqual(['tag']);
    expect(run.state.facts.has('phase:build')).toBe(true);
  });

  it('fails the phase when a check fails, cancels the later phases and lets independent phases finish', () => {
    const run = Scenario.yaml(gated);
    run.start();
    run.exit('compile', 'succeeded', 60_000);
    const decided = run.gate('build', false);
    expect(decided[0]).toEqual({ type: 'action.failed', action: 'gate:build', reason: 'gate failed: tests' });
    expect(cancelled(decided).sort()).toEqual(['announce', 'gate:release', 'tag']);
    expect(decided).toContainEqual({ type: 'action.cancelled', action: 'tag', reason: 'the gate of phase build failed' });
    expect(types(decided)).not.toContain('run.finished');
    expect(run.status('write-docs')).toBe('running');
    expect(run.exit('write-docs', 'succeeded', 10 * 60_000)).toEqual([
      { type: 'gate.finished', phase: 'docs', passed: true, checks: [] },
      { type: 'run.finished', status: 'failed', reason: 'goal not reached (phase:build, phase:release): gate:build: gate failed: tests' },
    ]);
  });

  it('passes a phase without checks at once, with no round trip to a driver', () => {
    const run = Scenario.yaml(`
      phases:
        - { id: one, actions: [{ id: a, run: "true" }] }
        - { id: two, actions: [{ id: b, run: "true" }] }
    `);
    run.start();
    expect(run.exit('a')).toEqual([
      { type: 'gate.finished', phase: 'one', passed: true, checks: [] },
      { type: 'attempt.started', action: 'b', attempt: 1, iteration: 1 },
    ]);
  });

  it('counts a gate result reported twice only once', () => {
    const run = Scenario.yaml(`
      phases:
        - { id: a, actions: [{ id: quick, run: "true", estimate: 1m }], gate: [npm test] }
        - { id: b, after: [], actions: [{ id: slow, run: "true", estimate: 2h }] }
        - { id: c, after: [a, b], actions: [{ id: final, run: "true" }] }
    `);
    run.start();
    run.exit('quick');
    expect(run.gate('a', true)).toEqual([]);
    expect(run.gate('a', true)).toEqual([]);
    expect(run.status('final')).toBe('waiting');
    expect(started(run.exit('slow', 'succeeded', 2 * 3_600_000))).toEqual(['final']);
  });
});

describe('loop phases', () => {
  const loop = (bound: number, until = 'until: good_enough') => `
    sensors:
      good_enough: { run: ./score-ok }
    phases:
      - id: polish
        mode: loop
        ${until}
        max_iterations: ${bound}
        actions:
          - { id: improve, run: ./improve }
          - { id: review, run: ./review, needs: [improve] }
        gate: [{ name: score, run: ./score }]
  `;

  it('asks the sensor after each round and goes round again, with fresh attempts, until it holds', () => {
    const run = Scenario.yaml(loop(5));
    expect(run.start()).toEqual([{ type: 'attempt.started', action: 'improve', attempt: 1, iteration: 1 }]);
    run.exit('improve');
    expect(run.exit('review')).toEqual([{ type: 'loop.check', phase: 'polish', iteration: 1 }]);
    expect(run.check('polish', false)).toEqual([
      { type: 'loop.repeat', phase: 'polish', iteration: 2 },
      { type: 'attempt.started', action: 'improve', attempt: 2, iteration: 2 },
    ]);
    expect(run.exit('improve')).toEqual([{ type: 'attempt.started', action: 'review', attempt: 2, iteration: 2 }]);
    expect(run.exit('review')).toEqual([{ type: 'loop.check', phase: 'polish', iteration: 2 }]);
    expect(run.check('polish', false)).toEqual([
      { type: 'loop.repeat', phase: 'polish', iteration: 3 },
      { type: 'attempt.started', action: 'improve', attempt: 3, iteration: 3 },
    ]);
    run.exit('improve');
    expect(run.exit('review')).toEqual([{ type: 'loop.check', phase: 'polish', iteration: 3 }]);
    expect(run.check('polish', true)).toEqual([{ type: 'gate.started', phase: 'polish', iteration: 3 }]);
    expect(run.gate('polish', true)).toEqual([{ type: 'run.finished', status: 'succeeded', reason: 'goal reached' }]);
  });

  it('fails when max_iterations is reached and the condition still does not hold', () => {
    const run = Scenario.yaml(loop(2));
    run.start();
    run.exit('improve');
    run.exit('review');
    run.check('polish', false);
    run.exit('improve');
    run.exit('review');
    const reason = 'loop reached max_iterations (2) and "good_enough" still does not hold';
    expect(run.check('polish', false)).toEqual([
      { type: 'action.failed', action: 'gate:polish', reason },
      { type: 'run.finished', status: 'failed', reason: `goal not reached (phase:polish): gate:polish: ${reason}` },
    ]);
  });

  it('runs a loop without a condition exactly max_iterations rounds, then its gate', () => {
    const run = Scenario.yaml(loop(3, '')).play();
    expect(run.state.status).toBe('succeeded');
    expect(started(run.events('attempt.started'))).toEqual(['improve', 'review', 'improve', 'review', 'improve', 'review']);
    expect(run.events('loop.repeat').map((e) => e.iteration)).toEqual([2, 3]);
    expect(run.events('loop.check')).toEqual([]);
    expect(run.events('gate.started')).toEqual([{ type: 'gate.started', phase: 'polish', iteration: 3 }]);
  });

  it('reads a condition that no sensor measures from the facts, without asking a driver', () => {
    const run = Scenario.yaml(`
      phases:
        - id: polish
          mode: loop
          until: polished
          max_iterations: 3
          actions: [{ id: improve, run: ./improve, provides: [polished] }]
    `);
    run.start();
    expect(run.exit('improve')).toEqual([
      { type: 'loop.checked', phase: 'polish', holds: true },
      { type: 'gate.finished', phase: 'polish', passed: true, checks: [] },
      { type: 'run.finished', status: 'succeeded', reason: 'goal reached' },
    ]);
  });

  it('makes what waits on a loop’s action wait for its latest round too', () => {
    const run = Scenario.yaml(`
      phases:
        - id: polish
          mode: loop
          max_iterations: 2
          actions: [{ id: improve, run: ./improve, estimate: 1m }]
        - id: docs
          after: []
          actions:
            - { id: research, run: ./research, estimate: 2h }
            - { id: write-up, run: ./write, needs: [improve, research] }
    `);
    expect(started(run.start())).toEqual(['research', 'improve']);
    expect(started(run.exit('improve'))).toEqual(['improve']);
    expect(run.exit('improve')).toEqual([{ type: 'gate.finished', phase: 'polish', passed: true, checks: [] }]);
    expect(run.status('write-up')).toBe('waiting');
    expect(started(run.exit('research', 'succeeded', 2 * 3_600_000))).toEqual(['write-up']);
  });
});

describe('a loop after a replan', () => {
  it('keeps the order of its actions and ends a round only when all of them are done', () => {
    const run = Scenario.yaml(`
      goal: [shipped, phase:polish]
      phases:
        - id: build
          actions:
            - { id: build-cached, run: ./build --cache, provides: [artifact], cost: 1, estimate: 10m }
            - { id: build-clean, run: ./build, provides: [artifact], cost: 100, estimate: 30m }
            - { id: ship, run: ./ship, requires: [artifact], provides: [shipped], estimate: 5m }
        - id: polish
          after: []
          mode: loop
          max_iterations: 2
          actions:
            - { id: improve, run: ./improve, estimate: 20m }
            - { id: review, run: ./review, needs: [improve], estimate: 10m }
    `);
    expect(started(run.start())).toEqual(['improve', 'build-cached']);
    expect(started(run.exit('improve'))).toEqual(['review']);
    const replanned = run.exit('build-cached', 'failed', 0);
    expect(replanned[1]).toMatchObject({ type: 'run.planned', actions: ['build-clean', 'ship', 'review'] });
    expect(started(run.exit('review'))).toEqual(['improve']);
    expect(run.status('review')).toBe('waiting');
    expect(run.exit('improve')).toEqual([{ type: 'attempt.started', action: 'review', attempt: 2, iteration: 2 }]);
    expect(run.exit('review')).toEqual([{ type: 'gate.finished', phase: 'polish', passed: true, checks: [] }]);
  });
});

describe('phases that need approval', () => {
  const gatedByApproval = `
    phases:
      - id: build
        actions: [{ id: compile, run: make }]
      - id: publish
        approve: true
        actions:
          - { id: tag, run: git tag }
          - { id: notes, run: ./notes }
          - { id: announce, run: ./announce, needs: [tag, notes] }
  `;

  it('holds the phase’s ready actions and asks once; nothing starts until a person approves', () => {
    const run = Scenario.yaml(gatedByApproval);
    run.start();
    expect(run.exit('compile')).toEqual([
      { type: 'gate.finished', phase: 'build', passed: true, checks: [] },
      { type: 'phase.waiting', phase: 'publish' },
    ]);
    expect(run.ids('held')).toEqual(['tag', 'notes']);
    expect(settle(run.state)).toEqual([]);
    expect(run.approve('publish')).toEqual([
      { type: 'attempt.started', action: 'tag', attempt: 1, iteration: 1 },
      { type: 'attempt.started', action: 'notes', attempt: 1, iteration: 1 },
    ]);
    expect(run.exitAll(['tag', 'notes'])).toEqual([{ type: 'attempt.started', action: 'announce', attempt: 1, iteration: 1 }]);
    expect(run.events('phase.waiting')).toHaveLength(1);
  });

  it('approves by itself with --yes', () => {
    const run = Scenario.yaml(gatedByApproval, { yes: true });
    run.start();
    expect(types(run.exit('compile'))).toEqual(['gate.finished', 'phase.waiting', 'phase.approved', 'attempt.started', 'attempt.started']);
    expect(run.events('phase.approved')).toEqual([{ type: 'phase.approved', phase: 'publish', by: '--yes' }]);
  });

  it('does not finish a run whose only remaining work waits for approval', () => {
    const run = Scenario.yaml(`
      phases:
        - { id: deploy, approve: true, actions: [{ id: ship, run: ./ship }] }
        - { id: docs, after: [], actions: [{ id: write, run: ./docs }] }
    `);
    expect(run.start()).toEqual([
      { type: 'phase.waiting', phase: 'deploy' },
      { type: 'attempt.started', action: 'write', attempt: 1, iteration: 1 },
    ]);
    expect(run.exit('write')).toEqual([{ type: 'gate.finished', phase: 'docs', passed: true, checks: [] }]);
    expect(settle(run.state)).toEqual([]);
    expect(run.state.status).toBe('running');
    expect(started(run.approve('deploy'))).toEqual(['ship']);
    expect(types(run.exit('ship'))).toEqual(['gate.finished', 'run.finished']);
    expect(run.state.status).toBe('succeeded');
  });
});
