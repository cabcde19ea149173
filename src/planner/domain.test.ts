import { describe, expect, it } from 'vitest';
import { buildDomain, defaultGoal, gateId } from './domain.js';
import type { Domain } from './domain.js';
import { testPlan } from './test-plan.js';

function names(domain: Domain, ids: readonly number[]): string[] {
  return ids.map((id) => domain.facts.name(id));
}

function node(domain: Domain, id: string) {
  return domain.nodes[domain.byId.get(id)!]!;
}

describe('buildDomain', () => {
  const plan = testPlan({
    phases: [{ id: 'build' }, { id: 'ship', mode: 'sequential', after: ['build'] }],
    actions: [
      { id: 'compile', phase: 'build', requires: ['repo_ready'], provides: ['binary'], cost: 7, estimate: 30 },
      { id: 'lint', phase: 'build', needs: ['compile'] },
      { id: 'package', phase: 'ship', requires: ['binary'], provides: ['tarball'] },
      { id: 'upload', phase: 'ship', provides: ['released'] },
    ],
  });
  const domain = buildDomain(plan);

  it('makes an action require its facts, its needs as done: facts, and the phases its phase comes after', () => {
    expect(names(domain, node(domain, 'compile').requires)).toEqual(['repo_ready']);
    expect(names(domain, node(domain, 'lint').requires)).toEqual(['done:compile']);
    expect(names(domain, node(domain, 'package').requires)).toEqual(['binary', 'phase:build']);
  });

  it('chains each action of a sequential phase to the one written before it', () => {
    expect(names(domain, node(domain, 'upload').requires)).toEqual(['phase:build', 'done:package']);
  });

  it('makes an action provide its declared facts and its done: fact, and keeps the declared ones apart', () => {
    const compile = node(domain, 'compile');
    expect(names(domain, compile.provides)).toEqual(['binary', 'done:compile']);
    expect(names(domain, compile.declared)).toEqual(['binary']);
    expect(compile).toMatchObject({ kind: 'action', cost: 7, durationS: 30, agent: 'shell', phase: 'build' });
  });

  it('adds one gate per phase that waits for what its actions are for and for earlier phases, and provides phase:<id>', () => {
    const gate = node(domain, gateId('ship'));
    expect(gate).toMatchObject({ kind: 'gate', cost: 0, durationS: 0, agent: null, action: null });
    expect(names(domain, gate.requires)).toEqual(['tarball', 'released', 'phase:build']);
    expect(names(domain, gate.provides)).toEqual(['phase:ship']);
    expect(names(domain, node(domain, gateId('build')).requires)).toEqual(['binary', 'done:lint']);
  });

  it('lets a gate be met by either of two actions that provide the same fact', () => {
    const alternatives = buildDomain(
      testPlan({ actions: [{ id: 'fast', provides: ['artifact'], cost: 1 }, { id: 'slow', provides: ['artifact'], cost: 9 }] }),
    );
    expect(names(alternatives, node(alternatives, gateId('main')).requires)).toEqual(['artifact']);
  });

  it('indexes providers and consumers by fact', () => {
    const binary = domain.facts.id('binary')!;
    expect(domain.providers[binary]!.map((i) => domain.nodes[i]!.id)).toEqual(['compile']);
    expect(domain.consumers[binary]!.map((i) => domain.nodes[i]!.id)).toEqual(['package', 'gate:build']);
  });

  it('links phases in O(n) edges: two phases of n actions cost about 3n edges, not n²', () => {
    const n = 200;
    const big = testPlan({
      phases: [{ id: 'one' }, { id: 'two', after: ['one'] }],
      actions: Array.from({ length: 2 * n }, (_, i) => ({ id: `a${i}`, phase: i < n ? 'one' : 'two' })),
    });
    const edges = buildDomain(big).nodes.reduce((sum, x) => sum + x.requires.length, 0);
    expect(edges).toBeLessThanOrEqual(3 * n + 1);
  });

  it('sets the default goal to every phase done', () => {
    expect(defaultGoal(plan)).toEqual(['phase:build', 'phase:ship']);
  });
});
