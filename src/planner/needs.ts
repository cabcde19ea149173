/**
 * Each action's effective direct predecessors, as action ids, for output (`baton plan --json` `needs`):
 * whatever made them so, explicit needs, required facts or phase order. Gate nodes are not shown; a gate
 * stands for the actions it waited on.
 */
import type { Planned } from './goap.js';
import { successors, topologicalOrder } from './graph.js';

/**
 * Maps each planned action to the ids of the actions it directly waits for. A gate is replaced by the sinks of
 * its phase (chosen actions with no successor inside that phase), which keeps the lists short: the other
 * actions of the phase are already behind those sinks. A gate of a phase with no chosen action stands for what
 * that gate waited on, recursively.
 */
export function directActionNeeds(planned: Planned): ReadonlyMap<string, readonly string[]> {
  const { nodes, preds } = planned;
  const sinks = phaseSinks(planned);
  const gateStandsFor: (readonly string[])[] = nodes.map(() => []);
  const needs = new Map<string, readonly string[]>(
    nodes.filter((node) => node.kind === 'action').map((node) => [node.id, []]),
  );
  const expand = (list: readonly number[]): string[] => {
    const ids = new Set<string>();
    for (const p of list) {
      if (nodes[p]!.kind === 'action') ids.add(nodes[p]!.id);
      else for (const id of gateStandsFor[p]!) ids.add(id);
    }
    return [...ids];
  };
  const order = topologicalOrder(nodes.length, successors(preds));
  if (order === undefined) throw new Error('internal: the planned graph has a cycle');
  for (const i of order) {
    const node = nodes[i]!;
    if (node.kind !== 'action') gateStandsFor[i] = sinks.get(node.phase) ?? expand(preds[i]!);
    else needs.set(node.id, expand(preds[i]!));
  }
  return needs;
}

/** Membership checks one action may spend on dropping implied needs; keeps wide phases from going quadratic. */
const REDUCTION_BUDGET = 4096;

/**
 * For reading, not for the contract: each action's needs without those another of its needs already needs (one
 * level of transitive reduction), so the third step of a sequential phase shows the second step, not also the
 * first and everything before the phase. Bounded per action, so wide phases stay linear.
 */
export function withoutImpliedNeeds(needs: ReadonlyMap<string, readonly string[]>): Map<string, readonly string[]> {
  return new Map([...needs].map(([id, list]) => [id, withoutImplied(list, needs)]));
}

function withoutImplied(list: readonly string[], needs: ReadonlyMap<string, readonly string[]>): readonly string[] {
  if (list.length < 2) return list;
  const listed = new Set(list);
  const implied = new Set<string>();
  let budget = REDUCTION_BUDGET;
  for (const id of list) {
    for (const deeper of needs.get(id) ?? []) {
      if (budget-- <= 0) return list.filter((need) => !implied.has(need));
      if (listed.has(deeper)) implied.add(deeper);
    }
  }
  return list.filter((need) => !implied.has(need));
}

/** Per phase, its chosen actions that no other chosen action of the same phase waits for. */
function phaseSinks(planned: Planned): Map<string, string[]> {
  const { nodes } = planned;
  const succ = successors(planned.preds);
  const sinks = new Map<string, string[]>();
  nodes.forEach((node, i) => {
    if (node.kind !== 'action') return;
    const inside = succ[i]!.some((s) => nodes[s]!.kind === 'action' && nodes[s]!.phase === node.phase);
    if (inside) return;
    const list = sinks.get(node.phase);
    if (list === undefined) sinks.set(node.phase, [node.id]);
    else list.push(node.id);
  });
  return sinks;
}
