/**
 * The runner: the engine core against real drivers and a durable log. One tick = the events drivers reported
 * since the last tick, applied together, plus every decision they led to, written in ONE transaction; only then
 * are the decisions carried out (processes started, gates run, timers set). So after a crash the log holds every
 * decision whose effect may have begun, and resume knows exactly which attempts were in flight.
 */
import { join } from 'node:path';
import { settle, stepAll } from './core.js';
import { OVER_BUDGET, overBudgetIfStopped } from './drivers.js';
import type { Drivers, Observer, RunLog } from './drivers.js';
import type { EngineEvent, StoredEvent } from './events.js';
import type { EngineState } from './state.js';
import { dependencyActions } from './dependencies.js';


export interface RunnerOptions {
  readonly run: string;
  readonly state: EngineState;
  readonly log: RunLog;
  readonly drivers: Drivers;
  /** `.baton/runs/<run>`. */
  readonly runDir: string;
  readonly observe: Observer;
  /** Events already in the log (replayed): new ones follow. */
  readonly lastSeq: number;
  /** How often to look for events other processes wrote (`baton approve`) while waiting. @default 250 */
  readonly pollMs?: number;
  readonly clock?: () => number;
}

export class Runner {
  private readonly inbox: EngineEvent[] = [];
  /** Foreign events found in a gap of our own append, for the next tick. */
  private readonly backlog: StoredEvent[] = [];
  private wake: (() => void) | undefined;
  private readonly inFlight = new Map<string, AbortController>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private busy = 0;
  private lastSeq: number;
  private stopping = false;
  private readonly clock: () => number;
  private budgetTimer: NodeJS.Timeout | undefined;
  /** A time budget may have run out: the next tick decides even without news. */
  private budgetDue = false;

  constructor(private readonly options: RunnerOptions) {
    this.lastSeq = options.lastSeq;
    this.clock = options.clock ?? Date.now;
  }

  get state(): EngineState {
    return this.options.state;
  }

  /** Drives the run until it is finished or interrupted and nothing is in flight. */
  async run(reported: readonly EngineEvent[] = []): Promise<EngineState> {
    this.options.drivers.attach?.((event) => this.report(event));
    try {
      const first = this.clock();
      this.commit(reported, reported.length > 0 ? stepAll(this.state, reported, first) : settle(this.state), first);
      this.scheduleBudgetCheck();
      while (this.state.status === 'running' || this.busy > 0) {
        if (this.inbox.length === 0) await this.waitForNews();
        const batch = this.inbox.splice(0);
        const foreign = this.takeForeign();
        const due = this.budgetDue;
        this.budgetDue = false;
        if (batch.length === 0 && foreign.length === 0 && !due) continue;
        // One reading of the clock per tick: the core decides at the time the events are stored with, so a
        // replay (which applies them at their stored time) rebuilds the same state, budgets' time included.
        const at = this.clock();
        this.commit(batch, stepAll(this.state, [...foreign, ...batch], at), at);
        this.scheduleBudgetCheck();
      }
      return this.state;
    } finally {
      for (const timer of this.timers) clearTimeout(timer);
      this.timers.clear();
      clearTimeout(this.budgetTimer);
      this.options.drivers.close?.();
    }
  }

  /**
   * Ctrl-C or SIGTERM: nothing new starts, running attempts are stopped (their process groups), and the run is
   * recorded as interrupted once they have ended. `force` (a second Ctrl-C) kills them at once.
   */
  interrupt(signal: string, force = false): void {
    if (!this.stopping) {
      this.stopping = true;
      this.report({ type: 'run.interrupted', signal });
    }
    for (const controller of this.inFlight.values()) controller.abort('stop');
    // An abort signal fires once; the second Ctrl-C goes past the grace period straight to SIGKILL.
    if (force) this.options.drivers.close?.();
  }

  /**
   * Queues an event for the next tick. A pid alone does not start a tick: it is written with the next one (the
   * attempt's exit at the latest), which halves the transactions per attempt. If baton dies before that, resume
   * still finds the process by the BATON_RUN marker in its environment.
   */
  private report(event: EngineEvent): void {
    this.inbox.push(event);
    if (event.type !== 'attempt.spawned') this.wake?.();
  }

