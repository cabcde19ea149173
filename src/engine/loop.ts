/**
 * Loop phases: when the phase's actions are done, `until` is checked — by its sensor when it has one, else by
 * the facts the actions provided. If it holds the gate runs; if not, the actions run again as fresh attempts,
 * up to `max_iterations`. A loop that reaches its bound with `until` still false has failed. A loop without
 * `until` runs `max_iterations` times, then its gate.
 */
import type { Phase } from '../plan/model.js';
import type { EngineEvent } from './events.js';
import { failureDecisions } from './failure.js';
import type { EngineState } from './state.js';

/** The loop's decision at its gate, or `undefined` when the gate itself should run now. */
export function loopDecisions(state: EngineState, gate: number, phase: Phase): EngineEvent[] | undefined {
  const runtime = state.phases.get(phase.id)!;
  const max = phase.maxIterations ?? 1;
  if (phase.until !== undefined && runtime.untilHolds === undefined) {
    if (phase.until in state.plan.sensors) return [{ type: 'loop.check', phase: phase.id, iteration: runtime.iteration }];
    return [{ type: 'loop.checked', phase: phase.id, holds: state.facts.has(phase.until) }];
  }
  if (runtime.untilHolds === true) return undefined;
  if (runtime.iteration < max) return [{ type: 'loop.repeat', phase: phase.id, iteration: runtime.iteration + 1 }];
  if (phase.until === undefined) return undefined;
  return failureDecisions(state, gate, `loop reached max_iterations (${max}) and "${phase.until}" still does not hold`);
}
