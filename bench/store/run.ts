/**
 * Store benchmark: `npx tsx bench/store/run.ts [--better-sqlite3 <dir>]`.
 *
 * Measures, on real files in a temp directory, with the store's own schema and connection pragmas:
 * - **insert**: the bare binding writing rows into `events` (gapless trigger included), one row per
 *   transaction and 100 rows per transaction, with `synchronous = NORMAL` (the store's choice) and `FULL`;
 * - **append**: `store.append` itself (seq, insert, projection into the read models), 1 and 100 events per call;
 * - **replay**: `store.events(run)`, reading a run's log back as the engine does on resume.
 * Payloads are realistic events of about 200 bytes of JSON. Each figure is the median of 5 runs after a warm-up.
 *
 * better-sqlite3 is not a dependency; to compare it, install it apart and point at it:
 * `npm install --prefix /tmp/bs3 better-sqlite3@12.11.1 && npx tsx bench/store/run.ts --better-sqlite3 /tmp/bs3`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineEvent } from '../../src/engine/events.js';
import { connectionPragmas, openStore } from '../../src/store/open.js';
import { MIGRATIONS } from '../../src/store/schema.js';
import { openDatabase, type SqlDatabase } from '../../src/store/sqlite.js';

const RUNS = 5;
type Open = (file: string) => SqlDatabase;

/** An event like those a run writes most: an attempt's end, about 200 bytes as JSON. */
const EXITED: EngineEvent = {
  type: 'attempt.exited',
  action: 'disk-cleanup',
  attempt: 2,
  outcome: 'failed',
  exitCode: 1,
  signal: null,
  durationMs: 12873,
  verify: [{ name: 'verify', exitCode: 1, passed: false, durationMs: 412 }],
};

/** Runs `measure` once to warm up, then RUNS times. */
function repeat<T>(measure: () => T): T[] {
  measure();
  return Array.from({ length: RUNS }, measure);
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
}

function inTempDir<T>(body: (file: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-'));
  try {
    return body(join(dir, 'baton.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows per second inserted by the bare binding, `batch` rows per transaction. */
function insertRate(open: Open, synchronous: string, batch: number, total: number): number {
  return inTempDir((file) => {
    const db = open(file);
    for (const pragma of connectionPragmas()) db.exec(pragma);
    db.exec(`PRAGMA synchronous = ${synchronous}`);
    for (const migration of MIGRATIONS) db.exec(migration);
    db.exec(`INSERT INTO runs (id, created_at, updated_at, file, status) VALUES ('r1', 0, 0, 'plan.yaml', 'running')`);
    const insert = db.prepare(`INSERT INTO events VALUES ('r1', ?, ?, 'attempt.exited', 1, ?)`);
    const data = JSON.stringify(EXITED);
    const start = performance.now();
    for (let seq = 1; seq <= total; ) {
      db.exec('BEGIN IMMEDIATE');
      for (let i = 0; i < batch; i++, seq++) insert.run(seq, Date.now(), data);
      db.exec('COMMIT');
    }
    const seconds = (performance.now() - start) / 1000;
    db.close();
    return total / seconds;
  });
}

/** A realistic mix: an attempt starts, is spawned, exits; the read models change on each. */
function attemptEvents(i: number): EngineEvent[] {
  const action = `a${i % 50}`;
  const attempt = Math.floor(i / 50) + 1;
  return [
    { type: 'attempt.started', action, attempt, iteration: 0 },
    { type: 'attempt.spawned', action, attempt, pid: 4242, log: `.baton/runs/r1/logs/${action}.${attempt}.log` },
    { ...EXITED, action, attempt } as EngineEvent,
  ];
}

/** Events per second through `store.append`, `batch` events per call; and events per second read back. */
function storeRates(batch: number, total: number): { append: number; replay: number } {
  return inTempDir((file) => {
    const store = openStore(file);
    store.createRun('r1', 'plan.yaml', 0);
    const ids = Array.from({ length: 50 }, (_, i) => `a${i}`);
    store.append('r1', [{ type: 'run.planned', actions: ids, nodes: [], skipped: [], excluded: [] }], 0);
    const events = Array.from({ length: Math.ceil(total / 3) }, (_, i) => attemptEvents(i)).flat();
    const start = performance.now();
    for (let i = 0; i < events.length; i += batch) store.append('r1', events.slice(i, i + batch), Date.now());
    const append = events.length / ((performance.now() - start) / 1000);
    const read = performance.now();
    const count = store.events('r1').length;
    const replay = count / ((performance.now() - read) / 1000);
    store.close();
    return { append, replay };
  });
}

function loadBetterSqlite3(dir: string): Open {
  const Database = createRequire(join(dir, 'noop.js'))('better-sqlite3') as new (file: string) => unknown;
  return (file) => new Database(file) as SqlDatabase;
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function rate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString('en-US')} | ${(1e6 / perSecond).toFixed(1)}`;
}

function bindingRows(name: string, open: Open): string[] {
  const lines: string[] = [];
  for (const synchronous of ['NORMAL', 'FULL']) {
    for (const [batch, total] of [[1, 5_000], [100, 50_000]] as const) {
      const perSecond = median(repeat(() => insertRate(open, synchronous, batch, total)));
      lines.push(row([name, synchronous, batch, rate(perSecond)]));
    }
  }
  return lines;
}

function main(args: readonly string[]): void {
  const bindings: [string, Open][] = [['libsql', openDatabase]];
  const flag = args.indexOf('--better-sqlite3');
  const dir = flag >= 0 ? args[flag + 1] : undefined;
  if (dir !== undefined) bindings.push(['better-sqlite3', loadBetterSqlite3(dir)]);
  console.log('Bare binding, rows into `events` (store schema and pragmas):\n');
  console.log(row(['binding', 'synchronous', 'rows / transaction', 'rows/s', 'µs / row']));
  console.log('|---|---|---:|---:|---:|');
  for (const [name, open] of bindings) for (const line of bindingRows(name, open)) console.log(line);
  console.log('\n`store.append` (libsql, synchronous = NORMAL; seq, insert, projection) and `store.events` replay:\n');
  console.log(row(['events / append', 'append events/s', 'µs / event', 'replay events/s']));
  console.log('|---:|---:|---:|---:|');
  for (const [batch, total] of [[1, 5_000], [100, 30_000]] as const) {
    const results = repeat(() => storeRates(batch, total));
    const append = median(results.map((r) => r.append));
    const replay = median(results.map((r) => r.replay));
    console.log(row([batch, rate(append), Math.round(replay).toLocaleString('en-US')]));
  }
}

main(process.argv.slice(2));
