import { describe, expect, it } from 'vitest';
import { Scenario, started, types } from './scenario.test.js';

describe('dispatching actions in order', () => {
  it('never starts an action before the actions it needs are done', () => {
    const run = Scenario.yaml(`
      actions:
        - { id: build, run: make }
        - { id: test, run: make test, needs: [build] }
        - { id: package, run: make dist, needs: [build, test] }
    `);
    expect(started(run.start())).toEqual(['build']);
    expect(run.status('test')).toBe('waiting');
    expect(started(run.exit('build'))).toEqual(['test']);
    expect(started(run.exit('test'))).toEqual(['package']);
    expect(types(run.exit('package'))).toEqual(['gate.finished', 'run.finished']);
    expect(run.state.status).toBe('succeeded');
  });

  it('waits for the facts an action requires, whoever provides them', () => {
    const run = Scenario.yaml(`
      actions:
        - { id: deploy, run: ./deploy, requires: [image_built] }
        - { id: image, run: docker build ., provides: [image_built] }
    `);
    expect(started(run.start())).toEqual(['image']);
    expect(started(run.exit('image'))).toEqual(['deploy']);
  });

  it('skips an action whose facts already hold and starts what needs it at once', () => {
    const run = Scenario.yaml(`
      sensors: { deps_installed: { run: test -d node_modules } }
      actions:
        - { id: install, run: npm ci, provides: [deps_installed] }
        - { id: test, run: npm test, needs: [install] }
    `);
    expect(started(run.start(['deps_installed']))).toEqual(['test']);
    expect(run.node('install')).toMatchObject({ status: 'done', attempts: 0, reason: 'skipped: what it provides already holds' });
  });

  it('runs a sequential phase one action at a time, in the order written', () => {
    const run = Scenario.yaml(`
      phases:
        - id: release
          mode: sequential
          actions:
            - { id: bump, run: "true" }
            - { id: changelog, run: "true" }
            - { id: tag, run: "true" }
    `);
    expect(started(run.start())).toEqual(['bump']);
    expect(started(run.exit('bump'))).toEqual(['changelog']);
    expect(started(run.exit('changelog'))).toEqual(['tag']);
  });

  it('starts a later phase only when the earlier phase’s gate has passed', () => {
    const run = Scenario.yaml(`
      phases:
        - { id: one, actions: [{ id: a, run: "true" }], gate: [{ name: tests, run: npm test }] }
        - { id: two, actions: [{ id: b, run: "true" }] }
    `);
    expect(started(run.start())).toEqual(['a']);
    expect(run.exit('a')).toEqual([{ type: 'gate.started', phase: 'one', iteration: 1 }]);
    expect(started(run.gate('one', true))).toEqual(['b']);
  });
});

