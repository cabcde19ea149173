import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { findCycles, successors, topologicalOrder } from './graph.js';

/** A random directed graph on up to 12 nodes, as successor lists. */
const graphs = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 }).map((edges) => {
    const succ: number[][] = Array.from({ length: n }, () => []);
    for (const [a, b] of edges) succ[a]!.push(b);
    return { n, succ };
  }),
);

function isCycle(succ: readonly (readonly number[])[], cycle: readonly number[]): boolean {
  return cycle.length > 0 && cycle.every((v, i) => succ[v]!.includes(cycle[(i + 1) % cycle.length]!)) && new Set(cycle).size === cycle.length;
}

describe('topologicalOrder', () => {
  it('puts every node after its predecessors', () => {
    const succ = [[1, 2], [3], [3], []];
    const order = topologicalOrder(4, succ)!;
    const at = new Map(order.map((v, i) => [v, i]));
    expect(order).toHaveLength(4);
    for (const [v, next] of succ.entries()) for (const w of next) expect(at.get(v)!).toBeLessThan(at.get(w)!);
  });

  it('gives nothing for a graph with a cycle', () => {
    expect(topologicalOrder(3, [[1], [2], [0]])).toBeUndefined();
  });
});

describe('findCycles', () => {
  it('returns a cycle that really is one, written in edge order', () => {
    const succ = [[1], [2], [0, 3], []];
    const cycles = findCycles(4, succ);
    expect(cycles).toHaveLength(1);
    expect(isCycle(succ, cycles[0]!)).toBe(true);
    expect([...cycles[0]!].sort()).toEqual([0, 1, 2]);
  });

  it('reports a self-loop as a cycle of one node', () => {
    expect(findCycles(2, [[0], [0]])).toEqual([[0]]);
  });

  it('finds a cycle exactly when topological sorting fails, and every one is real', () => {
    fc.assert(
      fc.property(graphs, ({ n, succ }) => {
        const cycles = findCycles(n, succ);
        expect(cycles.length === 0).toBe(topologicalOrder(n, succ) !== undefined);
        for (const cycle of cycles) expect(isCycle(succ, cycle)).toBe(true);
        // One cycle per component: no node appears in two of them.
        const nodes = cycles.flat();
        expect(new Set(nodes).size).toBe(nodes.length);
      }),
    );
  });

  it('walks a 50 000-node cycle without overflowing the stack', () => {
    const n = 50_000;
    const succ = Array.from({ length: n }, (_, v) => [(v + 1) % n]);
    const cycles = findCycles(n, succ);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
  });
});

describe('successors', () => {
  it('turns predecessor lists around', () => {
    expect(successors([[], [0], [0, 1]])).toEqual([[1, 2], [2], []]);
  });
});
