import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyHeap, OrderedHeap } from './heap.js';

describe('KeyHeap', () => {
  it('pops values in order of their keys, however they were pushed', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { maxLength: 500 }), (keys) => {
        const heap = new KeyHeap();
        keys.forEach((key, i) => heap.push(key, i));
        const popped: number[] = [];
        while (heap.size > 0) popped.push(keys[heap.pop()]!);
        // -0 and 0 are equal keys that may come out in either order; `+ 0` makes them the same number.
        expect(popped.map((key) => key + 0)).toEqual([...keys].sort((a, b) => a - b).map((key) => key + 0));
      }),
    );
  });

  it('returns -1 and an infinite key when empty', () => {
    const heap = new KeyHeap();
    expect([heap.pop(), heap.peekKey()]).toEqual([-1, Infinity]);
  });
});

describe('OrderedHeap', () => {
  it('pops ids in the order its comparison gives, ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }), (ranks) => {
        const heap = new OrderedHeap((a, b) => ranks[a]! < ranks[b]! || (ranks[a] === ranks[b] && a < b));
        ranks.forEach((_, i) => heap.push(i));
        const popped: number[] = [];
        while (heap.size > 0) popped.push(heap.pop());
        expect(popped).toEqual(ranks.map((_, i) => i).sort((a, b) => ranks[a]! - ranks[b]! || a - b));
      }),
    );
  });
});
