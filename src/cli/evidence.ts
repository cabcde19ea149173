/**
 * `baton evidence [run] [action] [--json]`: what each attempt and gate of a run did, from its evidence files
 * (`.baton/runs/<run>/evidence/`), so a claim ("done", "tests pass") can be checked against the commands, exit
 * codes, commits and logs behind it. The run defaults to the latest, as for `baton status`; `latest` names it
 * explicitly, to filter by action. `--json` prints the records as they are stored.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { readEvidence } from '../agents/evidence.js';
import type { AttemptEvidence, CheckEvidence, GateCheckEvidence, GateEvidence, UsageEvidence } from '../agents/evidence.js';
import { BadInputError } from '../errors.js';
import { didYouMean } from '../plan/suggest.js';
import { openStore } from '../store/open.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { resolveTarget, withTarget } from './target.js';
import type { Target, TargetOptions } from './target.js';

type Colors = ReturnType<typeof paint>;

export function registerEvidence(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    program
      .command('evidence')
      .description("what each attempt and gate of a run did: commands, exits, commits, diff, checks and their logs, usage, handoff, reviews (default: the latest run)")
      .argument('[run]', 'a run id, or latest')
      .argument('[action]', "only this action's attempts")
      .option('--json', 'print the evidence records as JSON'),
  ).action(async (run: string | undefined, action: string | undefined, options: TargetOptions & { json?: boolean }) => {
    result.code = await showEvidence(resolveTarget(options), run, action, options.json === true, io);
  });
}

async function showEvidence(target: Target, runArg: string | undefined, action: string | undefined, json: boolean, io: Io): Promise<number> {
  const run = pickRun(target, runArg === 'latest' ? undefined : runArg);
  const runDir = join(runsDir(target), run);
  const records = await readEvidence(runDir, action === undefined ? {} : { action });
  if (action !== undefined && records.length === 0) {
    const actions = new Set((await readEvidence(runDir)).flatMap((e) => (e.kind === 'attempt' ? [e.action] : [])));
    throw new BadInputError(`run ${run} has no evidence for action "${action}"${didYouMean(action, actions)}${actions.size > 0 ? `; actions with evidence: ${[...actions].join(', ')}` : ''}`);
  }
  if (json) {
    io.out(`${JSON.stringify(records, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = paint(io);
  io.out(`${c.bold(`run ${run}`)} ${c.dim(runDir)}\n`);
  if (records.length === 0) io.out(`  no evidence recorded yet\n`);
  for (const record of records) io.out(`\n${record.kind === 'attempt' ? attemptBlock(record, c) : gateBlock(record, c)}`);
  return EXIT.ok;
}

function runsDir(target: Target): string {
  return join(target.cwd, '.baton', 'runs');
}

/**
 * The run to show: the one named, or the latest — from the database when there is one (as `baton status`
 * picks it), else the newest run directory (run ids sort by their start time).
 */
function pickRun(target: Target, id: string | undefined): string {
  const onDisk = runDirectories(target);
  const inStore = storeRuns(target);
  if (id === undefined) {
    const latest = inStore.latest ?? onDisk[0];
    if (latest === undefined) throw new BadInputError(`no runs here yet: ${runsDir(target)} holds none (start one with baton run <plan>, or point --cwd at a target)`);
    return latest;
  }
  if (onDisk.includes(id) || inStore.all.includes(id)) return id;
  const recent = [...new Set([...inStore.all, ...onDisk])].sort().reverse().slice(0, 5);
  throw new BadInputError(`unknown run "${id}"${didYouMean(id, recent)}; ${recent.length === 0 ? 'there are no runs here' : `recent runs: ${recent.join(', ')}`} (see baton runs)`);
}

/** Run directories, newest first. */
function runDirectories(target: Target): string[] {
  const dir = runsDir(target);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort().reverse();
}

function storeRuns(target: Target): { latest: string | undefined; all: string[] } {
  if (!existsSync(target.db)) return { latest: undefined, all: [] };
  const store = openStore(target.db, { readonly: true });
  try {
    return { latest: store.latestRun()?.id, all: store.runs().map((run) => run.id) };
  } finally {
    store.close();
  }
}

