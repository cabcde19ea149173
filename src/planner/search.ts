/**
 * Backward (regressive) search over facts, as in Orkin's GOAP, specialised to facts that never become false:
 * A* finds a first plan, then branch and bound looks for a cheaper one.
 *
 * A search node is a set of choices (a node chosen to make a fact true), the facts they and the start make true
 * (`met`), and the facts still needed (`pending`). Pending facts are resolved in a canonical order, which is
 * complete because without deletes the order never changes which sets can be chosen. A fact with one usable
 * provider is resolved in place (forced: no new search node); a fact with several branches into one child per
 * provider. So a plan without alternatives is found in one linear pass, and the search compares alternatives
 * where there are some.
 *
 * Order and bound. Open nodes are expanded cheapest g + h first, with h the sum of h_add over pending facts
 * (heuristic.ts). That finds a good plan fast, but h_add counts shared requirements more than once, so the first
 * plan found need not be the cheapest. The search goes on as branch and bound: it keeps the cheapest plan found
 * and drops every node whose cost so far plus `factShares` of its pending facts (a bound that never
 * overestimates) cannot beat it, and it stops when no open node is left; the plan it returns is then a cheapest
 * one (up to a relative rounding of {@link TOLERANCE}). `maxExpansions` bounds the whole search and
 * `improveExpansions` what it spends after the first plan: when either runs out it returns the cheapest plan
 * found so far, and when there is none it throws {@link SearchBoundError}.
 *
 * Other pruning, none of which can lose the cheapest plan:
 * - Duplicates. Two search nodes that made the same choices in another order have the same cost, pending facts
 *   and children: only the first entered is expanded (a hash of the choices, checked exactly; search-nodes.ts).
 * - A provider that can only start once the fact holds is never considered for it (`WaitCheck`, heuristic.ts).
 * - A child is not pushed when its provider needs a fact resolved by a chosen node that itself needs the child's
 *   fact (`Trail.waitsOn`): that node runs after the fact holds, so the provider cannot be what makes it true.
 * - Cyclic candidates. A node with nothing pending is a candidate; it is a plan if its nodes can run in some
 *   order (order.ts). If not, a group of its nodes waits only on itself, and in any plan that contains the
 *   candidate, the member of the group that runs first got every fact it lacks from a node not chosen yet. So the
 *   search branches, for each member, on one fact it lacks (the one with the fewest providers left), with each
 *   provider of it not chosen yet; a member that lacks a fact resolved inside the group cannot run first. Facts
 *   of other groups, and the other facts a member lacks, are left alone: a candidate stuck on k independent
 *   cycles is repaired one group at a time, not in k! orders.
 *
 * Why the cheapest plan survives: take a cheapest plan P in which every node is needed, and call the node of P
 * that first makes a fact true its support. Some open search node always made only choices "the support of f, for
 * f": the root made none; a branch on a pending fact has a child for its support (usable, and not waiting for
 * the fact); a forced provider is the support; a cyclic candidate has a child for the support of a fact lacked by
 * the member of its group that runs first in P. No rule drops that node: its bound is at most P's cost, none of
 * its chosen nodes waits on a fact it supports, and a duplicate of it made the same choices. So, given the
 * budget, the search reaches a candidate whose plan costs no more than P.
 *
 * There is one working state, moved between search nodes by undoing and redoing the changes each node made
 * (see trail.ts); a node stores only its own changes, never a copy of the world.
 */
import { SearchBoundError } from '../errors.js';
import type { Bitset } from './bitset.js';
import type { Domain } from './domain.js';
import { OrderedHeap } from './heap.js';
import { WaitCheck } from './heuristic.js';
import type { RelaxedCosts } from './heuristic.js';
import { rowOf } from './links.js';
import type { Links } from './links.js';
import { linkOrder, orderChosen } from './order.js';
import type { Ordered, Runnable } from './order.js';
import { choiceHash, ExpandedSets, SearchNodes } from './search-nodes.js';
import { Trail } from './trail.js';

/**
 * Bounds are sums of costs and cost shares in floating point; a node is dropped when its bound comes within
 * this fraction of the best plan's cost, so that rounding never keeps a node that cannot really improve.
 */
export const TOLERANCE = 1e-9;

/**
 * How many requirements `Trail.waitsOn` looks at before it gives up, saying no. Enough for the short cycles it is
 * there to catch (a pair that waits on itself takes one); a fixed, small cost per child everywhere else, where
 * the requirements behind a node reach back through the whole plan (64 cost the 10k-action benchmark 2×).
 */
