/**
 * The GOAP planner: which actions (and phase gates) the goal needs, in what order, from the facts that hold
 * now. Call it again with the facts that hold after some actions finished and the failed ones excluded to
 * replan around a failure.
 */
import { GoalUnreachableError } from '../errors.js';
import { doneFact } from '../plan/model.js';
import { Bitset } from './bitset.js';
import type { Domain, PlanNode } from './domain.js';
import { relaxedCosts } from './heuristic.js';
import { searchPlan } from './search.js';
import { explainUnreachable } from './unreachable.js';

export interface PlanActionsOptions {
  /** Facts true at the start: the plan's known true facts and the sensors that reported true. */
  readonly initial: ReadonlySet<string>;
  /** Facts to make true; see `defaultGoal` for a plan that names none. */
  readonly goal: readonly string[];
  /** Action ids that must not be chosen: the ones that failed, when replanning. */
  readonly exclude?: ReadonlySet<string>;
  /**
   * How many search nodes to expand before giving up with `SearchBoundError`. Plans without alternative
   * providers need one; each alternative the search has to compare adds a few.
   * @default max(100_000, 10 × nodes)
   */
  readonly maxExpansions?: number;
}

/** What to run: the chosen nodes in an order that respects every requirement, and the edges between them. */
export interface Planned {
  /** Chosen actions and gates, in a topological order. */
  readonly nodes: readonly PlanNode[];
  /** For each of `nodes`, the indices (into `nodes`) of its direct predecessors: what made its requirements true. */
  readonly preds: readonly (readonly number[])[];
  /** Actions not run because every fact they declare already holds. */
  readonly skipped: readonly string[];
  readonly goal: readonly string[];
  /** Sum of the chosen nodes' costs. */
  readonly cost: number;
  /** Search nodes expanded; 1 when the plan had no alternative to weigh. */
  readonly expansions: number;
}

/**
 * Plans the actions that make `goal` true, by backward A* guided by h_add (see heuristic.ts). The plan is always
 * valid. It is the cheapest one when requirements form a tree, where h_add is exact. When requirements are
 * shared h_add counts them more than once, and a cheaper plan may exist.
 *
 * Throws `GoalUnreachableError` (with a reason per goal fact) when no set of actions can make the goal true,
 * and `SearchBoundError` when the search reaches `maxExpansions` first.
 */
export function planActions(domain: Domain, options: PlanActionsOptions): Planned {
  const excluded = excludedNodes(domain, options.exclude);
  const initial = initialState(domain, options.initial);
  const skipped = skipSatisfied(domain, initial);
  const costs = relaxedCosts(domain, initial, excluded);
  const goal = [...new Set(options.goal)];
  const open = goal.filter((fact) => !options.initial.has(fact) && !holds(domain, initial, fact));
  const unreachable = open.filter((fact) => factCost(domain, costs.fact, fact) === Infinity);
  if (unreachable.length > 0) {
    const context = { domain, factCost: costs.fact, excluded };
    throw new GoalUnreachableError(unreachable.map((fact) => ({ fact, reason: explainUnreachable(context, fact) })));
  }
  const maxExpansions = options.maxExpansions ?? Math.max(100_000, 10 * domain.nodes.length);
  const goalIds = open.map((fact) => domain.facts.id(fact)!);
  const outcome = searchPlan({ domain, initial, goal: goalIds, factCost: costs.fact, nodeCost: costs.node, maxExpansions });
  if (outcome.ordered === undefined) {
    const cycle = outcome.cycle?.map((i) => domain.nodes[i]!.id);
    const reason = cycle === undefined
      ? 'every set of actions that makes it true has requirements that wait on each other'
      : `every set of actions that makes it true has requirements in a cycle (${[...cycle, cycle[0]].join(' → ')})`;
    throw new GoalUnreachableError(open.map((fact) => ({ fact, reason })));
  }
  const nodes = outcome.ordered.order.map((i) => domain.nodes[i]!);
  const cost = nodes.reduce((sum, node) => sum + node.cost, 0);
  return { nodes, preds: outcome.ordered.preds, skipped, goal, cost, expansions: outcome.expansions };
}

function holds(domain: Domain, state: Bitset, fact: string): boolean {
  const id = domain.facts.id(fact);
  return id !== undefined && state.has(id);
}

function factCost(domain: Domain, costs: Float64Array, fact: string): number {
  const id = domain.facts.id(fact);
  return id === undefined ? Infinity : costs[id]!;
}

function excludedNodes(domain: Domain, exclude: ReadonlySet<string> | undefined): Uint8Array {
  const excluded = new Uint8Array(domain.nodes.length);
  for (const id of exclude ?? []) {
    const index = domain.byId.get(id);
    if (index !== undefined && domain.nodes[index]!.kind === 'action') excluded[index] = 1;
  }
  return excluded;
}

function initialState(domain: Domain, facts: ReadonlySet<string>): Bitset {
  const state = new Bitset(domain.facts.size);
  for (const fact of facts) {
    const id = domain.facts.id(fact);
    if (id !== undefined) state.add(id);
  }
  return state;
}

/** Marks done, in `initial`, every action whose declared facts all hold already; returns their ids. */
function skipSatisfied(domain: Domain, initial: Bitset): string[] {
  const skipped: string[] = [];
  for (const node of domain.nodes) {
    if (node.kind !== 'action' || node.declared.length === 0) continue;
    if (!node.declared.every((f) => initial.has(f))) continue;
    skipped.push(node.id);
    const done = domain.facts.id(doneFact(node.id));
    if (done !== undefined) initial.add(done);
  }
  return skipped;
}
