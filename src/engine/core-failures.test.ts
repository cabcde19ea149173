import { describe, expect, it } from 'vitest';
import { Scenario, started, types } from './scenario.test.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

describe('retrying a failed attempt', () => {
  const plan = (retries: number) => `
    actions:
      - { id: flaky, run: ./flaky, retries: ${retries} }
      - { id: after, run: "true", needs: [flaky] }
  `;

  it('waits retryBackoffMs, then twice as long, before each retry, and goes on once an attempt succeeds', () => {
    const run = Scenario.yaml(plan(2), { retryBackoffMs: 5 * SECOND });
    expect(run.start()).toEqual([{ type: 'attempt.started', action: 'flaky', attempt: 1, iteration: 1 }]);
    expect(run.exit('flaky', 'failed', MINUTE)).toEqual([{ type: 'retry.scheduled', action: 'flaky', at: MINUTE + 5 * SECOND }]);
    expect(run.status('flaky')).toBe('retry_wait');
    expect(run.fire('flaky')).toEqual([{ type: 'attempt.started', action: 'flaky', attempt: 2, iteration: 1 }]);
    expect(run.exit('flaky', 'timed_out', MINUTE)).toEqual([{ type: 'retry.scheduled', action: 'flaky', at: 2 * MINUTE + 15 * SECOND }]);
    expect(run.fire('flaky')).toEqual([{ type: 'attempt.started', action: 'flaky', attempt: 3, iteration: 1 }]);
    expect(started(run.exit('flaky'))).toEqual(['after']);
    expect(run.node('flaky')).toMatchObject({ status: 'done', attempts: 3, failures: 2 });
  });

  it('starts nothing else in the retried action’s place while it waits, and does not finish the run', () => {
    const run = Scenario.yaml(plan(1));
    run.start();
    expect(types(run.exit('flaky', 'verify_failed'))).toEqual(['retry.scheduled']);
    expect(run.ids('ready')).toEqual([]);
    expect(run.state.status).toBe('running');
  });

  it('fails the action for good once its retries are spent, saying why', () => {
    const run = Scenario.yaml(plan(1));
    run.start();
    run.exit('flaky', 'failed');
    run.fire('flaky');
    const decided = run.exit('flaky', 'verify_failed');
    expect(decided[0]).toEqual({ type: 'action.failed', action: 'flaky', reason: 'attempt 2 verify failed after 1 retry' });
    expect(decided).toContainEqual(expect.objectContaining({ type: 'action.cancelled', action: 'after' }));
    expect(decided.at(-1)).toMatchObject({ type: 'run.finished', status: 'failed' });
    expect(run.state.failed).toEqual(new Set(['flaky']));
  });

  it('fails an action without retries at its first failure', () => {
    const run = Scenario.yaml(plan(0));
    run.start();
    expect(run.exit('flaky', 'failed')[0]).toEqual({ type: 'action.failed', action: 'flaky', reason: 'attempt 1 failed' });
  });
});

