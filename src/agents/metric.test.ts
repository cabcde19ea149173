import { describe, expect, it } from 'vitest';
import { meetsTarget, readMetric } from './metric.js';

describe('gate metrics', () => {
  it('reads a name=value line, the last one when repeated', () => {
    expect(readMetric('warming up\nbuild_s=120\nbuild_s=85\n', 'build_s')).toBe(85);
    expect(readMetric('coverage: 81.5\n', 'coverage')).toBe(81.5);
  });

  it('reads numbers as tools print them', () => {
    expect(readMetric('build_s=1.2e3', 'build_s')).toBe(1200);
    expect(readMetric('ratio: .5', 'ratio')).toBe(0.5);
    expect(readMetric('delta=-3', 'delta')).toBe(-3);
  });

  it('reads a JSON object printed after progress lines', () => {
    expect(readMetric('compiling…\n{"build_s": 88}\n', 'build_s')).toBe(88);
  });

  it('reads a field of a JSON object, nested with dots', () => {
    expect(readMetric('{"timing": {"build_s": 42}}', 'timing.build_s')).toBe(42);
    expect(readMetric('{"build_s": "17"}', 'build_s')).toBe(17);
  });

  it('says nothing when the output does not state the metric', () => {
    expect(readMetric('all good', 'build_s')).toBeUndefined();
    expect(readMetric('{"build_s": "fast"}', 'build_s')).toBeUndefined();
    expect(readMetric('build_seconds=3', 'build_s')).toBeUndefined();
  });

  it('compares with the target', () => {
    expect(meetsTarget(85, { op: '<=', value: 90, text: '<= 90' })).toBe(true);
    expect(meetsTarget(91, { op: '<=', value: 90, text: '<= 90' })).toBe(false);
    expect(meetsTarget(0, { op: '==', value: 0, text: '0' })).toBe(true);
    expect(meetsTarget(3, { op: '>', value: 3, text: '> 3' })).toBe(false);
  });
});