const LOOKAHEAD = 8;

export interface SearchProblem {
  readonly domain: Domain;
  /** Facts true at the start, including `done:` of skipped actions. */
  readonly initial: Bitset;
  /** Goal fact ids; each must have a finite h_add. */
  readonly goal: readonly number[];
  /**
   * h_add per fact, which orders the search; cost plus h_add of requirements per node, `Infinity` for nodes that
   * must not be chosen; the rank in which the relaxation reached each fact.
   */
  readonly relaxed: RelaxedCosts;
  /** A lower bound per fact on what meeting it adds (`factShares`): prunes the search. */
  readonly factShare: Float64Array;
  /** Expansions allowed in all. */
  readonly maxExpansions: number;
  /** Expansions allowed after the first plan is found, within `maxExpansions`; `Infinity` for no other limit. */
  readonly improveExpansions: number;
}

export interface SearchOutcome {
  /** The cheapest plan found; `undefined` when every candidate was cyclic. */
  readonly ordered: Ordered | undefined;
  readonly expansions: number;
  /** A cycle (node indices) among the requirements of a rejected candidate, to explain a failure. */
  readonly cycle: readonly number[] | undefined;
}

/**
 * Runs the search. Returns a cheapest plan when the search completes within its budget, the cheapest found when
 * it does not, and throws {@link SearchBoundError} when the budget runs out before any plan is found.
 */
export function searchPlan(problem: SearchProblem): SearchOutcome {
  return new Search(problem).run();
}

class Search {
  private readonly trail: Trail;
  private readonly met: Bitset;
  private readonly pend: Bitset;
  private readonly chosen: Bitset;
  private readonly tree = new SearchNodes();
  private readonly expanded = new ExpandedSets();
  private readonly open: OrderedHeap;
  private readonly stack: Int32Array;
  private readonly usableCache: (readonly number[] | undefined)[];
  private readonly links: Links;
  private readonly factCost: Float64Array;
  private readonly nodeCost: Float64Array;
  private readonly factShare: Float64Array;
  /** Built the first time a fact has several usable providers. */
  private waitCheck: WaitCheck | undefined;
  private current = 0;
  private expansions = 0;
  private cycle: readonly number[] | undefined;
  private best: Runnable | undefined;
  /** Nodes whose bound reaches this cannot beat `best`. */
  private threshold = Infinity;
  /** Expansions allowed: `maxExpansions`, less once a plan is found and `improveExpansions` are spent. */
  private limit: number;
  // The node being built: cost so far, h, lower bound of the rest, unmet count, deferred list, stack size,
  // chosen count and hash.
  private g = 0;
  private h = 0;
  private low = 0;
  private unmet = 0;
  private deferred = -1;
  private sp = 0;
  private size = 0;
  private hash = 0;

  constructor(private readonly problem: SearchProblem) {
    const { facts, nodes } = problem.domain;
    this.links = problem.domain.links;
    this.factCost = problem.relaxed.fact;
    this.nodeCost = problem.relaxed.node;
    this.factShare = problem.factShare;
    this.trail = new Trail(problem.initial, nodes.length);
    this.met = this.trail.met;
    this.pend = this.trail.pend;
    this.chosen = this.trail.chosen;
    this.stack = new Int32Array(facts.size);
    this.usableCache = new Array<readonly number[] | undefined>(facts.size);
    this.open = new OrderedHeap((a, b) => this.tree.before(a, b));
    this.limit = problem.maxExpansions;
  }

  run(): SearchOutcome {
    let node = this.enterRoot();
    for (;;) {
      if (this.worthExpanding(node)) this.expand(node);
      node = this.nextOpen();
      if (node < 0) break;
      if (this.expansions >= this.limit) {
        if (this.best === undefined) throw new SearchBoundError(this.expansions);
        break;
      }
      this.enter(node);
    }
    const { domain, initial } = this.problem;
    const ordered = this.best === undefined ? undefined : linkOrder(domain, initial, this.best.order);
    return { ordered, expansions: this.expansions, cycle: ordered === undefined ? this.cycle : undefined };
  }

  private enterRoot(): number {
    const root = this.tree.add(-1, -1, -1, -1, 0, 0, 0, 0);
    this.begin(root, -1);
    for (const f of this.problem.goal) this.need(f);
    this.closure();
    this.finish(root);
    return root;
  }

