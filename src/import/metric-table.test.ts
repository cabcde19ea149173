import { describe, expect, it } from 'vitest';
import { metricsFromTable } from './metric-table.js';

describe('metric table', () => {
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

  it('reads a currency before a target or a baseline in a table', () => {
    // unseen3/runbook-orders-db line 110: "| Monthly database cost | $4,100 | ≤ $3,000 | AWS Cost Explorer |"
    const table = { kind: 'table' as const, line: 1, header: ['Metric', 'Before (MySQL)', 'Target', 'Query'], rows: [{ cells: ['Monthly database cost', '$4,100', '≤ $3,000', 'AWS Cost Explorer'], line: 110 }], codeSpans: [] };
    expect(metricsFromTable(table)?.[0]).toEqual({ metric: { name: 'Monthly database cost', metric: 'monthly_database_cost', baseline: 4100, target: '<= 3000' }, line: 110 });
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
