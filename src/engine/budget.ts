/**
 * Budgets: what each scope (the run, an agent, a phase, an action) may spend, and what it has spent, in tokens,
 * US dollars and attempt wall time. Spend comes from events (`attempt.usage` while an attempt runs, its final
 * usage and duration in `attempt.exited`), so replay rebuilds it exactly. The core stops an attempt whose scope
 * went over (`budget.exceeded`) and does not start one whose scope is already spent.
 *
 * Time is attempt wall time summed over the scope's attempts: two attempts running for an hour at once spend two
 * hours, as money would. A running attempt's time counts from its start to the core's `now`.
 */
import type { Budget, Plan } from '../plan/model.js';
import type { RunBudget, Usage } from './events.js';

export interface Spend {
  tokens: number;
  costUsd: number;
  timeMs: number;
}

/**
 * One scope's limits, with the name people see (`run`, `agent devops`, `phase quick-wins`, `action cache`), what
 * it spent, and its running attempts as a count and the sum of their start times: their wall time so far is
 * `count · now − startSum`, one multiplication however many run.
 */
interface Scope {
  readonly name: string;
  readonly limit: Budget;
  readonly spent: Spend;
  running: number;
  startSum: number;
}

/** What an attempt may still spend: the tightest of its scopes per measure; `undefined` where none limits it. */
export interface Remaining {
  readonly tokens?: number;
  readonly costUsd?: number;
  readonly timeS?: number;
}

export class BudgetLedger {
  private readonly scopes = new Map<string, Scope>();
  /** Per running attempt (`action#attempt`): its usage so far, when it started, the scopes it spends in. */
  private readonly live = new Map<string, { usage: Usage; startedAt: number; scopes: readonly string[] }>();
  private total: Spend = { tokens: 0, costUsd: 0, timeMs: 0 };

  /** Per action, the scopes its attempts spend in, most specific first. */
  private readonly actionScopes = new Map<string, readonly string[]>();

  constructor(plan: Plan, run: RunBudget | undefined) {
    for (const action of plan.actions) this.actionScopes.set(action.id, [`action:${action.id}`, `agent:${action.agent}`, `phase:${action.phase}`, 'run']);
    this.add('run', 'run', tightest(plan.budget, run));
    for (const agent of Object.values(plan.agents)) this.add(`agent:${agent.id}`, `agent ${agent.id}`, agent.budget);
    for (const phase of plan.phases) this.add(`phase:${phase.id}`, `phase ${phase.id}`, phase.budget);
    for (const action of plan.actions) this.add(`action:${action.id}`, `action ${action.id}`, action.budget);
    this.limitsTime = [...this.scopes.values()].some((scope) => scope.limit.timeS !== undefined);
  }

  /** The scopes an action's attempts spend in, most specific first. */
  scopesOf(actionId: string): readonly string[] {
    return this.actionScopes.get(actionId) ?? ['run'];
  }

  /** True when nothing in the plan or on the command line limits spending: the core skips every check. */
  get unlimited(): boolean {
    return this.scopes.size === 0;
  }

  /** Whether any scope limits wall time: only then does a running attempt need a wake-up to be stopped on time. */
  readonly limitsTime: boolean;

