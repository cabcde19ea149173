/**
 * Backward (regressive) A* over facts, as in Orkin's GOAP, specialised to facts that never become false.
 *
 * A search node is a set of chosen nodes, the facts they and the start make true (`met`), and the facts still
 * needed (`pending`). Pending facts are resolved in a canonical order, which is complete because without
 * deletes the order never changes which sets can be chosen. A fact with one usable provider is resolved in
 * place (forced: no new search node); a fact with several branches into one child per provider. So a plan
 * without alternatives is found in one linear pass, and A* compares alternatives where there are some.
 *
 * There is one working state, moved between search nodes by undoing and redoing the changes each node made
 * (see trail.ts); a node stores only its own changes, never a copy of the world.
 */
import { SearchBoundError } from '../errors.js';
import type { Bitset } from './bitset.js';
import type { Domain } from './domain.js';
import { findCycles } from './graph.js';
import { OrderedHeap } from './heap.js';
import { rowOf } from './links.js';
import type { Links } from './links.js';
import { orderChosen } from './order.js';
import type { Ordered, Stuck } from './order.js';
import { SearchNodes } from './search-nodes.js';
import { Trail } from './trail.js';

export interface SearchProblem {
  readonly domain: Domain;
  /** Facts true at the start, including `done:` of skipped actions. */
  readonly initial: Bitset;
  /** Goal fact ids; each must have a finite `factCost`. */
  readonly goal: readonly number[];
  /** h_add per fact. */
  readonly factCost: Float64Array;
  /** Cost plus h_add of requirements per node; `Infinity` for nodes that must not be chosen. */
  readonly nodeCost: Float64Array;
  readonly maxExpansions: number;
}

export interface SearchOutcome {
  /** The plan found; `undefined` when every candidate was cyclic. */
  readonly ordered: Ordered | undefined;
  readonly expansions: number;
  /** A cycle (node indices) among the requirements of a rejected candidate, to explain a failure. */
  readonly cycle: readonly number[] | undefined;
}

/** Runs the search. Throws {@link SearchBoundError} after `maxExpansions` expansions. */
export function searchPlan(problem: SearchProblem): SearchOutcome {
  return new Search(problem).run();
}

class Search {
  private readonly trail: Trail;
  private readonly met: Bitset;
  private readonly pend: Bitset;
  private readonly chosen: Bitset;
  private readonly tree = new SearchNodes();
  private readonly open: OrderedHeap;
  private readonly stack: Int32Array;
  private readonly usableCache: (readonly number[] | undefined)[];
  private readonly links: Links;
  private current = 0;
  private expansions = 0;
  private cycle: number[] | undefined;
  // The node being built: cost so far, h, unmet count, deferred list, stack size.
  private g = 0;
  private h = 0;
  private unmet = 0;
  private deferred = -1;
  private sp = 0;

  constructor(private readonly problem: SearchProblem) {
    const { facts, nodes } = problem.domain;
    this.links = problem.domain.links;
    this.trail = new Trail(problem.initial, nodes.length);
    this.met = this.trail.met;
    this.pend = this.trail.pend;
    this.chosen = this.trail.chosen;
    this.stack = new Int32Array(facts.size);
    this.usableCache = new Array<readonly number[] | undefined>(facts.size);
    this.open = new OrderedHeap((a, b) => this.tree.before(a, b));
  }

  run(): SearchOutcome {
    let node = this.enterRoot();
    for (;;) {
      const ordered = this.expand(node);
      if (ordered !== undefined) return { ordered, expansions: this.expansions, cycle: undefined };
      node = this.open.pop();
      if (node < 0) return { ordered: undefined, expansions: this.expansions, cycle: this.cycle };
      if (this.expansions >= this.problem.maxExpansions) throw new SearchBoundError(this.expansions);
      this.enter(node);
    }
  }

  private enterRoot(): number {
    const root = this.tree.add(-1, -1, -1, -1, 0, 0, 0);
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
    this.apply(tree.provider[node]!);
    this.closure();
    this.finish(node);
  }

  private begin(node: number, deferred: number): void {
    const parent = this.tree.parent[node]!;
    this.expansions++;
    this.tree.opStart[node] = this.trail.position;
    this.g = parent < 0 ? 0 : this.tree.g[parent]!;
    this.h = parent < 0 ? 0 : this.tree.h[parent]!;
    this.unmet = parent < 0 ? 0 : this.tree.unmet[parent]!;
    this.deferred = deferred;
  }

  private finish(node: number): void {
    const tree = this.tree;
    tree.opEnd[node] = this.trail.position;
    tree.setScore(node, this.g, this.h, this.unmet);
    tree.deferred[node] = this.deferred;
    this.current = node;
  }