  /** Moves the working state to `node`'s parent, then applies the node's choice and what it forces. */
  private enter(node: number): void {
    const tree = this.tree;
    this.trail.move(tree, this.current, tree.parent[node]!);
    this.begin(node, tree.rest[node]!);
    this.apply(tree.provider[node]!, tree.fact[node]!);
    this.closure();
    this.finish(node);
  }

  private begin(node: number, deferred: number): void {
    const tree = this.tree;
    const parent = tree.parent[node]!;
    this.expansions++;
    tree.opStart[node] = this.trail.position;
    const root = parent < 0;
    this.g = root ? 0 : tree.g[parent]!;
    this.h = root ? 0 : tree.h[parent]!;
    this.low = root ? 0 : tree.low[parent]!;
    this.unmet = root ? 0 : tree.unmet[parent]!;
    this.size = root ? 0 : tree.size[parent]!;
    this.hash = root ? 0 : tree.hash[parent]!;
    this.deferred = deferred;
  }

  private finish(node: number): void {
    const tree = this.tree;
    tree.opEnd[node] = this.trail.position;
    tree.setScore(node, this.g, this.h, this.low, this.unmet);
    tree.size[node] = this.size;
    tree.hash[node] = this.hash;
    tree.deferred[node] = this.deferred;
    this.current = node;
  }

  /** Whether the node just entered may still beat the best plan, and is the first to make its choices. */
  private worthExpanding(node: number): boolean {
    if (this.g + this.low >= this.threshold) return false;
    return this.expanded.add(this.tree, node, this.madeHere);
  }

  /** Whether every choice of search node `other` was made at the current one. */
  private readonly madeHere = (other: number): boolean => this.trail.hasChoicesOf(this.tree, this.current, other);

  /** The next open node that may still beat the best plan; -1 when there is none. */
  private nextOpen(): number {
    const tree = this.tree;
    for (;;) {
      const node = this.open.pop();
      if (node < 0 || tree.g[node]! + tree.low[node]! < this.threshold) return node;
    }
  }

  /** Branches on the first pending fact, or checks a candidate plan when none is left. */
  private expand(node: number): void {
    const tree = this.tree;
    let d = tree.deferred[node]!;
    while (d >= 0 && this.met.has(tree.consFact[d]!)) d = tree.consNext[d]!;
    if (d < 0) {
      this.check(node);
      return;
    }
    const fact = tree.consFact[d]!;
    for (const p of this.usable(fact)) this.addChild(node, fact, p, tree.consNext[d]!);
  }

  /** A candidate: keep it if it can run in some order and beats the best plan, else branch on its stuck group. */
  private check(node: number): void {
    const chosen: number[] = [];
    this.chosen.forEach((a) => chosen.push(a));
    const outcome = orderChosen(this.problem.domain, this.problem.initial, chosen, this.problem.goal);
    if (outcome.ok) {
      this.offer(outcome.runnable);
      return;
    }
    const { group, lacking, cycle } = outcome.stuck;
    this.cycle ??= cycle;
    const facts = new Set<number>();
    for (let i = 0; i < group.length; i++) facts.add(this.leastProvided(lacking[i]!));
    const pushed = new Set<number>();
    for (const fact of facts) {
      if (fact < 0) continue;
      for (const p of this.usable(fact)) {
        if (this.chosen.has(p) || pushed.has(p)) continue;
        pushed.add(p);
        this.addChild(node, fact, p, -1);
      }
    }
  }

  /**
   * Of the facts a stuck member lacks, the one with the fewest usable providers not chosen yet: every one of them
   * needs a new provider if that member starts first. -1 when one of them has none, or was resolved by a node
   * chosen for it (which is in the group, so runs later): that member cannot start first.
   */
  private leastProvided(facts: readonly number[]): number {
    let best = -1;
    let fewest = Infinity;
    for (const fact of facts) {
      if (this.trail.resolver(fact) >= 0) return -1;
      let count = 0;
      for (const p of this.usable(fact)) if (!this.chosen.has(p)) count++;
      if (count === 0) return -1;
      if (count < fewest) [best, fewest] = [fact, count];
    }
    return best;
  }

  /** Keeps `plan` if it is cheaper than the best plan so far. */
  private offer(plan: Runnable): void {
    if (this.best !== undefined && plan.cost >= this.threshold) return;
    if (this.best === undefined) this.limit = Math.min(this.limit, this.expansions + this.problem.improveExpansions);
    this.best = plan;
    this.threshold = plan.cost - plan.cost * TOLERANCE;
  }

