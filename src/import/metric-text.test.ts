import { describe, expect, it } from 'vitest';
import { metricFromLine, metricsFromTable } from './metric-text.js';

describe('metric text', () => {
  it('does not cut a criterion at a colon inside a code span', () => {
    expect(metricFromLine('`npm run test:auth` passes on CI three times in a row').name).toBe('`npm run test:auth` passes on CI three times in a row');
    expect(metricFromLine('`cargo build`: ≤ 15s')).toMatchObject({ name: '`cargo build`', target: '<= 15' });
  });

  it('reads a German baseline column ("Ausgangswert")', () => {
    const table = {
      kind: 'table' as const,
      line: 1,
      header: ['Kennzahl', 'Ausgangswert', 'Zielwert'],
      rows: [{ cells: ['p95-Latenz', '180 ms', '≤ 200 ms'], line: 3 }],
      codeSpans: [],
    };
    expect(metricsFromTable(table)?.[0]?.metric).toMatchObject({ name: 'p95-Latenz', baseline: 180, target: '<= 200' });
  });
});
