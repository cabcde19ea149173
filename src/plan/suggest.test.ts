import { describe, expect, it } from 'vitest';
import { didYouMean, nearest, quoteList } from './suggest.js';

describe('suggestions for misspelt names', () => {
  it('suggests the closest known name for a typo', () => {
    expect(nearest('cach-setup', ['cache-setup', 'deploy'])).toBe('cache-setup');
    expect(didYouMean('mdoe', ['mode', 'gate', 'id'])).toBe(' (did you mean "mode"?)');
  });

  it('suggests nothing when no name is close', () => {
    expect(nearest('zzzzzz', ['mode', 'gate'])).toBeUndefined();
    expect(didYouMean('x', [])).toBe('');
  });

  it('quotes lists for messages', () => {
    expect(quoteList(['a', 'b', 'c'])).toBe('"a", "b" or "c"');
    expect(quoteList(['a'])).toBe('"a"');
  });
});
