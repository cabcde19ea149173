/** Reads of the read models, for status, reports and the CLI's choice of a run. */
import { toActionRow, toAttemptRow, toRunRow, type ActionRow, type AttemptRow, type RunRow } from './rows.js';
import type { SqlDatabase, SqlStatement } from './sqlite.js';

const RUN_COLUMNS = 'id, created_at, updated_at, file, status, goal, reason';
const ATTEMPT_COLUMNS = 'run, action, attempt, state, pid, log, started_at, ended_at, exit_code, signal, outcome, input_tokens, output_tokens, cost_usd';

export class Queries {
  private readonly allRuns: SqlStatement;
  private readonly oneRun: SqlStatement;
  private readonly newestRun: SqlStatement;
  private readonly runActions: SqlStatement;
  private readonly runAttempts: SqlStatement;
  private readonly actionAttempts: SqlStatement;

  constructor(db: SqlDatabase) {
    // Run ids start with their UTC creation time, so id breaks ties between runs created in the same millisecond.
    const newestFirst = 'ORDER BY created_at DESC, id DESC';
    this.allRuns = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ${newestFirst}`);
    this.oneRun = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`);
    this.newestRun = db.prepare(`SELECT ${RUN_COLUMNS} FROM runs ${newestFirst} LIMIT 1`);
    this.runActions = db.prepare(
      'SELECT run, id, phase, agent, state, attempts, updated_at FROM actions WHERE run = ? ORDER BY id',
    );
    this.runAttempts = db.prepare(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE run = ? ORDER BY started_at, action, attempt`,
    );
    this.actionAttempts = db.prepare(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE run = ? AND action = ? ORDER BY attempt`,
    );
  }

  runs(): RunRow[] {
    return this.allRuns.all().map(toRunRow);
  }

  run(id: string): RunRow | undefined {
    const row = this.oneRun.get(id);
    return row === undefined ? undefined : toRunRow(row);
  }

  latestRun(): RunRow | undefined {
    const row = this.newestRun.get();
    return row === undefined ? undefined : toRunRow(row);
  }

  actions(run: string): ActionRow[] {
    return this.runActions.all(run).map(toActionRow);
  }

  attempts(run: string, action?: string): AttemptRow[] {
    const rows = action === undefined ? this.runAttempts.all(run) : this.actionAttempts.all(run, action);
    return rows.map(toAttemptRow);
  }
}