  /** Branches on the first pending fact, or checks a candidate plan when none is left. */
  private expand(node: number): Ordered | undefined {
    const tree = this.tree;
    let d = tree.deferred[node]!;
    while (d >= 0 && this.met.has(tree.consFact[d]!)) d = tree.consNext[d]!;
    if (d < 0) return this.check(node);
    const fact = tree.consFact[d]!;
    for (const p of this.usable(fact)) this.addChild(node, fact, p, tree.consNext[d]!);
    return undefined;
  }

  /** A candidate: accept it if it can run in some order, else branch on new providers for what it lacks. */
  private check(node: number): Ordered | undefined {
    const chosen: number[] = [];
    this.chosen.forEach((a) => chosen.push(a));
    const outcome = orderChosen(this.problem.domain, this.problem.initial, chosen, this.problem.goal);
    if (outcome.ok) return outcome.ordered;
    this.cycle ??= this.cycleIn(outcome.stuck);
    for (const fact of outcome.stuck.unreached) {
      for (const p of this.usable(fact)) if (!this.chosen.has(p)) this.addChild(node, fact, p, -1);
    }
    return undefined;
  }

  /** Pushes the child that resolves `fact` with `provider`, scored from the working state (its parent's). */
  private addChild(parent: number, fact: number, provider: number, rest: number): void {
    const tree = this.tree;
    const { provides, requires, cost: nodeCost } = this.links;
    const cost = this.problem.factCost;
    let h = tree.h[parent]!;
    let unmet = tree.unmet[parent]!;
    for (let k = provides.start[provider]!; k < provides.start[provider + 1]!; k++) {
      const q = provides.items[k]!;
      if (this.pend.has(q) && !this.met.has(q)) {
        h -= cost[q]!;
        unmet--;
      }
    }
    for (let k = requires.start[provider]!; k < requires.start[provider + 1]!; k++) {
      const r = requires.items[k]!;
      if (!this.met.has(r) && !this.pend.has(r)) {
        h += cost[r]!;
        unmet++;
      }
    }
    const g = tree.g[parent]! + nodeCost[provider]!;
    this.open.push(tree.add(parent, fact, provider, rest, g, h, unmet));
  }

  /** Chooses node `a`: its effects become met, its unmet requirements pending. */
  private apply(a: number): void {
    const { provides, requires } = this.links;
    const cost = this.problem.factCost;
    this.trail.choose(a);
    this.g += this.links.cost[a]!;
    for (let k = provides.start[a]!; k < provides.start[a + 1]!; k++) {
      const q = provides.items[k]!;
      if (this.met.has(q)) continue;
      this.trail.meet(q);
      if (this.pend.has(q)) {
        this.trail.removePending(q);
        this.h -= cost[q]!;
        this.unmet--;
      }
    }
    for (let k = requires.start[a]!; k < requires.start[a + 1]!; k++) this.need(requires.items[k]!);
  }

  private need(fact: number): void {
    if (this.met.has(fact) || this.pend.has(fact)) return;
    this.trail.addPending(fact);
    this.h += this.problem.factCost[fact]!;
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
      if (providers === undefined && this.problem.nodeCost[items[start[fact]!]!]! < Infinity) {
        this.apply(items[start[fact]!]!);
      } else if (providers?.length === 1) this.apply(providers[0]!);
      else if (providers !== undefined && providers.length > 1) this.deferred = this.tree.cons(fact, this.deferred);
      else throw new Error(`internal: pending fact ${this.problem.domain.facts.name(fact)} has no provider`);
    }
  }

  /** Providers that can be chosen, cheapest (cost plus h_add of requirements) first. */
  private usable(fact: number): readonly number[] {
    let list = this.usableCache[fact];
    if (list === undefined) {
      const cost = this.problem.nodeCost;
      const found = rowOf(this.links.providers, fact).filter((p) => cost[p]! < Infinity);
      if (found.length > 1) found.sort((a, b) => cost[a]! - cost[b]! || a - b);
      this.usableCache[fact] = list = found;
    }
    return list;
  }

  /** A cycle among the stuck nodes of a rejected candidate: u → v when u provides what v lacks. */
  private cycleIn(stuck: Stuck): number[] | undefined {
    const local = new Map(stuck.stuck.map((a, i) => [a, i]));
    const lacking = new Set(stuck.unreached);
    const succ = stuck.stuck.map((a) => {
      const next: number[] = [];
      for (const q of rowOf(this.links.provides, a)) {
        if (!lacking.has(q)) continue;
        for (const c of rowOf(this.links.consumers, q)) {
          const j = local.get(c);
          if (j !== undefined) next.push(j);
        }
      }
      return next;
    });
    return findCycles(succ.length, succ)[0]?.map((i) => stuck.stuck[i]!);
  }
}
