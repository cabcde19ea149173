import { describe, expect, it } from 'vitest';
import { classifyGroup, splitOwners, trailingGroups } from './parenthetical.js';

describe('parenthesised notes in titles', () => {
  it('classifies modes, durations, owners and notes', () => {
    expect(classifyGroup('Parallel Execution')).toBe('mode');
    expect(classifyGroup('Parallel + Loop')).toBe('mode');
    expect(classifyGroup('2h')).toBe('duration');
    expect(classifyGroup('Every 2 Days - 30 minutes')).toBe('duration');
    expect(classifyGroup('Build Engineer')).toBe('owner');
    expect(classifyGroup('A + B')).toBe('owner');
    expect(classifyGroup('optional')).toBe('note');
    expect(classifyGroup('6 Total')).toBe('note');
  });

  it('lists only the groups at the end of a title, in order', () => {
    const groups = trailingGroups('Cache (v2) Warm-up (Build Engineer) (2h)');
    expect(groups.map((g) => [g.kind, g.text])).toEqual([
      ['owner', '(Build Engineer)'],
      ['duration', '(2h)'],
    ]);
  });

  it('splits owners at plus, ampersand, comma and "and"', () => {
    expect(splitOwners('Build Engineer + QA Engineer')).toEqual(['Build Engineer', 'QA Engineer']);
    expect(splitOwners('Alice and Bob')).toEqual(['Alice', 'Bob']);
    expect(splitOwners('Alice')).toBeUndefined();
    expect(splitOwners('primary, leads topology')).toBeUndefined();
  });
});