  private commit(reported: readonly EngineEvent[], decided: readonly EngineEvent[], at: number): void {
    const events = [...reported, ...decided];
    if (events.length === 0) return;
    const stored = this.options.log.append(this.options.run, events, at);
    const first = stored[0]?.seq ?? this.lastSeq + 1;
    // Another process appended between our last read and this append: those events are applied next tick.
    if (first > this.lastSeq + 1) {
      this.backlog.push(...this.options.log.events(this.options.run, this.lastSeq).filter((e) => e.seq < first));
      this.wake?.();
    }
    this.lastSeq = stored.at(-1)?.seq ?? this.lastSeq;
    for (const event of stored) this.options.observe(event);
    for (const event of decided) this.carryOut(event);
  }

  private carryOut(event: EngineEvent): void {
    switch (event.type) {
      case 'attempt.started':
        return this.startAttempt(event.action, event.attempt, event.iteration);
      case 'merge.started':
        return this.track(this.merge(event.action, event.attempt, event.prefer));
      case 'gate.started':
        return this.track(this.runGate(event.phase, event.iteration));
      case 'loop.check':
        return this.track(this.checkLoop(event.phase));
      case 'retry.scheduled':
        return this.setTimer(event.action, event.at);
      case 'budget.exceeded':
        this.inFlight.get(`${event.action}#${event.attempt}`)?.abort(OVER_BUDGET);
        return;
      case 'run.finished':
        // --fail-fast: what still runs is stopped; its end is still recorded.
        for (const controller of this.inFlight.values()) controller.abort('stop');
        return;
      default:
        return;
    }
  }

  private startAttempt(actionId: string, attempt: number, iteration: number): void {
    const index = this.state.domain.byId.get(actionId)!;
    const action = this.state.domain.nodes[index]!.action!;
    const node = this.state.nodes[index]!;
    const controller = new AbortController();
    const key = `${actionId}#${attempt}`;
    this.inFlight.set(key, controller);
    const logFile = join(this.options.runDir, 'logs', `${actionId}.${attempt}.log`);
    const attemptRun = this.options.drivers.startAttempt({
      run: this.options.run,
      action,
      attempt,
      iteration,
      logFile,
      signal: controller.signal,
      onSpawn: (pid) => this.report({ type: 'attempt.spawned', action: actionId, attempt, pid, log: logFile }),
      mode: this.state.modes[index]!,
      conflict: node.conflict,
      onUsage: (usage) => this.reportUsage({ type: 'attempt.usage', action: actionId, attempt, usage }),
      budget: this.state.budget.remaining(this.state.budget.scopesOf(actionId), this.state.now),
      review: node.review,
      revise: node.revise,
      reviewRound: node.reviewRounds + 1,
      dependencies: dependencyActions(this.state, index),
    });
    this.track(
      attemptRun
        .then((result) => {
          this.report({ type: 'attempt.exited', action: actionId, attempt, ...overBudgetIfStopped(result, controller.signal) });
        })
        .finally(() => this.inFlight.delete(key)),
    );
  }

  /**
   * Usage is cumulative, so a newer report replaces one still waiting for the next tick: an agent that streams
   * usage with every message costs one write per tick, not one per message.
   */
  private reportUsage(event: Extract<EngineEvent, { type: 'attempt.usage' }>): void {
    const queued = this.inbox.findIndex((e) => e.type === 'attempt.usage' && e.action === event.action && e.attempt === event.attempt);
    if (queued >= 0) this.inbox[queued] = event;
    else this.report(event);
  }

  /**
   * While a budget limits time and attempts run, the core must look again when the earliest limit falls due,
   * even if no driver reports anything by then.
   */
  private scheduleBudgetCheck(): void {
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    this.budgetTimer = undefined;
    const { budget } = this.state;
    if (budget.unlimited || !budget.limitsTime || this.state.runningAttempts.size === 0) return;
    const due = budget.nextTimeLimit(this.clock());
    if (due === undefined) return;
    const delay = Math.max(0, due - this.clock()) + 5;
    this.budgetTimer = setTimeout(() => {
      this.budgetTimer = undefined;
      this.budgetDue = true;
      this.wake?.();
    }, delay);
  }

