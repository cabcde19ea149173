/**
 * The SQL that keeps the read models (`runs`, `actions`, `attempts`) in step with the events. Statements are
 * prepared once per connection; project.ts decides which to run for each event, inside append's transaction.
 */
import type { AttemptOutcome, RunStatus, Usage } from '../engine/events.js';
import type { ActionState } from './rows.js';
import type { SqlDatabase, SqlStatement } from './sqlite.js';

/** Where an action belongs in the plan, which the events do not repeat. */
export interface ActionPlace {
  readonly phase: string;
  readonly agent: string;
}

/** States a replan leaves as they are: work that is finished or under way is not reset to `pending`. */
const KEPT_BY_REPLAN = `('done', 'running', 'retrying')`;

const SQL = {
  runCreated: `UPDATE runs SET status = 'running', file = ?, goal = ?, reason = NULL WHERE id = ?`,
  runStatus: `UPDATE runs SET status = ?, reason = ? WHERE id = ?`,
  touchRun: `UPDATE runs SET updated_at = ? WHERE id = ?`,
  planAction: `
    INSERT INTO actions (run, id, phase, agent, state, attempts, updated_at) VALUES (?, ?, ?, ?, 'pending', 0, ?)
    ON CONFLICT (run, id) DO UPDATE SET
      phase = COALESCE(excluded.phase, phase), agent = COALESCE(excluded.agent, agent),
      updated_at = CASE WHEN state IN ${KEPT_BY_REPLAN} THEN updated_at ELSE excluded.updated_at END,
      state = CASE WHEN state IN ${KEPT_BY_REPLAN} THEN state ELSE 'pending' END`,
  skipAction: `
    INSERT INTO actions (run, id, phase, agent, state, attempts, updated_at) VALUES (?, ?, ?, ?, 'skipped', 0, ?)
    ON CONFLICT (run, id) DO UPDATE SET
      phase = COALESCE(excluded.phase, phase), agent = COALESCE(excluded.agent, agent),
      updated_at = CASE WHEN state IN ('done', 'running') THEN updated_at ELSE excluded.updated_at END,
      state = CASE WHEN state IN ('done', 'running') THEN state ELSE 'skipped' END`,
  dropUnplanned: `
    UPDATE actions SET state = 'dropped', updated_at = ?
    WHERE run = ? AND state IN ('pending', 'interrupted') AND id NOT IN (SELECT value FROM json_each(?))`,
  startAction: `
    INSERT INTO actions (run, id, phase, agent, state, attempts, updated_at) VALUES (?, ?, ?, ?, 'running', ?, ?)
    ON CONFLICT (run, id) DO UPDATE SET
      phase = COALESCE(excluded.phase, phase), agent = COALESCE(excluded.agent, agent),
      state = 'running', attempts = MAX(attempts, excluded.attempts), updated_at = excluded.updated_at`,
  startAttempt: `
    INSERT INTO attempts (run, action, attempt, state, started_at) VALUES (?, ?, ?, 'running', ?)
    ON CONFLICT (run, action, attempt) DO UPDATE SET
      state = 'running', started_at = excluded.started_at, pid = NULL, log = NULL,
      ended_at = NULL, exit_code = NULL, signal = NULL, outcome = NULL`,
  spawnAttempt: `UPDATE attempts SET pid = ?, log = ? WHERE run = ? AND action = ? AND attempt = ?`,
  attemptUsage: `
    UPDATE attempts SET input_tokens = ?, output_tokens = ?, cost_usd = ?
    WHERE run = ? AND action = ? AND attempt = ?`,
  endAttempt: `
    UPDATE attempts SET state = ?, outcome = ?, exit_code = ?, signal = ?, ended_at = ?
    WHERE run = ? AND action = ? AND attempt = ?`,
  endAction: `UPDATE actions SET state = ?, updated_at = ? WHERE run = ? AND id = ? AND attempts = ?`,
  setAction: `UPDATE actions SET state = ?, updated_at = ? WHERE run = ? AND id = ?`,
  interruptAttempts: `UPDATE attempts SET state = 'interrupted' WHERE run = ? AND state = 'running'`,
  interruptActions: `UPDATE actions SET state = 'interrupted', updated_at = ? WHERE run = ? AND state = 'running'`,
} as const;

