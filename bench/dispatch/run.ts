/**
 * bench/dispatch: how fast baton dispatches work, against GNU make on the same graph.
 *
 * 1. 2,000 `true` tasks as 100 chains of 20, at concurrency 2: `baton run` (durable log included) against
 *    `make -j2` on the equivalent generated Makefile, alternated in one run, median of 5.
 * 2. A chain of 200 `true` tasks: the time per hop (one task's end to the next one's end), from baton's own event
 *    times, against make's wall time ÷ 200 on the same chain.
 *
 * Run from the repository root after `npm run build`: `npx tsx bench/dispatch/run.ts [rounds]`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openStore } from '../../src/store/open.js';

const BATON = resolve('bin/baton.js');
const rounds = Number(process.argv[2] ?? 5);

interface Graph {
  readonly dir: string;
  readonly tasks: number;
}

/** Writes plan.yaml and an equivalent Makefile for `chains` chains of `length` `true` tasks. */
function graph(chains: number, length: number): Graph {
  const dir = mkdtempSync(join(tmpdir(), 'baton-dispatch-'));
  const actions: string[] = [];
  const rules: string[] = [];
  const id = (c: number, i: number) => `c${c}-${i}`;
  for (let c = 0; c < chains; c++) {
    for (let i = 0; i < length; i++) {
      actions.push(`  - { id: ${id(c, i)}, run: "true"${i === 0 ? '' : `, needs: [${id(c, i - 1)}]`} }`);
      rules.push(`${id(c, i)}: ${i === 0 ? '' : id(c, i - 1)}\n\t@true`);
    }
  }
  const all = Array.from({ length: chains }, (_, c) => id(c, length - 1)).join(' ');
  const phony = Array.from({ length: chains * length }, (_, k) => id(Math.floor(k / length), k % length)).join(' ');
  writeFileSync(join(dir, 'plan.yaml'), `actions:\n${actions.join('\n')}\n`);
  writeFileSync(join(dir, 'Makefile'), `all: ${all}\n${rules.join('\n')}\n.PHONY: all ${phony}\n`);
  return { dir, tasks: chains * length };
}

function timed(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
  return ms;
}

function batonRun(dir: string): number {
  execFileSync('rm', ['-rf', join(dir, '.baton')]);
  return timed(process.execPath, [BATON, 'run', 'plan.yaml', '--concurrency', '2', '--json'], dir);
}

function makeRun(dir: string): number {
  return timed('make', ['-j2', '-s'], dir);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Per hop in baton's own log: from the first attempt's start to the run's end, over the tasks. */
function hopFromLog(dir: string, tasks: number): number {
  const store = openStore(join(dir, '.baton', 'baton.db'), { readonly: true });
  try {
    const events = store.events(store.latestRun()!.id);
    const first = events.find((e) => e.event.type === 'attempt.started')!.at;
    const last = events.findLast((e) => e.event.type === 'attempt.exited')!.at;
    return (last - first) / (tasks - 1);
  } finally {
    store.close();
  }
}

const wide = graph(100, 20);
const chain = graph(1, 200);
const baton: number[] = [];
const make: number[] = [];
batonRun(wide.dir); // warm-up: file cache, the binding's first load
makeRun(wide.dir);
for (let round = 0; round < rounds; round++) {
  baton.push(batonRun(wide.dir));
  make.push(makeRun(wide.dir));
}
const hops: number[] = [];
const makeChain: number[] = [];
for (let round = 0; round < rounds; round++) {
  batonRun(chain.dir);
  hops.push(hopFromLog(chain.dir, chain.tasks));
  makeChain.push(makeRun(chain.dir) / chain.tasks);
}

const b = median(baton);
const m = median(make);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log('| benchmark | baton (median) | make -j2 (median) | baton ÷ make | target |');
console.log('|---|---:|---:|---:|---|');
console.log(`| 2,000 \`true\` tasks, 100 chains of 20, concurrency 2 | ${b.toFixed(0)} ms | ${m.toFixed(0)} ms | ${(b / m).toFixed(2)}× | ≤ 2.0× |`);
console.log(`| 200-task chain, per hop | ${median(hops).toFixed(2)} ms | ${median(makeChain).toFixed(2)} ms | ${(median(hops) / median(makeChain)).toFixed(2)}× | ≤ 5 ms |`);
console.log(`runs (ms): baton ${baton.map((x) => x.toFixed(0)).join(', ')}; make ${make.map((x) => x.toFixed(0)).join(', ')}`);
