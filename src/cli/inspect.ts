/**
 * Commands that read a run: `baton status [run] [--json]` (contract: `{ run, state, actions: [{ id, state,
 * attempts }] }`), `baton runs`, and `baton logs <run> <action> [--attempt N]`.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { BadInputError } from '../errors.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/store.js';
import type { AttemptRow, RunRow } from '../store/rows.js';
import { spendText } from '../report/run-lines.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { positiveInt } from './options.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';

export function registerInspect(program: Command, io: Io, result: CommandResult): void {
  withTarget(program.command('status').description('the state of a run and of each of its actions (default: the latest run)').argument('[run]').option('--json', 'print the status as JSON'))
    .action((run: string | undefined, options: TargetOptions & { json?: boolean }) => {
      result.code = withStore(options, (store) => status(store, run, options.json === true, io));
    });
  withTarget(program.command('runs').description('list the runs in this directory, newest first').option('--json', 'print the runs as JSON'))
    .action((options: TargetOptions & { json?: boolean }) => {
      result.code = withStore(options, (store) => listRuns(store, options.json === true, io));
    });
  withTarget(program.command('logs').description("print an action's log (default: its latest attempt)").argument('<run>').argument('<action>').option('--attempt <n>', 'which attempt', positiveInt('--attempt')))
    .action((run: string, action: string, options: TargetOptions & { attempt?: number }) => {
      result.code = withStore(options, (store) => printLog(store, run, action, options.attempt, io));
    });
}

/** Opens the store read-only for `fn`; a directory without runs is bad input, not a crash. */
export function withStore(options: TargetOptions, fn: (store: Store) => number): number {
  const target = resolveTarget(options);
  if (!existsSync(target.db)) throw new BadInputError(`no runs here: ${target.db} does not exist (use --cwd or --db)`);
  const store = openStore(target.db, { readonly: true });
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

export function findRun(store: Store, id: string | undefined): RunRow {
  const row = id === undefined ? store.latestRun() : store.run(id);
  if (row) return row;
  throw new BadInputError(id === undefined ? 'no runs here yet (start one with baton run <plan>)' : `unknown run "${id}" (see baton runs)`);
}

function status(store: Store, id: string | undefined, json: boolean, io: Io): number {
  const run = findRun(store, id);
  const actions = store.actions(run.id);
  const spend = spendOf(store.attempts(run.id));
  if (json) {
    const body = {
      run: run.id,
      state: run.status,
      file: run.file,
      spend: spendJson(spend.total),
      actions: actions.map((a) => ({ id: a.id, state: a.state, attempts: a.attempts, phase: a.phase, agent: a.agent, spend: spendJson(spend.byAction.get(a.id)) })),
    };
    io.out(`${JSON.stringify(body, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = paint(io);
  io.out(`${c.bold(`run ${run.id}`)} ${run.status} ${c.dim(run.file)}\n`);
  if (spend.total.tokens > 0 || spend.total.costUsd !== undefined) io.out(`  spent ${spendText(spend.total.tokens, spend.total.costUsd)}\n`);
  const width = Math.max(8, ...actions.map((a) => a.id.length));
  for (const action of actions) {
    const spent = spend.byAction.get(action.id);
    const extra = spent && spent.tokens > 0 ? `, ${spendText(spent.tokens, spent.costUsd)}` : '';
    io.out(`  ${action.id.padEnd(width)}  ${action.state.padEnd(10)} ${c.dim(`${action.attempts} attempt${action.attempts === 1 ? '' : 's'}${extra}`)}\n`);
  }
  return EXIT.ok;
}

interface Spent {
  tokens: number;
  inputTokens: number;
  outputTokens: number;
  /** `undefined` when no attempt reported a cost. */
  costUsd: number | undefined;
}

/** What the run and each action spent, from the attempts' usage (live: running attempts report as they go). */
function spendOf(attempts: readonly AttemptRow[]): { total: Spent; byAction: Map<string, Spent> } {
  const total: Spent = { tokens: 0, inputTokens: 0, outputTokens: 0, costUsd: undefined };
  const byAction = new Map<string, Spent>();
  for (const attempt of attempts) {
    let action = byAction.get(attempt.action);
    if (!action) byAction.set(attempt.action, (action = { tokens: 0, inputTokens: 0, outputTokens: 0, costUsd: undefined }));
    for (const into of [total, action]) {
      into.inputTokens += attempt.inputTokens;
      into.outputTokens += attempt.outputTokens;
      into.tokens += attempt.inputTokens + attempt.outputTokens;
      if (attempt.costUsd !== null) into.costUsd = (into.costUsd ?? 0) + attempt.costUsd;
    }
  }
  return { total, byAction };
}

function spendJson(spent: Spent | undefined): { input_tokens: number; output_tokens: number; cost_usd: number | null } {
  return { input_tokens: spent?.inputTokens ?? 0, output_tokens: spent?.outputTokens ?? 0, cost_usd: spent?.costUsd === undefined ? null : Number(spent.costUsd.toFixed(6)) };
}


function listRuns(store: Store, json: boolean, io: Io): number {
  const runs = store.runs();
  if (json) io.out(`${JSON.stringify(runs.map((r) => ({ run: r.id, state: r.status, file: r.file, created_at: new Date(r.createdAt).toISOString() })), null, 2)}\n`);
  else for (const run of runs) io.out(`${run.id}  ${run.status.padEnd(11)} ${new Date(run.createdAt).toISOString()}  ${run.file}\n`);
  return EXIT.ok;
}

function printLog(store: Store, runId: string, action: string, attempt: number | undefined, io: Io): number {
  const run = findRun(store, runId);
  const attempts = store.attempts(run.id, action);
  if (attempts.length === 0) throw new BadInputError(`run ${run.id} has no attempt of action "${action}"`);
  const chosen = attempt === undefined ? attempts.at(-1)! : attempts.find((a) => a.attempt === attempt);
  if (!chosen) throw new BadInputError(`--attempt: action "${action}" has attempts 1 to ${attempts.length}, got ${attempt}`);
  if (!chosen.log || !existsSync(chosen.log)) throw new BadInputError(`attempt ${chosen.attempt} of "${action}" has no log (it may not have started)`);
  io.out(readFileSync(chosen.log, 'utf8'));
  return EXIT.ok;
}