  private async runGate(phaseId: string, iteration: number): Promise<void> {
    const phase = this.state.plan.phases.find((p) => p.id === phaseId)!;
    const controller = this.controllerFor(`gate:${phaseId}`);
    try {
      const { checks, commit } = await this.options.drivers.runGate({ run: this.options.run, phase, iteration, signal: controller.signal });
      // A gate stopped by an interruption is neither passed nor failed: it runs again on resume.
      if (controller.signal.aborted) return;
      const passed = checks.every((c) => c.passed);
      this.report({ type: 'gate.finished', phase: phaseId, passed, checks, ...(commit === undefined ? {} : { commit }) });
    } finally {
      this.inFlight.delete(`gate:${phaseId}`);
    }
  }

  /**
   * A merge ends with the integration branch at the old tip or the new one. Ctrl-C stops a resolver working on
   * a conflicted merge; a merge stopped so is not recorded and is done again on resume.
   */
  private async merge(actionId: string, attempt: number, prefer: 'branch' | undefined): Promise<void> {
    const action = this.state.plan.actions.find((a) => a.id === actionId)!;
    const rule = this.state.plan.phases.find((p) => p.id === action.phase)!.conflicts;
    const { drivers } = this.options;
    if (!drivers.merge) throw new Error('internal: a merge was decided but the drivers cannot merge');
    const controller = this.controllerFor(`merge:${actionId}`);
    try {
      const result = await drivers.merge({
        run: this.options.run,
        action,
        attempt,
        commit: this.state.nodes[this.state.domain.byId.get(actionId)!]!.commit,
        rule,
        signal: controller.signal,
        ...(prefer ? { prefer } : {}),
      });
      if (!controller.signal.aborted) this.report({ type: 'merge.finished', action: actionId, attempt, ...result });
    } finally {
      this.inFlight.delete(`merge:${actionId}`);
    }
  }

  private async checkLoop(phaseId: string): Promise<void> {
    const phase = this.state.plan.phases.find((p) => p.id === phaseId)!;
    const controller = this.controllerFor(`loop:${phaseId}`);
    try {
      const holds = await this.options.drivers.sense(phase.until!, controller.signal, phaseId);
      if (!controller.signal.aborted) this.report({ type: 'loop.checked', phase: phaseId, holds });
    } finally {
      this.inFlight.delete(`loop:${phaseId}`);
    }
  }

  private controllerFor(key: string): AbortController {
    const controller = new AbortController();
    this.inFlight.set(key, controller);
    return controller;
  }

  private setTimer(action: string, at: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.report({ type: 'timer.fired', action });
    }, Math.max(0, at - this.clock()));
    this.timers.add(timer);
  }

  /** Counts work in flight so the loop does not end before its result is recorded. */
  private track(work: Promise<void>): void {
    this.busy++;
    work
      .catch((error: unknown) => this.report({ type: 'run.finished', status: 'failed', reason: `internal error: ${String(error)}` }))
      .finally(() => {
        this.busy--;
        this.wake?.();
      });
  }

  /**
   * Sleeps until a driver reports; while a phase waits for approval or an action for `baton resolve` (and so
   * nothing may happen here for long), also wakes every `pollMs` to look for events other processes wrote.
   */
  private async waitForNews(): Promise<void> {
    const waiting =
      [...this.state.phases.values()].some((phase) => phase.approval === 'waiting') || this.state.nodes.some((node) => node.status === 'blocked');
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wake = resolve;
      if (waiting) timer = setTimeout(resolve, this.options.pollMs ?? 250);
    });
    clearTimeout(timer);
    this.wake = undefined;
  }

  /**
   * Events another process wrote (`baton approve`) since the last read: applied in this tick, not written again.
   * One indexed read per tick, so an approval given while the run is busy is not missed.
   */
  private takeForeign(): EngineEvent[] {
    const foreign = [...this.backlog.splice(0), ...this.options.log.events(this.options.run, this.lastSeq)];
    if (foreign.length === 0) return [];
    this.lastSeq = Math.max(this.lastSeq, ...foreign.map((e) => e.seq));
    for (const stored of foreign) this.options.observe(stored);
    return foreign.map((stored) => stored.event);
  }
}
