import { describe, expect, it } from 'vitest';
import { FactTable } from './facts.js';

describe('FactTable', () => {
  it('gives each new name the next dense id and the same id on every later call', () => {
    const facts = new FactTable();
    expect([facts.intern('a'), facts.intern('b'), facts.intern('a')]).toEqual([0, 1, 0]);
    expect(facts.size).toBe(2);
    expect(facts.name(1)).toBe('b');
  });

  it('looks a name up without adding it', () => {
    const facts = new FactTable();
    facts.intern('a');
    expect(facts.id('a')).toBe(0);
    expect(facts.id('missing')).toBeUndefined();
    expect(facts.size).toBe(1);
  });

  it('refuses an id it never handed out', () => {
    expect(() => new FactTable().name(3)).toThrow(RangeError);
  });
});