  started(key: string, scopeKeys: readonly string[], at: number): void {
    this.live.set(key, { usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 }, startedAt: at, scopes: scopeKeys });
    for (const scope of this.scopesIn(scopeKeys)) {
      scope.running++;
      scope.startSum += at;
    }
  }

  /** Cumulative usage of a running attempt: the difference since its last report is charged to its scopes. */
  usage(key: string, usage: Usage): void {
    const entry = this.live.get(key);
    if (!entry) return;
    this.charge(entry.scopes, usage, entry.usage, 0);
    entry.usage = usage;
  }

  /**
   * The attempt ended at `at`: its last usage and its wall time from start to end (place, setup, the agent,
   * verify, review: what the live count charged while it ran) are charged, and it no longer runs.
   */
  ended(key: string, usage: Usage | undefined, at: number): void {
    const entry = this.live.get(key);
    if (!entry) return;
    this.live.delete(key);
    for (const scope of this.scopesIn(entry.scopes)) {
      scope.running--;
      scope.startSum -= entry.startedAt;
    }
    this.charge(entry.scopes, usage ?? entry.usage, entry.usage, Math.max(0, at - entry.startedAt));
  }

  /**
   * The first scope of `scopeKeys` that is spent at `now`, counting the wall time of attempts still running in
   * it (`running`: their keys and scopes), with what was spent and the limit; `undefined` when none is.
   */
  exceeded(scopeKeys: readonly string[], now: number): string | undefined {
    for (const scope of this.scopesIn(scopeKeys)) {
      const over = overBy(scope.limit, { ...scope.spent, timeMs: scope.spent.timeMs + liveTime(scope, now) });
      if (over) return `${scope.name} ${over}`;
    }
    return undefined;
  }

  /** What an attempt in `scopeKeys` may still spend at `now`. */
  remaining(scopeKeys: readonly string[], now: number): Remaining {
    let tokens = Infinity;
    let costUsd = Infinity;
    let timeS = Infinity;
    for (const scope of this.scopesIn(scopeKeys)) {
      const { limit, spent } = scope;
      if (limit.tokens !== undefined) tokens = Math.min(tokens, limit.tokens - spent.tokens);
      if (limit.costUsd !== undefined) costUsd = Math.min(costUsd, limit.costUsd - spent.costUsd);
      if (limit.timeS !== undefined) timeS = Math.min(timeS, limit.timeS - (spent.timeMs + liveTime(scope, now)) / 1000);
    }
    return {
      ...(tokens < Infinity ? { tokens: Math.max(0, tokens) } : {}),
      ...(costUsd < Infinity ? { costUsd: Math.max(0, costUsd) } : {}),
      ...(timeS < Infinity ? { timeS: Math.max(0, timeS) } : {}),
    };
  }

  /**
   * The earliest instant at which a time limit runs out with the attempts running now (a scope with k of them
   * spends k ms per ms), so the runner can wake then; `undefined` when no running attempt has a time limit still
   * to run out.
   */
  nextTimeLimit(now: number): number | undefined {
    let earliest: number | undefined;
    for (const scope of this.scopes.values()) {
      if (scope.limit.timeS === undefined || scope.running === 0) continue;
      const left = scope.limit.timeS * 1000 - scope.spent.timeMs - liveTime(scope, now);
      // Spent already: its attempts are being stopped, and their exits wake the runner.
      if (left <= 0) continue;
      const at = now + left / scope.running;
      if (earliest === undefined || at < earliest) earliest = at;
    }
    return earliest;
  }

  /** Spend of the whole run so far (finished attempts and the usage running ones reported). */
  get runSpend(): Spend {
    return { ...this.total };
  }

  private add(key: string, name: string, limit: Budget | undefined): void {
    if (!limit || (limit.tokens === undefined && limit.costUsd === undefined && limit.timeS === undefined)) return;
    this.scopes.set(key, { name, limit, spent: { tokens: 0, costUsd: 0, timeMs: 0 }, running: 0, startSum: 0 });
  }

  private charge(scopeKeys: readonly string[], now: Usage, before: Usage, timeMs: number): void {
    const tokens = now.inputTokens + now.outputTokens - before.inputTokens - before.outputTokens;
    const costUsd = (now.costUsd ?? 0) - (before.costUsd ?? 0);
    this.total = { tokens: this.total.tokens + tokens, costUsd: this.total.costUsd + costUsd, timeMs: this.total.timeMs + timeMs };
    for (const scope of this.scopesIn(scopeKeys)) {
      scope.spent.tokens += tokens;
      scope.spent.costUsd += costUsd;
      scope.spent.timeMs += timeMs;
    }
  }

  private scopesIn(scopeKeys: readonly string[]): Scope[] {
    return scopeKeys.flatMap((key) => {
      const scope = this.scopes.get(key);
      return scope ? [scope] : [];
    });
  }
}

/** The wall time a scope's running attempts have spent by `now`. */
function liveTime(scope: Scope, now: number): number {
  return scope.limit.timeS === undefined ? 0 : Math.max(0, scope.running * now - scope.startSum);
}

/** The tighter of the plan's run budget and the command line's, per measure. */
function tightest(plan: Budget | undefined, run: RunBudget | undefined): Budget | undefined {
  if (!plan && !run) return undefined;
  const min = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  return { tokens: min(plan?.tokens, run?.tokens), costUsd: min(plan?.costUsd, run?.costUsd), timeS: min(plan?.timeS, run?.timeS) };
}

/** Which measure a spend has reached its limit in, as words: `cost $5.02 of $5.00`. */
function overBy(limit: Budget, spent: Spend): string | undefined {
  if (limit.tokens !== undefined && spent.tokens >= limit.tokens) return `tokens ${spent.tokens} of ${limit.tokens}`;
  if (limit.costUsd !== undefined && spent.costUsd >= limit.costUsd) return `cost $${spent.costUsd.toFixed(2)} of $${limit.costUsd.toFixed(2)}`;
  if (limit.timeS !== undefined && spent.timeMs >= limit.timeS * 1000) return `time ${formatS(spent.timeMs / 1000)} of ${formatS(limit.timeS)}`;
  return undefined;
}

function formatS(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  return `${(seconds / 3600).toFixed(1)}h`;
}