describe('choosing what to start when capacity is short', () => {
  it('starts the action on the longest remaining chain first, not the first written or the longest alone', () => {
    const run = Scenario.yaml(`
      agents: { dev: { use: shell, concurrency: 1 } }
      actions:
        - { id: big, agent: dev, run: "true", estimate: 1h }
        - { id: small-head, agent: dev, run: "true", estimate: 5m }
        - { id: long-tail, agent: dev, run: "true", estimate: 2h, needs: [small-head] }
    `);
    expect(started(run.start())).toEqual(['small-head']);
    expect(started(run.exit('small-head'))).toEqual(['long-tail']);
    expect(started(run.exit('long-tail'))).toEqual(['big']);
  });

  it('breaks a tie in chain length by priority, then by the order written, whichever agents run them', () => {
    const run = Scenario.yaml(
      `
      agents: { dev: { use: shell }, qa: { use: shell } }
      actions:
        - { id: docs, agent: dev, run: "true", priority: low }
        - { id: hotfix, agent: qa, run: "true", priority: critical }
        - { id: refactor, agent: dev, run: "true" }
        - { id: lint, agent: qa, run: "true" }
    `,
      { concurrency: 1 },
    );
    expect(started(run.start())).toEqual(['hotfix']);
    expect(started(run.exit('hotfix'))).toEqual(['refactor']);
    expect(started(run.exit('refactor'))).toEqual(['lint']);
    expect(started(run.exit('lint'))).toEqual(['docs']);
  });

  it('lets interchangeable workers replace every agent’s own limit', () => {
    const run = Scenario.yaml(
      `
      agents: { dev: { use: shell, concurrency: 1 } }
      actions:
        - { id: a, agent: dev, run: "true" }
        - { id: b, agent: dev, run: "true" }
        - { id: c, agent: dev, run: "true" }
        - { id: d, agent: dev, run: "true" }
    `,
      { workers: 3 },
    );
    expect(started(run.start())).toEqual(['a', 'b', 'c']);
  });

  it('never runs more attempts of an agent than its concurrency', () => {
    const run = Scenario.yaml(`
      agents: { dev: { use: shell, concurrency: 2 } }
      actions:
        - { id: a, agent: dev, run: "true", estimate: 4h }
        - { id: b, agent: dev, run: "true", estimate: 3h }
        - { id: c, agent: dev, run: "true", estimate: 2h }
        - { id: d, agent: dev, run: "true", estimate: 1h }
    `);
    expect(started(run.start())).toEqual(['a', 'b']);
    expect(started(run.exit('b'))).toEqual(['c']);
    expect(run.ids('running')).toEqual(['a', 'c']);
    expect(run.state.runningByPool.get('dev')).toBe(2);
  });

  it('never runs more attempts in all than the global concurrency, whatever the agents allow', () => {
    const run = Scenario.yaml(
      `
      agents: { dev: { use: shell, concurrency: 5 }, qa: { use: shell, concurrency: 5 } }
      actions:
        - { id: a, agent: dev, run: "true", estimate: 4h }
        - { id: b, agent: qa, run: "true", estimate: 3h }
        - { id: c, agent: dev, run: "true", estimate: 2h }
        - { id: d, agent: qa, run: "true", estimate: 1h }
    `,
      { concurrency: 2 },
    );
    expect(started(run.start())).toEqual(['a', 'b']);
    expect(run.exitAll(['a', 'b']).filter((e) => e.type === 'attempt.started')).toHaveLength(2);
    expect(run.state.running).toBe(2);
  });

  it('lets a named resource be held only up to its capacity, while actions that do not use it go on', () => {
    const run = Scenario.yaml(`
      resources: { gpu: 1, db: 2 }
      actions:
        - { id: train-a, run: "true", estimate: 4h, uses: gpu }
        - { id: train-b, run: "true", estimate: 3h, uses: gpu }
        - { id: migrate, run: "true", estimate: 2h, uses: { db: 2 } }
        - { id: seed, run: "true", estimate: 90m, uses: db }
        - { id: lint, run: "true", estimate: 1m }
    `);
    expect(started(run.start())).toEqual(['train-a', 'migrate', 'lint']);
    expect(run.state.resourcesInUse).toEqual(new Map([['gpu', 1], ['db', 2]]));
    expect(started(run.exit('train-a'))).toEqual(['train-b']);
    expect(started(run.exit('migrate'))).toEqual(['seed']);
  });

  it('never runs more at once than every limit allows, over a whole run', () => {
    const actions = Array.from({ length: 12 }, (_, i) => {
      const agent = i % 2 === 0 ? 'dev' : 'qa';
      const uses = i % 3 === 0 ? ', uses: gpu' : '';
      return `  - { id: t${i}, agent: ${agent}, run: "true", estimate: ${i + 1}m${uses} }`;
    });
    const run = Scenario.yaml(
      `agents: { dev: { use: shell, concurrency: 2 }, qa: { use: shell, concurrency: 3 } }\nresources: { gpu: 1 }\nactions:\n${actions.join('\n')}`,
      { concurrency: 4 },
    );
    const peaks = { all: 0, dev: 0, qa: 0, gpu: 0 };
    run.onTick = (state) => {
      peaks.all = Math.max(peaks.all, state.running);
      peaks.dev = Math.max(peaks.dev, state.runningByPool.get('dev') ?? 0);
      peaks.qa = Math.max(peaks.qa, state.runningByPool.get('qa') ?? 0);
      peaks.gpu = Math.max(peaks.gpu, state.resourcesInUse.get('gpu') ?? 0);
    };
    run.play();
    expect(run.state.status).toBe('succeeded');
    expect(peaks.all).toBe(4);
    expect(peaks.dev).toBe(2);
    expect(peaks.qa).toBeLessThanOrEqual(3);
    expect(peaks.gpu).toBe(1);
  });
});

describe('an interrupted attempt', () => {
  it('runs the action again without counting a failure against its retries', () => {
    const run = Scenario.yaml(`
      actions:
        - { id: migrate, run: ./migrate }
    `);
    run.start();
    expect(run.exit('migrate', 'interrupted')).toEqual([{ type: 'attempt.started', action: 'migrate', attempt: 2, iteration: 1 }]);
    expect(run.node('migrate').failures).toBe(0);
    expect(types(run.exit('migrate'))).toContain('run.finished');
    expect(run.state.status).toBe('succeeded');
  });

  it('waits for the run to resume when baton itself was interrupted', () => {
    const run = Scenario.yaml(`
      actions:
        - { id: migrate, run: ./migrate }
    `);
    run.start();
    expect(run.report({ type: 'run.interrupted', signal: 'SIGINT' })).toEqual([]);
    expect(run.exit('migrate', 'interrupted')).toEqual([]);
    expect(run.state.running).toBe(0);
    expect(run.report({ type: 'run.resumed', pid: 2 })).toEqual([{ type: 'attempt.started', action: 'migrate', attempt: 2, iteration: 1 }]);
  });
});
