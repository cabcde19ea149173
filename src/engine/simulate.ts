/**
 * The engine core under a virtual clock: every attempt takes its estimate and succeeds, gates pass, loops end
 * after their first round, approvals are given. This is `baton simulate`, and the way tests and
 * bench/makespan drive the real scheduling logic without processes.
 */
import type { Plan } from '../plan/model.js';
import { OrderedHeap } from '../planner/heap.js';
import type { ScheduleEntry } from '../planner/analysis.js';
import { newRunState, settle, step, stepAll } from './core.js';
import type { EngineEvent, PlannedNode, RunOptions } from './events.js';
import type { EngineState } from './state.js';
import { poolOf } from './state.js';

export interface SimulationInput {
  readonly plan: Plan;
  readonly options: RunOptions;
  readonly facts: readonly string[];
  readonly planned: { readonly nodes: readonly PlannedNode[]; readonly actions: readonly string[]; readonly skipped: readonly string[] };
}

export interface Simulation {
  readonly schedule: readonly ScheduleEntry[];
  readonly makespanS: number;
  readonly status: string;
  readonly events: number;
}

interface Pending {
  readonly at: number;
  readonly event: EngineEvent;
}

export function simulate(input: SimulationInput): Simulation {
  // The timeline of the work as estimated: budgets limit what agents spend, which estimates do not model, so a
  // time budget must not cut the simulated attempts short.
  const state = newRunState(withoutBudgets(input.plan), { ...input.options, budget: {} });
  const queue: Pending[] = [];
  const heap = new OrderedHeap((a, b) => queue[a]!.at < queue[b]!.at || (queue[a]!.at === queue[b]!.at && a < b));
  const slots = new SlotBook();
  const schedule: ScheduleEntry[] = [];
  let count = 0;
  const react = (events: readonly EngineEvent[]) => {
    for (const event of events) {
      count++;
      const outcome = effect(state, event, slots, schedule);
      if (outcome) heap.push(queue.push(outcome) - 1);
    }
  };
  const start: EngineEvent[] = [
    { type: 'run.created', file: input.plan.file, planText: '', options: input.options },
    { type: 'run.sensed', facts: input.facts },
    { type: 'run.planned', ...input.planned, excluded: [] },
  ];
  for (const event of start) react(step(state, event, 0));
  react(settle(state));
  while (heap.size > 0 && state.status === 'running') {
    const at = queue[heap.peek()]!.at;
    const batch: EngineEvent[] = [];
    while (heap.size > 0 && queue[heap.peek()]!.at === at) batch.push(queue[heap.pop()]!.event);
    count += batch.length;
    react(stepAll(state, batch, at));
  }
  return { schedule, makespanS: state.now / 1000, status: state.status, events: count };
}

/** What the virtual world does in answer to a decision: the event it will report, and when. */
function effect(state: EngineState, event: EngineEvent, slots: SlotBook, schedule: ScheduleEntry[]): Pending | undefined {
  const now = state.now;
  switch (event.type) {
    case 'attempt.started': {
      const index = state.domain.byId.get(event.action)!;
      const node = state.domain.nodes[index]!;
      const end = now + node.durationS * 1000;
      const pool = poolOf(state, index);
      schedule.push({ id: node.id, agent: node.agent ?? pool, slot: slots.take(pool, now, end), startS: now / 1000, endS: end / 1000 });
      const exited: EngineEvent = { type: 'attempt.exited', action: event.action, attempt: event.attempt, outcome: 'succeeded', exitCode: 0, signal: null, durationMs: end - now, verify: [] };
      return { at: end, event: exited };
    }
    case 'gate.started':
      return { at: now, event: { type: 'gate.finished', phase: event.phase, passed: true, checks: [] } };
    case 'loop.check':
      return { at: now, event: { type: 'loop.checked', phase: event.phase, holds: true } };
    case 'retry.scheduled':
      return { at: event.at, event: { type: 'timer.fired', action: event.action } };
    case 'phase.waiting':
      return { at: now, event: { type: 'phase.approved', phase: event.phase, by: 'simulate' } };
    default:
      return undefined;
  }
}

/** Lanes of a Gantt chart: the lowest slot of a pool that is free at the start time. */
class SlotBook {
  private readonly freeAt = new Map<string, number[]>();

  take(pool: string, start: number, end: number): number {
    const lanes = this.freeAt.get(pool) ?? [];
    this.freeAt.set(pool, lanes);
    let slot = lanes.findIndex((free) => free <= start);
    if (slot < 0) slot = lanes.push(0) - 1;
    lanes[slot] = end;
    return slot;
  }
}

function withoutBudgets(plan: Plan): Plan {
  const agents = Object.fromEntries(Object.entries(plan.agents).map(([id, agent]) => [id, { ...agent, budget: undefined }]));
  return {
    ...plan,
    budget: undefined,
    agents,
    phases: plan.phases.map((phase) => ({ ...phase, budget: undefined })),
    actions: plan.actions.map((action) => ({ ...action, budget: undefined })),
  };
}
