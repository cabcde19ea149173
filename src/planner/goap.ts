/**
 * The GOAP planner: which actions (and phase gates) the goal needs, in what order, from the facts that hold
 * now. Call it again with the facts that hold after some actions finished and the failed ones excluded to
 * replan around a failure.
 */
import { GoalUnreachableError } from '../errors.js';
import { doneFact } from '../plan/model.js';
import { Bitset } from './bitset.js';
import type { Domain, PlanNode } from './domain.js';
import { factShares, relaxedCosts } from './heuristic.js';
import { searchPlan } from './search.js';
import { explainUnreachable } from './unreachable.js';

/**
 * Without an explicit `maxExpansions`, how many more expansions the search may spend trying to improve on its
 * first plan. Enough to prove the cheapest plan of a plan with a few dozen alternatives; plans with hundreds of
 * near-equal alternatives would take the search's whole bound for a gain of a few parts in 10 000 (see
 * BENCHMARKS.md), so by default they get this much and keep the best plan found.
 */
const IMPROVE_EXPANSIONS = 2_000;

export interface PlanActionsOptions {
  /** Facts true at the start: the plan's known true facts and the sensors that reported true. */
  readonly initial: ReadonlySet<string>;
  /** Facts to make true; see `defaultGoal` for a plan that names none. */
  readonly goal: readonly string[];
  /** Action ids that must not be chosen: the ones that failed, when replanning. */
  readonly exclude?: ReadonlySet<string>;
  /**
   * How many search nodes to expand at most. Plans without alternative providers need one; each alternative the
   * search has to compare adds a few to find a first plan, and proving that no cheaper plan exists can take many
   * more. When the bound is reached the search returns the cheapest plan found so far, or throws
   * `SearchBoundError` if it has found none. Set it to have the search spend up to this much looking for the
   * cheapest plan.
   * @default max(100_000, 10 × nodes) to find a first plan, and at most 2 000 more after it to improve on it
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
  /** Search nodes entered; 1 when the plan had no alternative to weigh. */
  readonly expansions: number;
}

/**
 * Plans the actions that make `goal` true, by a backward search (see search.ts): A* guided by h_add finds a first
 * plan, then branch and bound looks for a cheaper one. The plan is always valid, and it is a cheapest one when
 * the search completes within its budget (`maxExpansions`); otherwise it is the cheapest the search found.
 * `cost` says what it costs; `expansions` how much searching it took.
 *
 * Throws `GoalUnreachableError` (with a reason per goal fact) when no set of actions can make the goal true,
 * and `SearchBoundError` when the budget runs out before any plan is found.
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
  const improveExpansions = options.maxExpansions === undefined ? IMPROVE_EXPANSIONS : Infinity;
  const goalIds = open.map((fact) => domain.facts.id(fact)!);
  const factShare = factShares(domain, costs.node, goalIds);
  const outcome = searchPlan({ domain, initial, goal: goalIds, relaxed: costs, factShare, maxExpansions, improveExpansions });
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
