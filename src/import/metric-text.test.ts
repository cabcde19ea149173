import { describe, expect, it } from 'vitest';
import { metricFromLine, metricKey, metricsFromTable, numberOf } from './metric-text.js';

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

  it('does not take a number in a code span for an unread target', () => {
    // unseen2/kanban-es line 114
    expect(metricFromLine('Todos los tests e2e en verde: `npm run test:e2e`')).toEqual({ name: 'Todos los tests e2e en verde', metric: 'todos_los_tests_e2e_en_verde' });
  });

  it('gives each row of a metrics table the command of its "Measured by" column', () => {
    // unseen2/monorepo-migration lines 121-127
    const table = {
      kind: 'table' as const,
      line: 121,
      header: ['SLO', 'Baseline (polyrepo, May)', 'Target (monorepo)', 'Measured by'],
      rows: [
        { cells: ['CI p50 time per PR', '14 min', '≤ 8 min', '`./scripts/slo.sh ci-p50`'], line: 123 },
        { cells: ['Remote cache hit rate', 'n/a', '≥ 70 %', 'Nx Cloud dashboard'], line: 125 },
        { cells: ['Canary error rate', '0.08 %', '< 0.1 %', '`./scripts/canary-report --ring 5 --metric error_rate`'], line: 126 },
        { cells: ['`web-app` bundle size (gzip)', '412 kB', '≤ 420 kB', '`pnpm size-limit`'], line: 127 },
      ],
      codeSpans: [],
    };
    expect(metricsFromTable(table)).toEqual([
      { metric: { name: 'CI p50 time per PR', metric: 'ci_p50_time_per_pr', baseline: 14, target: '<= 8' }, line: 123, run: './scripts/slo.sh ci-p50' },
      { metric: { name: 'Remote cache hit rate', metric: 'remote_cache_hit_rate', target: '>= 70' }, line: 125 },
      { metric: { name: 'Canary error rate', metric: 'canary_error_rate', baseline: 0.08, target: '< 0.1' }, line: 126, run: './scripts/canary-report --ring 5 --metric error_rate' },
      { metric: { name: '`web-app` bundle size (gzip)', metric: 'web_app_bundle_size_gzip', baseline: 412, target: '<= 420' }, line: 127, run: 'pnpm size-limit' },
    ]);
  });

  it('recognises command columns in several languages', () => {
    const columns = ['Measured by', 'How measured', 'How we measure', 'Command', 'Check', 'Script', 'Medido con', 'Gemessen mit', 'Mesuré par', 'Commande'];
    for (const column of [...columns, 'Mesure', 'Query', 'Measurement', 'Source', 'Tool', 'Consulta', 'Messung']) {
      const table = { kind: 'table' as const, line: 1, header: ['Metric', 'Target', column], rows: [{ cells: ['Coverage', '≥ 80 %', '`npm run coverage`'], line: 3 }], codeSpans: [] };
      expect(metricsFromTable(table)?.[0], column).toEqual({ metric: { name: 'Coverage', metric: 'coverage', target: '>= 80' }, line: 3, run: 'npm run coverage' });
    }
  });

  it('takes the commands of a "How we measure", "Mesure" or "Query" column, and leaves words there alone', () => {
    // unseen3/gh-epic lines 70-74, fr-sso lines 145-149, runbook-orders-db lines 106-110
    const table = (header: string[], rows: string[][]) => ({ kind: 'table' as const, line: 1, header, rows: rows.map((cells, i) => ({ cells, line: 3 + i })), codeSpans: [] });
    const epic = metricsFromTable(
      table(
        ['Metric', 'Baseline (June)', 'Target', 'How we measure'],
        [
          ['Outages caused by a single tenant', '2 / month', '0', 'incident tracker'],
          ['p99 latency of `/v2/orders`', '180 ms', '≤ 185 ms', '`./scripts/p99.sh v2-orders`'],
        ],
      ),
    );
    expect(epic?.map((row) => row.run)).toEqual([undefined, './scripts/p99.sh v2-orders']);
    const sso = metricsFromTable(
      table(['Indicateur', 'Valeur actuelle', 'Cible', 'Mesure'], [['Temps de connexion médian', '3,4 s', '≤ 2 s', '`./outils/mesure-login.sh --mediane`']]),
    );
    expect(sso?.[0]).toEqual({ metric: { name: 'Temps de connexion médian', metric: 'temps_de_connexion_median', baseline: 3.4, target: '<= 2' }, line: 3, run: './outils/mesure-login.sh --mediane' });
    const runbook = metricsFromTable(table(['Metric', 'Before (MySQL)', 'Target', 'Query'], [['p99 write latency', '22 ms', '≤ 30 ms', '`./bin/latency --p99 --op write`']]));
    expect(runbook?.[0]?.run).toBe('./bin/latency --p99 --op write');
  });

  it('does not take the metric\'s own column for commands, even when its header is "Query" or "Measurement"', () => {
    for (const column of ['Query', 'Measurement', 'Source']) {
      const table = { kind: 'table' as const, line: 1, header: [column, 'Before', 'Target'], rows: [{ cells: ['`SELECT count(*) FROM orders`', '22 ms', '≤ 30 ms'], line: 3 }], codeSpans: [] };
      expect(metricsFromTable(table)?.[0], column).toEqual({
        metric: { name: '`SELECT count(*) FROM orders`', metric: 'select_count_from_orders', baseline: 22, target: '<= 30' },
        line: 3,
      });
    }
  });

  it('finds a column of commands by its cells when its header says nothing', () => {
    const table = {
      kind: 'table' as const,
      line: 1,
      header: ['Metric', 'Target', 'How'],
      rows: [
        { cells: ['Coverage', '≥ 80 %', '`npm run coverage`'], line: 3 },
        { cells: ['Bundle size', '≤ 420 kB', '`./scripts/size.sh`'], line: 4 },
        { cells: ['Uptime', '≥ 99.9 %', 'status page'], line: 5 },
      ],
      codeSpans: [],
    };
    expect(metricsFromTable(table)?.map((row) => row.run)).toEqual(['npm run coverage', './scripts/size.sh', undefined]);
  });

  it('takes only command-like spans from a "Source" column', () => {
    const table = {
      kind: 'table' as const,
      line: 1,
      header: ['Metric', 'Target', 'Source'],
      rows: [
        { cells: ['Error rate', '< 1 %', '`grafana/orders`'], line: 3 },
        { cells: ['Latency', '≤ 200 ms', '`./bin/latency --p99`'], line: 4 },
      ],
      codeSpans: [],
    };
    expect(metricsFromTable(table)?.map((row) => row.run)).toEqual([undefined, './bin/latency --p99']);
  });

  it('takes no column of file names or single words for commands', () => {
    const table = {
      kind: 'table' as const,
      line: 1,
      header: ['Metric', 'Target', 'Owner file'],
      rows: [
        { cells: ['Coverage', '≥ 80 %', '`coverage.json`'], line: 3 },
        { cells: ['Latency', '≤ 200 ms', '`latency_ms`'], line: 4 },
      ],
      codeSpans: [],
    };
    expect(metricsFromTable(table)?.map((row) => row.run)).toEqual([undefined, undefined]);
  });

  it('reads a currency before a target or a baseline, and thousands grouped by spaces', () => {
    // unseen3/runbook-orders-db line 110: "| Monthly database cost | $4,100 | ≤ $3,000 | AWS Cost Explorer |"
    const table = { kind: 'table' as const, line: 1, header: ['Metric', 'Before (MySQL)', 'Target', 'Query'], rows: [{ cells: ['Monthly database cost', '$4,100', '≤ $3,000', 'AWS Cost Explorer'], line: 110 }], codeSpans: [] };
    expect(metricsFromTable(table)?.[0]).toEqual({ metric: { name: 'Monthly database cost', metric: 'monthly_database_cost', baseline: 4100, target: '<= 3000' }, line: 110 });
    expect(metricFromLine('Monthly cost ≤ $3,000 (today: $4,100)')).toMatchObject({ target: '<= 3000', baseline: 4100 });
    expect(metricFromLine('Coût mensuel : ≤ 3 000 € (aujourd’hui : 4\u202f100 €)')).toMatchObject({ target: '<= 3000', baseline: 4100 });
    expect(metricFromLine('Budget: ≤ €500')).toMatchObject({ target: '<= 500' });
    expect(numberOf('3 000')).toBe(3000);
    expect(numberOf('1\u00a0234,5')).toBe(1234.5);
  });

  it('compares no baseline in another currency', () => {
    const table = { kind: 'table' as const, line: 1, header: ['Metric', 'Before', 'Target'], rows: [{ cells: ['Cost', '4 100 €', '≤ $3,000'], line: 3 }], codeSpans: [] };
    expect(metricsFromTable(table)?.[0]?.metric).toEqual({ name: 'Cost', metric: 'cost', target: '<= 3000' });
  });

  it('reads "SLO" as the target column only when no other column is the target', () => {
    const table = { kind: 'table' as const, line: 1, header: ['Metric', 'Current', 'SLO'], rows: [{ cells: ['p95 latency', '300 ms', '≤ 200 ms'], line: 3 }], codeSpans: [] };
    expect(metricsFromTable(table)?.[0]).toEqual({ metric: { name: 'p95 latency', metric: 'p95_latency', baseline: 300, target: '<= 200' }, line: 3 });
  });
});
