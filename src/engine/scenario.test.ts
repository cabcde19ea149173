/**
 * A hand-driven run of the engine core for scenario tests: it feeds `run.created`, `run.sensed` and `run.planned`,
 * then reports what a driver would report (exits, gate results, loop checks, timers, approvals) at virtual times,
 * and records every event, reported or decided, with its time, as the store would. `play` answers the decisions
 * itself from a script, for scenarios that only care about the end.
 *
 * Vitest runs every `*.test.ts` file, and this one holds shared helpers, so its own tests run only when vitest
 * runs this file, not when another test file imports it.
 */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/model.js';
import { defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import { checkPlanText } from '../planner/load.js';
import { newRunState, replay, stepAll } from './core.js';
import type { AttemptOutcome, EngineEvent, RunOptions, StoredEvent } from './events.js';
import { plannedEvent } from './planned-event.js';
import type { EngineState, NodeStatus } from './state.js';

/** A plan from YAML text, as `baton run` would load it; throws listing the problems when it is not valid. */
export function yamlPlan(text: string): Plan {
  const { plan, problems } = checkPlanText('plan.yaml', text);
  if (!plan || problems.length > 0) throw new Error(`invalid test plan:\n${problems.map((p) => p.message).join('\n')}`);
  return plan;
}

/** What a driver answers, for `play`: attempts, gates and loop checks consume their lists in order, then pass. */
export interface Script {
  /** Outcomes of an action's attempts in order; once the list is spent, attempts succeed. */
  readonly attempts?: Readonly<Record<string, readonly AttemptOutcome[]>>;
  /** Results of a phase's gate runs in order; once the list is spent, gates pass. */
  readonly gates?: Readonly<Record<string, readonly boolean[]>>;
  /** Answers of a loop phase's `until` sensor in order; once the list is spent, it holds. */
  readonly until?: Readonly<Record<string, readonly boolean[]>>;
  /** Stop after the tick that decides this event, leaving what was answered unreported: a crash. */
  readonly crashAfter?: (event: EngineEvent) => boolean;
}

interface Pending {
  readonly at: number;
  readonly event: EngineEvent;
}

const MINUTE = 60_000;

/** The key that ties a decision asking the world for something to the report that answers it. */
function requestKey(event: EngineEvent): string | undefined {
  switch (event.type) {
    case 'attempt.started':
    case 'attempt.exited':
      return `attempt ${event.action} #${event.attempt}`;
    case 'gate.started':
    case 'gate.finished':
      return `gate ${event.phase}`;
    case 'loop.check':
    case 'loop.checked':
      return `until ${event.phase}`;
    case 'retry.scheduled':
    case 'timer.fired':
      return `timer ${event.action}`;
    case 'phase.waiting':
    case 'phase.approved':
      return `approval ${event.phase}`;
    default:
      return undefined;
  }
}

const REQUESTS = new Set<EngineEvent['type']>(['attempt.started', 'gate.started', 'loop.check', 'retry.scheduled', 'phase.waiting']);

export class Scenario {
  /** Every event applied, reported and decided, with the time it was applied: what the store would hold. */
  readonly log: StoredEvent[] = [];
  now = 0;
  /** Called after every tick (a report and its decisions), to watch the state as it moves. */
  onTick: ((state: EngineState) => void) | undefined;
  /** Decisions that ask the world for something not reported yet, by request key: what a driver has in hand. */
  private readonly open = new Map<string, EngineEvent>();
  /** Answers `play` has scheduled and not reported yet. */
  private readonly pending: Pending[] = [];
  private readonly scheduled = new Set<string>();
  private readonly used = new Map<string, number>();

  constructor(
    readonly plan: Plan,
    readonly state: EngineState,
  ) {}

  /** A scenario for `plan`; options default to no limits, no fail-fast, no `--yes`, the plan's goal, 1 s backoff. */
  static of(plan: Plan, overrides: Partial<RunOptions> = {}): Scenario {
    return new Scenario(plan, newRunState(plan, runOptions(plan, overrides)));
  }

  static yaml(text: string, overrides: Partial<RunOptions> = {}): Scenario {
    return Scenario.of(yamlPlan(text), overrides);
  }

  /**
   * A crashed run picked up again, as `baton resume` would: the state is replayed from the events stored before
   * the crash, the attempts that were in flight are reported interrupted and the run resumed. Everything the
   * crashed driver had in hand is gone, except approvals still awaited.
   */
  static resume(plan: Plan, options: RunOptions, stored: readonly StoredEvent[]): { scenario: Scenario; decided: EngineEvent[] } {
    const scenario = new Scenario(plan, replay(newRunState(plan, options), stored));
    scenario.log.push(...stored);
    scenario.now = scenario.state.now;
    for (const { event } of stored) scenario.track(event);
    for (const [key, event] of scenario.open) if (event.type !== 'phase.waiting' && event.type !== 'attempt.started') scenario.open.delete(key);
    const interrupted = [...scenario.open.values()].flatMap((event) =>
      event.type === 'attempt.started' ? [exited(event.action, event.attempt, 'interrupted')] : [],
    );
    const decided = scenario.reportAll([...interrupted, { type: 'run.resumed', pid: 2 }]);
    return { scenario, decided };
  }

  /** Creates, senses (`sensed` plus the plan's true facts) and plans the run; returns the first decisions. */
  start(sensed: readonly string[] = []): EngineEvent[] {
    const facts = [...Object.keys(this.plan.facts).filter((fact) => this.plan.facts[fact]), ...sensed];
    this.report({ type: 'run.created', file: this.plan.file, planText: '', options: this.state.options });
    this.report({ type: 'run.sensed', facts });
    const planned = planActions(this.state.domain, { initial: new Set(facts), goal: this.state.options.goal });
    return this.report(plannedEvent(planned));
  }

  /** Reports one event at `at` (default: now) and returns the decisions it led to. */
  report(event: EngineEvent, at = this.now): EngineEvent[] {
    return this.reportAll([event], at);
  }

  /** Reports events that arrived together, then returns what the core decided with all of them known. */
  reportAll(events: readonly EngineEvent[], at = this.now): EngineEvent[] {
    this.now = Math.max(this.now, at);
    const decided = stepAll(this.state, events, this.now);
    for (const event of [...events, ...decided]) {
      this.record(event);
      this.track(event);
    }
    this.onTick?.(this.state);
    return decided;
  }

  /** The current attempt of `action` ended with `outcome`, `after` milliseconds from now (default 1 minute). */
  exit(action: string, outcome: AttemptOutcome = 'succeeded', after = MINUTE): EngineEvent[] {
    return this.report(exited(action, this.node(action).attempts, outcome), this.now + after);
  }

  /** Several attempts ended well at the same instant. */
  exitAll(actions: readonly string[], after = MINUTE): EngineEvent[] {
    const events = actions.map((action) => exited(action, this.node(action).attempts, 'succeeded'));
    return this.reportAll(events, this.now + after);
  }

  gate(phase: string, passed: boolean): EngineEvent[] {
    return this.report(gateFinished(phase, passed));
  }

  check(phase: string, holds: boolean): EngineEvent[] {
    return this.report({ type: 'loop.checked', phase, holds });
  }

  /** The retry timer of `action` fires at the time it was set for. */
  fire(action: string): EngineEvent[] {
    const at = this.state.retryAt.get(this.index(action));
    if (at === undefined) throw new Error(`no retry timer for ${action}`);
    return this.report({ type: 'timer.fired', action }, at);
  }

  approve(phase: string): EngineEvent[] {
    return this.report({ type: 'phase.approved', phase, by: 'tester' });
  }

  /**
   * Starts the run if it was not, then answers every request in hand from `script`, and the requests those
   * answers lead to, until nothing is left to report (or `script.crashAfter` says stop). Attempts take their
   * estimate; gates and loop checks a second; approvals a minute.
   */
  play(script: Script = {}): this {
    const crashed = (events: readonly EngineEvent[]) => events.some((event) => script.crashAfter?.(event) ?? false);
    if (this.log.length === 0 && crashed(this.start())) return this;
    for (;;) {
      for (const [key, request] of this.open) {
        if (this.scheduled.has(key)) continue;
        this.scheduled.add(key);
        this.pending.push(this.answer(request, script));
      }
      if (this.pending.length === 0) return this;
      const at = Math.min(...this.pending.map((p) => p.at));
      const batch = this.pending.filter((p) => p.at === at);
      this.pending.splice(0, this.pending.length, ...this.pending.filter((p) => p.at !== at));
      if (crashed(this.reportAll(batch.map((p) => p.event), at))) return this;
    }
  }

  status(id: string): NodeStatus {
    return this.node(id).status;
  }

  /** Ids of the nodes (actions and gates) in `status`. */
  ids(status: NodeStatus): string[] {
    return this.state.nodes.flatMap((node, index) => (node.status === status ? [this.state.domain.nodes[index]!.id] : []));
  }

  node(id: string): EngineState['nodes'][number] {
    return this.state.nodes[this.index(id)]!;
  }

  /** The events of one type in the whole log, in order. */
  events<T extends EngineEvent['type']>(type: T): Extract<EngineEvent, { type: T }>[] {
    return this.log.map((stored) => stored.event).filter((event): event is Extract<EngineEvent, { type: T }> => event.type === type);
  }

  private index(id: string): number {
    const index = this.state.domain.byId.get(id);
    if (index === undefined) throw new Error(`no node ${id}`);
    return index;
  }

  private record(event: EngineEvent): void {
    this.log.push({ run: 'r1', seq: this.log.length + 1, at: this.now, event });
  }

  /** Opens a request for a decision that asks for something; closes it when its answer is applied. */
  private track(event: EngineEvent): void {
    const key = requestKey(event);
    if (key === undefined) return;
    if (REQUESTS.has(event.type)) {
      this.open.set(key, event);
    } else {
      this.open.delete(key);
      this.scheduled.delete(key);
    }
  }

  /** What the scripted world reports in answer to a request, and when. */
  private answer(request: EngineEvent, script: Script): Pending {
    const later = (after: number, event: EngineEvent): Pending => ({ at: this.now + after, event });
    switch (request.type) {
      case 'attempt.started': {
        const outcome = this.next(`attempt ${request.action}`, script.attempts?.[request.action]) ?? 'succeeded';
        const durationMs = this.state.domain.nodes[this.index(request.action)]!.durationS * 1000;
        return later(durationMs, exited(request.action, request.attempt, outcome));
      }
      case 'gate.started':
        return later(1000, gateFinished(request.phase, this.next(`gate ${request.phase}`, script.gates?.[request.phase]) ?? true));
      case 'loop.check': {
        const holds = this.next(`until ${request.phase}`, script.until?.[request.phase]) ?? true;
        return later(1000, { type: 'loop.checked', phase: request.phase, holds });
      }
      case 'retry.scheduled':
        return later(request.at - this.now, { type: 'timer.fired', action: request.action });
      case 'phase.waiting':
        return later(MINUTE, { type: 'phase.approved', phase: request.phase, by: 'tester' });
      default:
        throw new Error(`internal: ${request.type} asks for nothing`);
    }
  }

  private next<T>(key: string, list: readonly T[] | undefined): T | undefined {
    const used = this.used.get(key) ?? 0;
    this.used.set(key, used + 1);
    return list?.[used];
  }
}

export function runOptions(plan: Plan, overrides: Partial<RunOptions> = {}): RunOptions {
  const goal = plan.goal ?? defaultGoal(plan);
  return { concurrency: Infinity, failFast: false, yes: false, goal, workers: null, retryBackoffMs: 1000, ...overrides };
}

export function gateFinished(phase: string, passed: boolean): EngineEvent {
  const checks = [{ name: 'tests', exitCode: passed ? 0 : 1, passed, durationMs: 1000 }];
  return { type: 'gate.finished', phase, passed, checks };
}

export function exited(action: string, attempt: number, outcome: AttemptOutcome): EngineEvent {
  const exitCode = outcome === 'succeeded' ? 0 : outcome === 'interrupted' ? null : 1;
  return { type: 'attempt.exited', action, attempt, outcome, exitCode, signal: null, durationMs: MINUTE, verify: [] };
}

/** The actions whose attempts were started, in order. */
export function started(events: readonly EngineEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'attempt.started' ? [event.action] : []));
}

/** The types of `events`, in order. */
export function types(events: readonly EngineEvent[]): string[] {
  return events.map((event) => event.type);
}

if (expect.getState().testPath === import.meta.filename) {
  describe('the scenario driver', () => {
    it('answers every decision of a run and records each event with its time', () => {
      const run = Scenario.yaml(`
        actions:
          - { id: a, run: "true", estimate: 2m }
          - { id: b, run: "true", needs: [a], estimate: 3m }
      `).play();
      expect(run.state.status).toBe('succeeded');
      expect(types(run.log.map((s) => s.event)).slice(0, 4)).toEqual(['run.created', 'run.sensed', 'run.planned', 'attempt.started']);
      expect(run.log.at(-1)).toMatchObject({ at: 5 * MINUTE, event: { type: 'run.finished', status: 'succeeded' } });
      expect(run.log.map((s) => s.seq)).toEqual(run.log.map((_, i) => i + 1));
    });
  });
}
