/**
 * Checks that need the plan as a graph: dependency cycles (printed as `a → b → c → a`, each waiting for the next)
 * and a goal that no set of actions can reach. They run only on a plan whose references all resolve.
 */
import { GoalUnreachableError, SearchBoundError } from '../errors.js';
import type { Problem } from '../errors.js';
import type { Path, Plan } from '../plan/model.js';
import { buildDomain, defaultGoal } from './domain.js';
import type { Domain, PlanNode } from './domain.js';
import { planActions } from './goap.js';
import { findCycles } from './graph.js';

/** Cycles first; reachability only when there are none, since a cycle would be its only reason. */
export function checkGraph(plan: Plan): Problem[] {
  const domain = buildDomain(plan);
  const cycles = checkCycles(domain);
  return cycles.length > 0 ? cycles : checkReachable(domain);
}

/**
 * An edge goes from a node to the one provider of a fact it requires. Facts with several providers, facts true
 * at the start and sensed facts are left out: they are choices or conditions the planner resolves, not cycles.
 */
function checkCycles(domain: Domain): Problem[] {
  const { plan, facts, providers } = domain;
  const settled = possiblyTrueAtStart(plan);
  const succ = domain.nodes.map((node) =>
    node.requires.filter((fact) => providers[fact]!.length === 1 && !settled.has(facts.name(fact))).map((fact) => providers[fact]![0]!),
  );
  return findCycles(domain.nodes.length, succ).map((cycle) => cycleProblem(domain, cycle));
}

function cycleProblem(domain: Domain, cycle: readonly number[]): Problem {
  // Start the printed cycle at the node written first in the file, and report it at the field that makes its
  // first edge.
  const start = cycle.reduce((best, node, i) => (rank(domain.nodes[node]!) < rank(domain.nodes[cycle[best]!]!) ? i : best), 0);
  const rotated = [...cycle.slice(start), ...cycle.slice(0, start)].map((i) => domain.nodes[i]!);
  const path = edgePath(domain, rotated[0]!, rotated[1 % rotated.length]!);
  if (rotated.every((node) => node.kind === 'gate')) {
    const phases = [...rotated, rotated[0]!].map((node) => node.phase);
    return { path, code: 'dependency-cycle', message: `phase cycle (each comes after the next): ${phases.join(' → ')}` };
  }
  const names = [...rotated, rotated[0]!].map(displayName);
  return { path, code: 'dependency-cycle', message: `dependency cycle (each waits for the next): ${names.join(' → ')}` };
}

/** The field that makes `from` wait for `to`: a need, a required fact, a phase's `after`, or a sequential phase. */
function edgePath(domain: Domain, from: PlanNode, to: PlanNode): Path {
  const phase = domain.plan.phases.find((p) => p.id === from.phase);
  if (from.action) {
    const action = from.action;
    if (to.kind === 'action' && action.needs.includes(to.id)) return [...action.path, 'needs', action.needs.indexOf(to.id)];
    const fact = action.requires.findIndex((f) => to.provides.some((id) => domain.facts.name(id) === f));
    if (fact >= 0) return [...action.path, 'requires', fact];
    if (to.kind === 'gate' && phase) return [...phase.path, 'after'];
    if (phase?.mode === 'sequential') return [...phase.path, 'mode'];
    return action.path;
  }
  return phase ? [...phase.path, to.kind === 'gate' ? 'after' : 'actions'] : [];
}

function checkReachable(domain: Domain): Problem[] {
  const { plan } = domain;
  // Sensors might report true: a goal counts as unreachable only if it is so whatever they report.
  const initial = possiblyTrueAtStart(plan);
  const goal = plan.goal ?? defaultGoal(plan);
  try {
    planActions(domain, { initial, goal });
    return [];
  } catch (error) {
    if (error instanceof SearchBoundError) {
      return [{ path: plan.goal ? ['goal'] : [], code: 'search-bound', message: `the planner could not settle the goal: ${error.message}` }];
    }
    if (!(error instanceof GoalUnreachableError)) throw error;
    return error.unreachable.map(({ fact, reason }) => {
      const index = plan.goal?.indexOf(fact) ?? -1;
      return { path: index >= 0 ? ['goal', index] : [], code: 'unreachable-goal', message: `goal "${fact}" cannot be reached: ${reason}` };
    });
  }
}

/** Facts declared true, and sensed facts, which may turn out true: validation runs no sensor. */
function possiblyTrueAtStart(plan: Plan): Set<string> {
  const declared = Object.entries(plan.facts).filter(([, value]) => value).map(([fact]) => fact);
  return new Set([...declared, ...Object.keys(plan.sensors)]);
}

function displayName(node: PlanNode): string {
  return node.kind === 'gate' ? `phase:${node.phase}` : node.id;
}

function rank(node: PlanNode): number {
  return node.kind === 'action' ? node.index : Number.MAX_SAFE_INTEGER - 1_000_000 + node.index;
}
