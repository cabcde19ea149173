/**
 * Resume benchmark: `npm run bench:resume` (or `npx tsx bench/resume/run.ts`).
 *
 * Builds a crashed run of 10,000 actions (100 chains of 100 `true` actions; build.ts) in a real store in a temp
 * directory, without running a process, stopped half way with attempts in flight. Then, 5 times, in a fresh process
 * each, measures what `baton resume` does before it drives the run (measure.ts): open, read, parse the plan, replay,
 * first decision, and that process's RSS; and, as the reference, in a fresh process too, the same rows read by a
 * bare `SELECT` and `JSON.parse`. Prints medians as Markdown tables.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildRun, chainsPlanText } from './build.js';
import type { BuiltRun } from './build.js';
import { referenceRead, resumeSteps } from './measure.js';
import type { ReferenceSample, ResumeSample } from './measure.js';

const RUNS = 5;
const CHAINS = 100;
const LENGTH = 100;
/** Attempts at once while the run was building: `baton run --concurrency 16`. */
const CONCURRENCY = 16;

/** Runs this file in a fresh process with the same loader, in `mode`, and reads its JSON back. */
function apart<T>(mode: 'resume' | 'reference', file: string, run: string): T {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', mode, file, run], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`${mode} measurement failed:\n${child.stderr}`);
  return JSON.parse(child.stdout) as T;
}

function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

function stat<T>(samples: readonly T[], pick: (s: T) => number): { median: number; min: number; max: number } {
  const values = samples.map(pick);
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));

function report(built: BuiltRun, dbBytes: number, planBytes: number, buildS: number, resumes: ResumeSample[], references: ReferenceSample[]): string {
  const total = (s: ResumeSample): number => s.openMs + s.readMs + s.parseMs + s.replayMs + s.decideMs;
  const reference = (s: ReferenceSample): number => s.selectMs + s.parseMs;
  const steps: [string, (s: ResumeSample) => number][] = [
    ['open the store, find the run', (s) => s.openMs],
    ['read the events (`store.events`)', (s) => s.readMs],
    ['parse the stored plan (`checkPlanText`)', (s) => s.parseMs],
    ['`newRunState` + `replay`', (s) => s.replayMs],
    ['first decision (in-flight attempts interrupted, `run.resumed`, `stepAll`)', (s) => s.decideMs],
    ['**resume, total**', total],
  ];
  const refs: [string, (s: ReferenceSample) => number][] = [
    ['reference: bare `SELECT` of the same rows', (s) => s.selectMs],
    ['reference: `JSON.parse` of each row', (s) => s.parseMs],
    ['**reference, total**', reference],
  ];
  const lines = [
    `${built.actions} actions, ${built.done} done, ${built.inFlight} in flight; ${built.events} events in ${built.appends} appends; ` +
      `plan ${(planBytes / 1024).toFixed(0)} KB; database ${(dbBytes / 1024 / 1024).toFixed(1)} MB; built in ${buildS.toFixed(1)} s.`,
    '',
    `| step (median of ${RUNS} fresh processes) | ms | min–max ms |`,
    '|---|---:|---:|',
  ];
  for (const [label, pick] of steps) {
    const s = stat(resumes, pick);
    lines.push(`| ${label} | ${ms(s.median)} | ${ms(s.min)}–${ms(s.max)} |`);
  }
  for (const [label, pick] of refs) {
    const s = stat(references, pick);
    lines.push(`| ${label} | ${ms(s.median)} | ${ms(s.min)}–${ms(s.max)} |`);
  }
  const ratio = median(resumes.map(total)) / median(references.map(reference));
  const readRatio = median(resumes.map((s) => s.readMs)) / median(references.map(reference));
  const withoutPlan = median(resumes.map((s) => total(s) - s.parseMs)) / median(references.map(reference));
  lines.push('', `resume / reference: ${ratio.toFixed(1)}×; without the plan parse: ${withoutPlan.toFixed(1)}×; read step / reference: ${readRatio.toFixed(1)}×. ` +
    `First decision: ${resumes[0]!.inFlight} interrupted attempts, ${resumes[0]!.decisions} decisions.`);
  lines.push('', '| process | RSS after loading, MB | RSS at the end, MB | peak RSS (VmHWM), MB |', '|---|---:|---:|---:|');
  const memoryRow = (label: string, samples: readonly (ResumeSample | ReferenceSample)[]): string =>
    `| ${label} | ${median(samples.map((s) => s.baselineRssMb)).toFixed(0)} | ${median(samples.map((s) => s.rssMb)).toFixed(0)} | ${median(samples.map((s) => s.peakRssMb)).toFixed(0)} |`;
  lines.push(memoryRow('resume', resumes), memoryRow('reference', references));
  return lines.join('\n');
}

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-resume-'));
  try {
    const file = join(dir, 'baton.db');
    const planFile = join(dir, 'chains.plan.yaml');
    const planText = chainsPlanText(CHAINS, LENGTH);
    writeFileSync(planFile, planText);
    const start = performance.now();
    const built = buildRun(file, planFile, planText, CONCURRENCY);
    const buildS = (performance.now() - start) / 1000;
    const dbBytes = statSync(file).size + (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);
    const resumes: ResumeSample[] = [];
    const references: ReferenceSample[] = [];
    for (let i = 0; i < RUNS; i++) {
      resumes.push(apart<ResumeSample>('resume', file, built.run));
      references.push(apart<ReferenceSample>('reference', file, built.run));
    }
    console.log(report(built, dbBytes, Buffer.byteLength(planText), buildS, resumes, references));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
if (args[0] === '--child') {
  const [, mode, file, run] = args;
  process.stdout.write(JSON.stringify(mode === 'resume' ? resumeSteps(file!) : referenceRead(file!, run!)));
} else {
  main();
}
