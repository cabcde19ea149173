import { describe, expect, it } from 'vitest';
import { metricKey } from './metric-target.js';
import { metricFromLine } from './metric-text.js';

describe('metric text', () => {
  it('does not cut a criterion at a colon inside a code span', () => {
    expect(metricFromLine('`npm run test:auth` passes on CI three times in a row').name).toBe('`npm run test:auth` passes on CI three times in a row');
    expect(metricFromLine('`cargo build`: ≤ 15s')).toMatchObject({ name: '`cargo build`', target: '<= 15' });
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

  it('reads decimal commas in targets and baselines', () => {
    // unseen2/kanban-es lines 110 and 113
    expect(metricFromLine('Tasa de rebote (bounce rate) < 2 % (hoy estamos en 3,1 %)')).toEqual({
      name: 'Tasa de rebote (bounce rate) < 2 % (hoy estamos en 3,1 %)',
      metric: 'bounce_rate',
      target: '< 2',
      baseline: 3.1,
    });
    expect(metricFromLine('Tasa de quejas (complaint rate) < 0,1 %')).toMatchObject({ metric: 'complaint_rate', target: '< 0.1' });
    expect(metricFromLine('Verfügbarkeit: ≥ 99,95 %').target).toBe('>= 99.95');
  });

  it('reads ≥ and ≤ before a number with a space and a unit', () => {
    // unseen2/kanban-es line 111
    expect(metricFromLine('Entregabilidad (inbox placement) ≥ 97 %')).toEqual({
      name: 'Entregabilidad (inbox placement) ≥ 97 %',
      metric: 'inbox_placement',
      target: '>= 97',
    });
  });

  it('does not cut a criterion at a colon inside parentheses, and reads the baseline there', () => {
    // unseen2/kanban-es line 112
    expect(metricFromLine('Latencia p95 de envío ≤ 5 s (hoy: 8 s con SendGrid)')).toEqual({
      name: 'Latencia p95 de envío ≤ 5 s (hoy: 8 s con SendGrid)',
      metric: 'latencia_p95_de_envio',
      target: '<= 5',
      baseline: 8,
    });
    expect(metricFromLine('Build (cold): ≤ 90 s')).toMatchObject({ name: 'Build (cold)', target: '<= 90' });
  });

  it('reads a baseline stated in words after the target, in four languages', () => {
    const baselines: readonly (readonly [string, number])[] = [
      ['Error rate < 1% (currently 3%)', 3],
      ['p99 latency: < 200 ms (today 350 ms)', 350],
      ['Build time: ≤ 90 s (was 120 s)', 120],
      ['Flake rate < 1% (now 4%)', 4],
      ['Cold start: < 2 s (baseline: 3.4 s)', 3.4],
      ['Fehlerquote: < 1 % (derzeit 2,5 %)', 2.5],
      ['Ladezeit: < 2 s (heute 3 s)', 3],
      ["Taux d'erreur < 1 % (aujourd'hui : 2,5 %)", 2.5],
      ['Temps de build : < 60 s (actuellement 95 s)', 95],
      ['Tiempo de carga < 2 s (actualmente 4 s)', 4],
    ];
    for (const [line, baseline] of baselines) expect(metricFromLine(line).baseline, line).toBe(baseline);
  });

  it('reads a baseline named with words before its colon, or "actuel"', () => {
    // unseen3/fr-sso line 122, runbook-orders-db lines 60-61
    expect(metricFromLine('Temps de connexion médian ≤ 2 s en préproduction (actuel : 3,4 s avec le formulaire)')).toMatchObject({
      metric: 'temps_de_connexion_median',
      target: '<= 2',
      baseline: 3.4,
      context: 'en préproduction',
    });
    expect(metricFromLine('Rehearsal finished end to end in under 45 min (last rehearsal: 52 min)')).toEqual({
      name: 'Rehearsal finished end to end in under 45 min (last rehearsal: 52 min)',
      metric: 'rehearsal_finished_end_to_end',
      target: '< 45',
      baseline: 52,
    });
    expect(metricFromLine('CDC lag < 5 s for 24 h straight (baseline before tuning: ~40 s)')).toMatchObject({ target: '< 5', baseline: 40, context: 'for 24 h straight' });
    expect(metricFromLine('Load time: < 2 s (today: about 3 s)').baseline).toBe(3);
    expect(metricFromLine('Load time: < 2 s (last 7 days)').baseline).toBeUndefined();
  });

  it('keeps the context around a baseline in words, and drops a baseline in another unit', () => {
    expect(metricFromLine('Build time: ≤ 90 s (was 120 s), measured on CI')).toMatchObject({ target: '<= 90', baseline: 120, context: 'measured on CI' });
    expect(metricFromLine('p99: < 200 ms at 300 rps (today 350 ms)')).toMatchObject({ baseline: 350, context: 'at 300 rps' });
    expect(metricFromLine('Latency: < 200 ms (currently 2 GB)')).toMatchObject({ target: '< 200', context: '(currently 2 GB)' });
    expect(metricFromLine('Latency: < 200 ms (currently 2 GB)').baseline).toBeUndefined();
    expect(metricFromLine('Error rate < 1%.')).toEqual({ name: 'Error rate < 1%.', metric: 'error_rate', target: '< 1' });
  });

  it('reads commas before three digits as thousands separators', () => {
    expect(metricFromLine('Throughput: > 10,000 rps')).toMatchObject({ target: '> 10000' });
    expect(metricFromLine('Users: 1,000 → 2,000')).toMatchObject({ target: '>= 2000', baseline: 1000 });
    expect(metricFromLine('Sustained load at least 1,000,000 requests')).toMatchObject({ target: '>= 1000000' });
  });

  it('does not take a number in a code span for an unread target', () => {
    // unseen2/kanban-es line 114
    expect(metricFromLine('Todos los tests e2e en verde: `npm run test:e2e`')).toEqual({ name: 'Todos los tests e2e en verde', metric: 'todos_los_tests_e2e_en_verde' });
  });

  it('reads a currency before a target or a baseline, and thousands grouped by spaces', () => {
    expect(metricFromLine('Monthly cost ≤ $3,000 (today: $4,100)')).toMatchObject({ target: '<= 3000', baseline: 4100 });
    expect(metricFromLine('Coût mensuel : ≤ 3 000 € (aujourd’hui : 4\u202f100 €)')).toMatchObject({ target: '<= 3000', baseline: 4100 });
    expect(metricFromLine('Budget: ≤ €500')).toMatchObject({ target: '<= 500' });
  });
});
