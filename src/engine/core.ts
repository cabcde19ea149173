/**
 * The engine core: `(state, event) → (state, decisions)`. A reported event is applied, then the core decides
 * until it has nothing more to decide; each decision is applied as it is made. Drivers write the events (reported
 * and decided, one tick in one transaction) and carry out what the decisions ask for.
 */
import type { Plan } from '../plan/model.js';
import { buildDomain } from '../planner/domain.js';
import { apply } from './apply.js';
import { nextDecisions } from './decide.js';
import type { EngineEvent, RunOptions, StoredEvent } from './events.js';
import { createState } from './state.js';
import type { EngineState } from './state.js';

/** A fresh state for a run of `plan`; feed it `run.created`, `run.sensed`, `run.planned` to start. */
export function newRunState(plan: Plan, options: RunOptions): EngineState {
  return createState(plan, buildDomain(plan), options);
}

/** Applies a reported event, then returns the decisions it led to (already applied to `state`). */
export function step(state: EngineState, event: EngineEvent, at: number): EngineEvent[] {
  apply(state, event, at);
  return settle(state);
}

/**
 * Applies events that arrived together (exits at the same instant, a driver's batch), then decides once, so a
 * choice is made with everything that is known at that moment.
 */
export function stepAll(state: EngineState, events: readonly EngineEvent[], at: number): EngineEvent[] {
  // Time passes even without events: a time budget can run out with nothing reported.
  state.now = Math.max(state.now, at);
  for (const event of events) apply(state, event, at);
  return settle(state);
}

/** Decides until there is nothing left to decide without news from a driver. */
export function settle(state: EngineState): EngineEvent[] {
  const decided: EngineEvent[] = [];
  for (let batch = nextDecisions(state); batch.length > 0; batch = nextDecisions(state)) {
    for (const event of batch) {
      apply(state, event, state.now);
      decided.push(event);
    }
  }
  return decided;
}

/** Rebuilds a run's state from its stored events, as it was after the last one. */
export function replay(state: EngineState, events: readonly StoredEvent[]): EngineState {
  for (const stored of events) apply(state, stored.event, stored.at);
  return state;
}
