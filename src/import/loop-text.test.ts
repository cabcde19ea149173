import { describe, expect, it } from 'vitest';
import { readLoop, saysLoop } from './loop-text.js';

describe('loops stated for one workstream', () => {
  it('reads the condition after "repeat until"', () => {
    expect(readLoop('loop – repeat until tests pass')).toEqual({ until: 'tests pass' });
  });

  it('reads the bound from "max 3 iterations" and "at most 5 rounds"', () => {
    expect(readLoop('2d per iteration, max 3 iterations')).toEqual({ max: 3, maxText: 'max 3 iterations' });
    expect(readLoop('repeat the canary until error rate < 0.1%, at most 5 rounds')).toEqual({ until: 'error rate < 0.1%', max: 5, maxText: 'at most 5 rounds' });
  });

  it('reads German loops', () => {
    expect(readLoop('Wiederholen bis die Tests grün sind, höchstens 4 Runden')).toEqual({ until: 'die Tests grün sind', max: 4, maxText: 'höchstens 4 Runden' });
  });

  it('tells a loop from ordinary text', () => {
    expect(saysLoop('loop – repeat until tests pass')).toBe(true);
    expect(saysLoop('Repeat until the suite is green')).toBe(true);
    expect(saysLoop('Parallel with Phase 2')).toBe(false);
    expect(saysLoop('Sequential')).toBe(false);
  });

  it('gives nothing for a text without condition or bound', () => {
    expect(readLoop('iterative')).toEqual({});
  });
});
