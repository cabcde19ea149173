import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('durations', () => {
  it('reads seconds, minutes, hours, working days and weeks', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('30m')).toBe(1800);
    expect(parseDuration('2h')).toBe(7200);
    expect(parseDuration('1d')).toBe(8 * 3600);
    expect(parseDuration('1w')).toBe(5 * 8 * 3600);
  });

  it('reads compound and fractional durations', () => {
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('1d 4h')).toBe(12 * 3600);
    expect(parseDuration('1.5h')).toBe(5400);
  });

  it('rejects text that is not a duration', () => {
    for (const text of ['', '4 hours', '2x', '30', 'h', '-1h', '1h-']) expect(parseDuration(text)).toBeUndefined();
  });

  it('formats seconds in the largest units that fit', () => {
    expect(formatDuration(5400)).toBe('1h30m');
    expect(formatDuration(8 * 3600 + 60)).toBe('1d1m');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(Infinity)).toBe('∞');
  });

  it('formats what it parses back to the same seconds', () => {
    for (const text of ['90s', '1h30m', '3d', '2d3h', '45m']) expect(parseDuration(formatDuration(parseDuration(text)!))).toBe(parseDuration(text));
  });
});
