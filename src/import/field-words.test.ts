import { describe, expect, it } from 'vitest';
import { fieldKind, isCriteriaTitle, isMetricsTitle } from './field-words.js';

describe('field words', () => {
  it('reads abbreviated estimate fields as durations', () => {
    expect(fieldKind('Est.')).toBe('duration');
    expect(fieldKind('Est')).toBe('duration');
  });

  it('reads done and exit criteria headings as criteria', () => {
    expect(isMetricsTitle('✅ Done criteria')).toBe(true);
    expect(isCriteriaTitle('✅ Done criteria')).toBe(true);
    expect(isMetricsTitle('Exit criteria')).toBe(true);
    expect(isMetricsTitle('Definition of Done')).toBe(true);
    expect(isCriteriaTitle('Definition of Done')).toBe(true);
  });

  it('does not take any heading with "criteria" for success criteria', () => {
    expect(isMetricsTitle('Selection criteria for vendors')).toBe(false);
  });
});
