import { describe, expect, it } from 'vitest';
import { numberOf } from './number-text.js';

describe('number text', () => {
  it('reads a number by its separators', () => {
    const numbers: readonly (readonly [string, number | undefined])[] = [
      ['3,1', 3.1],
      ['0,1', 0.1],
      ['99,95', 99.95],
      ['1,000', 1000],
      ['10,000', 10000],
      ['1,234.5', 1234.5],
      ['1.234,5', 1234.5],
      // clearly decimal: a leading zero or more than three digits after the comma cannot be thousands
      ['0,125', 0.125],
      ['3,1415', 3.1415],
      ['1.2.3', undefined],
      ['1,2,3', undefined],
    ];
    for (const [text, value] of numbers) expect(numberOf(text), text).toBe(value);
  });

  it('reads thousands grouped by spaces, also no-break ones', () => {
    expect(numberOf('3 000')).toBe(3000);
    expect(numberOf('1\u00a0234,5')).toBe(1234.5);
  });
});
