/**
 * Whose handoffs an attempt gets: the actions it waits for directly. A phase's gate stands for the actions of
 * that phase it waited on, so the first action of a phase hears from the last ones of the phase before.
 */
import type { EngineState } from './state.js';

export function dependencyActions(state: EngineState, index: number): string[] {
  const ids = new Set<string>();
  const seen = new Set<number>();
  const visit = (pred: number): void => {
    if (seen.has(pred)) return;
    seen.add(pred);
    const node = state.domain.nodes[pred]!;
    if (node.kind === 'action') {
      if (state.nodes[pred]!.status === 'done') ids.add(node.id);
      return;
    }
    for (const before of state.nodes[pred]!.preds) if (state.domain.nodes[before]!.kind === 'action') visit(before);
  };
  for (const pred of state.nodes[index]!.preds) visit(pred);
  return [...ids];
}
