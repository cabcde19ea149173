import { describe, expect, it } from 'vitest';
import { withTrailers } from './trailers.js';

describe('commit messages with trailers', () => {
  it('appends the trailers as the last paragraph', () => {
    expect(withTrailers('baton: merge a\n\nbody\n', { 'Baton-Run': 'r', 'Baton-Action': 'a' })).toBe('baton: merge a\n\nbody\n\nBaton-Run: r\nBaton-Action: a\n');
    expect(withTrailers('subject', {})).toBe('subject\n');
  });

  it('refuses a key that is not a token and a value that spans lines', () => {
    expect(() => withTrailers('s', { 'Bad Key': 'v' })).toThrow(RangeError);
    expect(() => withTrailers('s', { Key: 'two\nlines' })).toThrow(RangeError);
  });
});