  /**
   * Pushes the child that resolves `fact` with `provider`, scored from the working state (its parent's), unless
   * the child cannot beat the best plan, or `provider` needs a fact resolved by a node that needs `fact`: in a plan
   * built on the choices so far, that node runs after `fact` holds, so `provider` cannot be what makes it true.
   */
  private addChild(parent: number, fact: number, provider: number, rest: number): void {
    const tree = this.tree;
    const { provides, requires, cost: ownCost } = this.links;
    const { factCost: cost, factShare: share } = this;
    let h = tree.h[parent]!;
    let low = tree.low[parent]!;
    let unmet = tree.unmet[parent]!;
    for (let k = provides.start[provider]!; k < provides.start[provider + 1]!; k++) {
      const q = provides.items[k]!;
      if (this.pend.has(q) && !this.met.has(q)) {
        h -= cost[q]!;
        low -= share[q]!;
        unmet--;
      }
    }
    for (let k = requires.start[provider]!; k < requires.start[provider + 1]!; k++) {
      const r = requires.items[k]!;
      if (r === fact) return;
      if (this.met.has(r)) {
        if (this.trail.waitsOn(requires, this.trail.resolver(r), fact, LOOKAHEAD)) return;
      } else if (!this.pend.has(r)) {
        h += cost[r]!;
        low += share[r]!;
        unmet++;
      }
    }
    const g = tree.g[parent]! + ownCost[provider]!;
    if (g + low >= this.threshold) return;
    this.open.push(tree.add(parent, fact, provider, rest, g, h, low, unmet));
  }

  /** Chooses node `a` for `fact`: its effects become met, its unmet requirements pending. */
  private apply(a: number, fact: number): void {
    const { provides, requires } = this.links;
    const { factCost: cost, factShare: share } = this;
    this.trail.choose(a, fact);
    this.g += this.links.cost[a]!;
    this.size++;
    this.hash ^= choiceHash(a, fact);
    for (let k = provides.start[a]!; k < provides.start[a + 1]!; k++) {
      const q = provides.items[k]!;
      if (this.met.has(q)) continue;
      this.trail.meet(q);
      if (this.pend.has(q)) {
        this.trail.removePending(q);
        this.h -= cost[q]!;
        this.low -= share[q]!;
        this.unmet--;
      }
    }
    for (let k = requires.start[a]!; k < requires.start[a + 1]!; k++) this.need(requires.items[k]!);
  }

  private need(fact: number): void {
    if (this.met.has(fact) || this.pend.has(fact)) return;
    this.trail.addPending(fact);
    this.h += this.factCost[fact]!;
    this.low += this.factShare[fact]!;
    this.unmet++;
    this.stack[this.sp++] = fact;
  }

  /** Applies every forced provider; facts with a choice go to the node's deferred list. */
  private closure(): void {
    const { start, items } = this.links.providers;
    while (this.sp > 0) {
      const fact = this.stack[--this.sp]!;
      if (this.met.has(fact)) continue;
      // Most facts have one provider: take it without building a list.
      const count = start[fact + 1]! - start[fact]!;
      const providers = count === 1 ? undefined : this.usable(fact);
      if (providers === undefined && this.nodeCost[items[start[fact]!]!]! < Infinity) {
        this.apply(items[start[fact]!]!, fact);
      } else if (providers?.length === 1) this.apply(providers[0]!, fact);
      else if (providers !== undefined && providers.length > 1) this.deferred = this.tree.cons(fact, this.deferred);
      else throw new Error(`internal: pending fact ${this.problem.domain.facts.name(fact)} has no provider`);
    }
  }

  /**
   * Providers that can be chosen for `fact`, cheapest (cost plus h_add of requirements) first: not excluded, and
   * able to start before `fact` holds (see `waitsFor`); only these can be what makes `fact` true in a plan.
   */
  private usable(fact: number): readonly number[] {
    let list = this.usableCache[fact];
    if (list === undefined) {
      const { domain, relaxed } = this.problem;
      const cost = relaxed.node;
      let found = rowOf(this.links.providers, fact).filter((p) => cost[p]! < Infinity);
      if (found.length > 1) {
        const check = (this.waitCheck ??= new WaitCheck(domain, relaxed));
        found = found.filter((p) => !check.waitsFor(p, fact));
        found.sort((a, b) => cost[a]! - cost[b]! || a - b);
      }
      this.usableCache[fact] = list = found;
    }
    return list;
  }
}
