/** The `run.planned` event for a planner result: what replay needs to rebuild the graph without the planner. */
import type { Planned } from '../planner/goap.js';
import type { EngineEvent } from './events.js';

export function plannedEvent(planned: Planned, excluded: readonly string[] = []): EngineEvent {
  const ids = planned.nodes.map((node) => node.id);
  return {
    type: 'run.planned',
    actions: planned.nodes.filter((node) => node.kind === 'action').map((node) => node.id),
    nodes: planned.nodes.map((node, i) => ({ id: node.id, preds: planned.preds[i]!.map((p) => ids[p]!) })),
    skipped: planned.skipped,
    excluded,
  };
}
