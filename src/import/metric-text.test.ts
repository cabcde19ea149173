import { describe, expect, it } from 'vitest';
import { metricFromLine, metricKey, metricsFromTable } from './metric-text.js';

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

  it('reads "under 250 ms" as a target and keeps "at 300 rps" as context', () => {
    // unseen/task-table: a criterion without a colon stays the check's name
    expect(metricFromLine('p99 latency under 250 ms at 300 rps')).toEqual({
      name: 'p99 latency under 250 ms at 300 rps',
      metric: 'p99_latency',
      target: '< 250',
      context: 'at 300 rps',
    });
    expect(metricFromLine('p99 latency: under 250 ms at 300 rps')).toEqual({ name: 'p99 latency', metric: 'p99_latency', target: '< 250', context: 'at 300 rps' });
  });

  it('reads comparison words as the matching operator', () => {
    const targets: readonly (readonly [string, string])[] = [
      ['Error rate: below 1%', '< 1'],
      ['Queue depth: less than 5', '< 5'],
      ['Flaky tests: fewer than 5', '< 5'],
      ['Retries: at most 3', '<= 3'],
      ['Open bugs: no more than 2', '<= 2'],
      ['Coverage: at least 95%', '>= 95'],
      ['Uptime: over 99.9%', '> 99.9'],
      ['Throughput: more than 300 rps', '> 300'],
      ['Coverage: ≥ 80%', '>= 80'],
      ['Coverage: => 80%', '>= 80'],
    ];
    for (const [line, target] of targets) expect(metricFromLine(line).target, line).toBe(target);
  });

  it('reads German comparison words', () => {
    expect(metricFromLine('Fehlerquote: unter 1 %')).toMatchObject({ metric: 'fehlerquote', target: '< 1' });
    expect(metricFromLine('Verfügbarkeit über 99,9 %')).toMatchObject({ metric: 'verfugbarkeit', target: '> 99.9' });
    expect(metricFromLine('Testabdeckung mindestens 80 %')).toMatchObject({ metric: 'testabdeckung', target: '>= 80' });
    expect(metricFromLine('Warnungen: höchstens 3')).toMatchObject({ metric: 'warnungen', target: '<= 3' });
  });

  it('names a metric by the words just before its comparison in a line without a colon', () => {
    expect(metricFromLine('Flake rate < 1%')).toMatchObject({ metric: 'flake_rate', target: '< 1' });
    expect(metricFromLine('Pass rate of at least 95%')).toMatchObject({ metric: 'pass_rate', target: '>= 95' });
    expect(metricFromLine('p99 latency stays under 250 ms')).toMatchObject({ metric: 'p99_latency', target: '< 250' });
    expect(metricFromLine('The suite is green and flake rate < 1%')).toMatchObject({ metric: 'flake_rate', target: '< 1' });
  });

  it('reads no target from a span of time, an arrow after a number, a code span or a criterion with no comparison', () => {
    for (const line of ['No errors over 48h', 'Build 120s => 15s', 'No login errors in Sentry for 48h after rollout', '`cargo test -- --test-threads=4` passes']) {
      expect(metricFromLine(line), line).toEqual({ name: line, metric: metricKey(line) });
    }
    expect(metricFromLine('Build: 120s => 15s')).toMatchObject({ target: '<= 15', baseline: 120 });
  });

  it('reads comparison words in a metrics table', () => {
    const table = {
      kind: 'table' as const,
      line: 1,
      header: ['Metric', 'Baseline', 'Target'],
      rows: [{ cells: ['p99 latency', '400 ms', 'under 250 ms at 300 rps'], line: 3 }],
      codeSpans: [],
    };
    expect(metricsFromTable(table)?.[0]?.metric).toMatchObject({ metric: 'p99_latency', baseline: 400, target: '< 250', context: 'at 300 rps' });
  });
});