describe('replanning around an action that failed for good', () => {
  const twoProviders = `
    goal: [shipped]
    actions:
      - { id: build-cached, run: ./build --cache, provides: [artifact], cost: 1, estimate: 1m }
      - { id: build-clean, run: ./build, provides: [artifact], cost: 50, estimate: 10m }
      - { id: ship, run: ./ship, requires: [artifact], provides: [shipped] }
  `;

  it('takes the other provider of the fact and reaches the goal', () => {
    const run = Scenario.yaml(twoProviders);
    expect(started(run.start())).toEqual(['build-cached']);
    expect(run.status('build-clean')).toBe('idle');
    const decided = run.exit('build-cached', 'failed');
    expect(decided[0]).toMatchObject({ type: 'action.failed', action: 'build-cached' });
    expect(decided[1]).toMatchObject({ type: 'run.planned', actions: ['build-clean', 'ship'], excluded: ['build-cached'] });
    expect(started(decided)).toEqual(['build-clean']);
    expect(started(run.exit('build-clean'))).toEqual(['ship']);
    expect(run.exit('ship')).toEqual([{ type: 'run.finished', status: 'succeeded', reason: 'goal reached' }]);
    expect(run.status('build-cached')).toBe('failed');
  });

  const noAlternative = (goal: string) => `
    goal: [${goal}]
    actions:
      - { id: build, run: ./build, provides: [artifact], estimate: 1m }
      - { id: ship, run: ./ship, requires: [artifact], provides: [shipped] }
      - { id: notify, run: ./notify, needs: [ship] }
      - { id: write-docs, run: ./docs, provides: [docs_written], estimate: 30m }
      - { id: publish-docs, run: ./publish, requires: [docs_written], provides: [docs_published] }
  `;

  it('cancels what waits on it when no other path exists, naming the action and the fact, and lets other branches finish', () => {
    const run = Scenario.yaml(noAlternative('shipped, docs_published, done:notify'));
    expect(started(run.start()).sort()).toEqual(['build', 'write-docs']);
    const decided = run.exit('build', 'failed');
    const reason = 'build failed and no other path reaches "shipped", "done:notify" (failed: build)';
    expect(decided).toEqual([
      { type: 'action.failed', action: 'build', reason: 'attempt 1 failed' },
      { type: 'action.cancelled', action: 'ship', reason },
      { type: 'action.cancelled', action: 'notify', reason },
    ]);
    expect(started(run.exit('write-docs', 'succeeded', 30 * MINUTE))).toEqual(['publish-docs']);
    const finished = run.exit('publish-docs');
    expect(finished).toEqual([
      { type: 'run.finished', status: 'failed', reason: 'goal not reached (shipped, done:notify): build: attempt 1 failed' },
    ]);
    expect(run.state.facts.has('docs_published')).toBe(true);
  });

  it('ends the run at the first failure with --fail-fast', () => {
    const run = Scenario.yaml(noAlternative('shipped, docs_published'), { failFast: true });
    run.start();
    expect(run.exit('build', 'failed')).toEqual([
      { type: 'action.failed', action: 'build', reason: 'attempt 1 failed' },
      { type: 'run.finished', status: 'failed', reason: 'build failed (attempt 1 failed); stopped at the first failure (--fail-fast)' },
    ]);
    expect(run.exit('write-docs', 'succeeded', 30 * MINUTE)).toEqual([]);
    expect(run.state.status).toBe('failed');
  });

  it('forgets the retry of an action the new plan no longer needs, so the run can finish', () => {
    const run = Scenario.yaml(`
      goal: [shipped]
      actions:
        - { id: fetch-a, run: ./a, provides: [a], cost: 1 }
        - { id: fetch-b, run: ./b, provides: [b], cost: 1, retries: 1 }
        - { id: ship-fast, run: ./ship, requires: [a, b], provides: [shipped], cost: 1 }
        - { id: ship-slow, run: ./ship --full, provides: [shipped], cost: 100 }
    `);
    expect(started(run.start())).toEqual(['fetch-a', 'fetch-b']);
    expect(types(run.exit('fetch-b', 'failed', SECOND))).toEqual(['retry.scheduled']);
    const decided = run.exit('fetch-a', 'failed', 0);
    expect(decided[1]).toMatchObject({ type: 'run.planned', actions: ['ship-slow'] });
    expect(started(decided)).toEqual(['ship-slow']);
    expect(run.status('fetch-b')).toBe('idle');
    expect(run.exit('ship-slow')).toEqual([{ type: 'run.finished', status: 'succeeded', reason: 'goal reached' }]);
    expect(run.report({ type: 'timer.fired', action: 'fetch-b' })).toEqual([]);
  });

  it('leaves an attempt in flight running when the new plan counts what it provides as already there', () => {
    const run = Scenario.yaml(`
      goal: [deployed, shipped]
      actions:
        - { id: configure, run: ./configure, provides: [config, settings], estimate: 1m }
        - { id: configure-legacy, run: ./configure --legacy, provides: [config], estimate: 1h }
        - { id: deploy, run: ./deploy, needs: [configure-legacy], requires: [settings], provides: [deployed] }
        - { id: ship-quick, run: ./ship, provides: [shipped], cost: 1, estimate: 2m }
        - { id: ship-slow, run: ./ship --slow, provides: [shipped], cost: 100 }
    `);
    expect(started(run.start())).toEqual(['configure-legacy', 'configure', 'ship-quick']);
    run.exit('configure', 'succeeded', MINUTE);
    expect(started(run.exit('ship-quick', 'failed', MINUTE))).toContain('ship-slow');
    expect(run.events('run.planned').at(-1)?.skipped).toContain('configure-legacy');
    expect(run.status('configure-legacy')).toBe('running');
    run.play();
    expect(run.state.status).toBe('succeeded');
    expect(run.state.running).toBe(0);
    expect(run.node('configure-legacy')).toMatchObject({ status: 'done', attempts: 1 });
  });
});
