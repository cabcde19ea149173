import { describe, expect, it } from 'vitest';
import { findModeWords, modeOf } from './mode-words.js';

describe('execution-mode words', () => {
  it('finds mode words as written, in several languages', () => {
    expect(findModeWords('Parallel Execution')).toEqual([{ mode: 'parallel', word: 'Parallel' }]);
    expect(findModeWords('sequenziell, dann Schleife')).toEqual([
      { mode: 'sequential', word: 'sequenziell' },
      { mode: 'loop', word: 'Schleife' },
    ]);
    expect(findModeWords('en parallèle')[0]?.mode).toBe('parallel');
    expect(findModeWords('secuencial')[0]?.mode).toBe('sequential');
  });

  it('does not find mode words inside other words', () => {
    expect(findModeWords('Unparalleled loophole')).toEqual([]);
  });

  it('calls different modes together hybrid', () => {
    // seeds/000 line 104: "(Parallel + Loop)"
    expect(modeOf(findModeWords('Parallel + Loop'))).toBe('hybrid');
    expect(modeOf(findModeWords('parallel, in parallel'))).toBe('parallel');
    expect(modeOf([])).toBeUndefined();
  });
});