/** One method per change the projector makes; each is one or two prepared statements. */
export class ReadModels {
  private readonly statements: { readonly [K in keyof typeof SQL]: SqlStatement };

  constructor(db: SqlDatabase) {
    const entries = Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)] as const);
    this.statements = Object.fromEntries(entries) as ReadModels['statements'];
  }

  runCreated(run: string, file: string, goal: readonly string[]): void {
    this.statements.runCreated.run(file, JSON.stringify(goal), run);
  }

  runStatus(run: string, status: RunStatus, reason: string | null): void {
    this.statements.runStatus.run(status, reason, run);
  }

  touchRun(run: string, at: number): void {
    this.statements.touchRun.run(at, run);
  }

  /** Plans `actions` (pending), marks `skipped`, and drops what the new plan left out and nobody started. */
  planned(run: string, plan: PlannedActions, at: number): void {
    for (const id of plan.actions) this.upsert(this.statements.planAction, run, id, plan.place(id), at);
    for (const id of plan.skipped) this.upsert(this.statements.skipAction, run, id, plan.place(id), at);
    this.statements.dropUnplanned.run(at, run, JSON.stringify([...plan.actions, ...plan.skipped]));
  }

  attemptStarted(run: string, action: string, attempt: number, place: ActionPlace | undefined, at: number): void {
    this.statements.startAction.run(run, action, place?.phase ?? null, place?.agent ?? null, attempt, at);
    this.statements.startAttempt.run(run, action, attempt, at);
  }

  attemptSpawned(run: string, action: string, attempt: number, pid: number, log: string): void {
    this.statements.spawnAttempt.run(pid, log, run, action, attempt);
  }

  /** Ends the attempt; the action follows only if this is its latest attempt. */
  attemptExited(run: string, exit: AttemptExit, at: number): void {
    const { action, attempt, outcome } = exit;
    this.statements.endAttempt.run(outcome, outcome, exit.exitCode, exit.signal, at, run, action, attempt);
    if (exit.usage) this.attemptUsage(run, action, attempt, exit.usage);
    this.statements.endAction.run(actionStateAfter(exit), at, run, action, attempt);
  }

  /** An attempt's usage so far (cumulative): `baton status` shows the run's spend while it runs. */
  attemptUsage(run: string, action: string, attempt: number, usage: Usage): void {
    this.statements.attemptUsage.run(usage.inputTokens, usage.outputTokens, usage.costUsd ?? null, run, action, attempt);
  }

  actionState(run: string, action: string, state: ActionState, at: number): void {
    this.statements.setAction.run(state, at, run, action);
  }

  interrupted(run: string, at: number): void {
    this.statements.interruptAttempts.run(run);
    this.statements.interruptActions.run(at, run);
  }

  private upsert(statement: SqlStatement, run: string, id: string, place: ActionPlace | undefined, at: number): void {
    statement.run(run, id, place?.phase ?? null, place?.agent ?? null, at);
  }
}

/**
 * The action's state once an attempt ended. Stopped by baton (Ctrl-C, a crash): it runs again, so it did not
 * fail. In git the work counts once it is merged: until then the action is `merging`. Sent back by its reviewer:
 * it runs again (or fails, which `action.failed` then says).
 */
function actionStateAfter(exit: AttemptExit): ActionState {
  switch (exit.outcome) {
    case 'succeeded':
      return exit.commit === undefined ? 'done' : 'merging';
    case 'interrupted':
      return 'interrupted';
    case 'changes_requested':
      return 'retrying';
    default:
      return 'failed';
  }
}

export interface PlannedActions {
  readonly actions: readonly string[];
  readonly skipped: readonly string[];
  readonly place: (id: string) => ActionPlace | undefined;
}

export interface AttemptExit {
  readonly action: string;
  readonly attempt: number;
  readonly outcome: AttemptOutcome;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Present when the work was committed on a branch that still has to merge. */
  readonly commit?: string | undefined;
  readonly usage?: Usage | undefined;
}