function attemptBlock(e: AttemptEvidence, c: Colors): string {
  const lines = [`${c.bold(e.action)}  attempt ${e.attempt}${e.iteration > 1 ? ` (round ${e.iteration})` : ''}  agent ${e.agent} (${e.adapter})  ${outcomeText(e.outcome, c)}`];
  const row = (label: string, text: string) => lines.push(`  ${label.padEnd(9)} ${text}`);
  row('command', typeof e.command === 'string' ? e.command : e.command.map(quoteArg).join(' '));
  row('process', [exitText(e.exit), durationText(e.started_at, e.ended_at), e.pid === null ? '' : `pid ${e.pid}`, e.workspace === null ? '' : `workspace ${e.workspace}`].filter(Boolean).join(' · '));
  if (e.base_commit !== null || e.result_commit !== null) row('commits', `${short(e.base_commit)} → ${short(e.result_commit)}`);
  if (e.diff_stat.length > 0) row('diff', diffText(e.diff_stat));
  for (const check of e.setup) row('setup', checkText(check, c));
  for (const check of e.verify) row('verify', checkText(check, c));
  if (e.usage) row('usage', usageText(e.usage));
  if (e.handoff) row('handoff', `${e.handoff.file}${e.handoff.synthesized ? c.dim(' (synthesized by baton: the agent wrote none)') : ''}`);
  for (const review of e.reviews) {
    const reasons = review.reasons.length > 0 ? `: ${review.reasons.join('; ')}` : '';
    row('review', `${review.reviewer} round ${review.round}: ${review.verdict ?? 'no verdict read'}${reasons}${review.usage ? c.dim(` (${usageText(review.usage)})`) : ''}`);
  }
  if (e.prompt) row('prompt', `${e.prompt.file}${e.prompt.tokens === null ? '' : c.dim(` (~${e.prompt.tokens} tokens)`)}`);
  if (e.log !== null) row('log', e.log);
  if (e.final_message) row('message', firstLine(e.final_message));
  return `${lines.join('\n')}\n`;
}

function gateBlock(e: GateEvidence, c: Colors): string {
  const head = `${c.bold(`gate ${e.phase}`)}  iteration ${e.iteration}  ${e.passed ? c.green('passed') : c.red('failed')}`;
  const lines = [`${head}  on ${short(e.commit)}  ${durationText(e.started_at, e.ended_at)}`];
  if (e.checks.length === 0) lines.push(`  ${c.dim('no checks')}`);
  for (const check of e.checks) lines.push(`  ${checkText(check, c)}${metricText(check)}`);
  return `${lines.join('\n')}\n`;
}

function checkText(check: CheckEvidence, c: Colors): string {
  const mark = check.passed ? c.green('✓') : c.red('✗');
  const exit = check.exit === null ? 'killed' : `exit ${check.exit}`;
  return `${mark} ${check.name}: ${check.command}  ${c.dim(`${exit}, ${msText(check.duration_ms)}`)}${check.log === null ? '' : `  ${check.log}`}`;
}

function metricText(check: GateCheckEvidence): string {
  const metric = check.metric;
  if (!metric) return '';
  const parts = [metric.target === null ? '' : `target ${metric.target}`, metric.baseline === null ? '' : `baseline ${metric.baseline}`].filter(Boolean);
  return `\n      ${metric.name} = ${metric.value ?? 'not measured'}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

function outcomeText(outcome: AttemptEvidence['outcome'], c: Colors): string {
  return outcome === 'succeeded' ? c.green(outcome) : outcome === 'interrupted' ? c.yellow(outcome) : c.red(outcome);
}

function exitText(exit: AttemptEvidence['exit']): string {
  if (exit === null) return 'no exit recorded';
  return exit.code === null ? `killed by ${exit.signal ?? 'a signal'}` : `exit ${exit.code}`;
}

function diffText(stat: AttemptEvidence['diff_stat']): string {
  const added = stat.reduce((sum, entry) => sum + (entry.added ?? 0), 0);
  const deleted = stat.reduce((sum, entry) => sum + (entry.deleted ?? 0), 0);
  const files = stat.slice(0, 3).map((entry) => entry.file).join(', ') + (stat.length > 3 ? `, … ${stat.length - 3} more` : '');
  return `${stat.length} file${stat.length === 1 ? '' : 's'}, +${added} −${deleted} (${files})`;
}

function usageText(usage: UsageEvidence): string {
  const cost = usage.cost_usd === null ? '' : `, $${usage.cost_usd.toFixed(4)}`;
  return `${usage.input_tokens.toLocaleString('en-US')} in + ${usage.output_tokens.toLocaleString('en-US')} out tokens${cost}`;
}

function durationText(startedAt: string, endedAt: string | null): string {
  if (endedAt === null) return 'not ended';
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) ? msText(ms) : '';
}

/** `850ms`, `12.3s`, `4m 05s`, `2h 03m`: wall time, not working days. */
function msText(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)}m ${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(whole / 3600)}h ${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}

function short(commit: string | null): string {
  return commit === null ? '-' : commit.slice(0, 10);
}

function quoteArg(arg: string): string {
  const shown = firstLine(arg);
  return /^[\w@%+=:,./-]+$/.test(shown) ? shown : `'${shown.replace(/'/g, `'\\''`)}'`;
}

/** The first line, cut to 160 characters, marked when something was left out. */
function firstLine(text: string): string {
  const [first = ''] = text.split('\n');
  const cut = first.length > 160 ? first.slice(0, 160) : first;
  return cut.length < text.length ? `${cut}…` : cut;
}
