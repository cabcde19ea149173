import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Bitset } from './bitset.js';

describe('Bitset', () => {
  it('holds the ids added and not the ones deleted', () => {
    const set = new Bitset(100);
    set.add(0);
    set.add(31);
    set.add(32);
    set.add(99);
    set.delete(31);
    expect([0, 31, 32, 99].map((i) => set.has(i))).toEqual([true, false, true, true]);
    expect(set.count()).toBe(3);
  });

  it('gives a clone that changes independently of the original', () => {
    const set = new Bitset(40);
    set.add(5);
    const copy = set.clone();
    copy.add(6);
    set.delete(5);
    expect([set.has(5), set.has(6), copy.has(5), copy.has(6)]).toEqual([false, false, true, true]);
  });

  it('behaves like a Set of numbers under any sequence of adds and deletes', () => {
    const op = fc.record({ add: fc.boolean(), id: fc.integer({ min: 0, max: 199 }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const set = new Bitset(200);
        const model = new Set<number>();
        for (const { add, id } of ops) {
          if (add) {
            set.add(id);
            model.add(id);
          } else {
            set.delete(id);
            model.delete(id);
          }
        }
        const seen: number[] = [];
        set.forEach((i) => seen.push(i));
        expect(seen).toEqual([...model].sort((a, b) => a - b));
        expect(set.count()).toBe(model.size);
      }),
    );
  });
});
