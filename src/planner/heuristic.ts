/**
 * The additive heuristic h_add (Bonet & Geffner): the cost of a fact is 0 when it holds at the start, else the
 * cheapest of its providers' cost plus the summed costs of what that provider requires. Computed once per
 * search by a generalised Dijkstra, O((V + E) log V).
 *
 * It is exact when requirements form a tree. When two requirements share an ancestor it is counted twice, so
 * h_add can overestimate. The search therefore uses it only to order its work, and prunes with
 * {@link factShares}, a bound that never overestimates.
 */
import type { Bitset } from './bitset.js';
import type { Domain } from './domain.js';
import { KeyHeap } from './heap.js';
import type { Links } from './links.js';

/**
 * Each value is capped here so that a sum of them over every fact stays an exact integer in a double
 * (2^32 × 2^20 facts < 2^53): layered plans make h_add grow geometrically with depth, and an overflow to
 * `Infinity` would be read as "unreachable".
 */
export const COST_CAP = 2 ** 32;

export interface RelaxedCosts {
  /** h_add of each fact; `Infinity` when no sequence of usable nodes makes it true. */
  readonly fact: Float64Array;
  /** Cost of each node plus h_add of its requirements; `Infinity` when excluded or not reachable. */
  readonly node: Float64Array;
  /**
   * The rank of each fact in the order the relaxation reached it (-1 when it did not), and its depth along the
   * way it was reached: 0 at the start, else one more than the deepest requirement of the provider that reached
   * it. The way a fact was reached is a relaxed plan for it, so a fact that every way to `r` passes through ranks
   * before `r`, lies less deep and costs no more.
   */
  readonly rank: Int32Array;
  readonly depth: Int32Array;
}

/**
 * Computes h_add from the facts in `initial`, never using the nodes flagged in `excluded`. A fact with one
 * provider is final as soon as that provider is reached, so it skips the heap; only facts with a choice of
 * providers wait there for the cheapest. The heap is consulted only once nothing else can move, which keeps
 * Dijkstra's invariant: anything reached later costs at least the key popped.
 */
export function relaxedCosts(domain: Domain, initial: Bitset, excluded: Uint8Array): RelaxedCosts {
  const state = new Relaxation(domain.links, domain.facts.size, excluded);
  initial.forEach((id) => state.settle(id, 0));
  const { start } = domain.links.requires;
  for (let n = 0; n < domain.nodes.length; n++) if (start[n] === start[n + 1] && excluded[n] === 0) state.reach(n);
  state.run();
  return { fact: state.fact, node: state.node, rank: state.rank, depth: state.depth };
}

/**
 * A lower bound per fact on what making it true adds to a plan, valid in every search state: the cheapest share
 * of a usable provider, where each provider's cost is split evenly over the facts it provides that the search
 * can ever need (the goal's, and those some node requires). Summed over distinct facts still to be met it never
 * exceeds the cost of any set of new nodes that meets them, since each node is charged at most its cost; so the
 * search can discard a branch whose cost so far plus this sum cannot beat the best plan found. It looks one
 * provider deep only: what h_add adds beyond it (the requirements' costs) may be shared, and shared costs are
 * exactly what h_add counts twice.
 */
export function factShares(domain: Domain, nodeCost: Float64Array, goal: readonly number[]): Float64Array {
  const { provides, consumers, cost } = domain.links;
  const goals = new Uint8Array(domain.facts.size);
  for (const g of goal) goals[g] = 1;
  const share = new Float64Array(domain.facts.size).fill(Infinity);
  for (let n = 0; n < nodeCost.length; n++) {
    if (nodeCost[n] === Infinity) continue;
    let wanted = 0;
    for (let k = provides.start[n]!; k < provides.start[n + 1]!; k++) {
      const q = provides.items[k]!;
      if (consumers.start[q + 1]! > consumers.start[q]! || goals[q] === 1) wanted++;
    }
    const value = cost[n]! / Math.max(1, wanted);
    for (let k = provides.start[n]!; k < provides.start[n + 1]!; k++) {
      const q = provides.items[k]!;
      if (value < share[q]!) share[q] = value;
    }
  }
  return share;
}

/**
 * Tells whether a node can only start once a fact holds: in the relaxation (requirements only, from the start
 * state, without unusable nodes) every way of meeting its requirements passes through that fact. In a real plan
 * such a node never makes the fact true first, so the search need not consider it as that fact's provider: a pair
 * of actions that each need what the other provides is then no way to get their facts, unless something else
 * starts them.
 *
 * Cheap in the common case: a requirement that the relaxation reached before the fact, no deeper, or cheaper
 * (see `rank`) cannot need it. Only when some requirement is none of these does it settle, forwards, the facts
 * behind the node that are none of these. Its buffers are reused from one question to the next.
 */
export class WaitCheck {
  /** Per fact: `stamp` while in the current region and not reached, `-stamp` once reached. */
  private readonly factMark: Int32Array;
  /** Per node: `stamp` while in the current region. */
  private readonly nodeMark: Int32Array;
  private readonly missing: Int32Array;
  private readonly nodes: number[] = [];
  private readonly todo: number[] = [];
  private stamp = 0;
  private rank = 0;
  private depth = 0;
  private cost = 0;
  private without = -1;

  constructor(
    private readonly domain: Domain,
    private readonly relaxed: RelaxedCosts,
  ) {
    this.factMark = new Int32Array(domain.facts.size);
    this.nodeMark = new Int32Array(domain.nodes.length);
    this.missing = new Int32Array(domain.nodes.length);
  }

  /** Whether `node` can only start once `fact` holds. */
  waitsFor(node: number, fact: number): boolean {
    const { start, items } = this.domain.links.requires;
    this.rank = this.relaxed.rank[fact]!;
    this.depth = this.relaxed.depth[fact]!;
    this.cost = this.relaxed.fact[fact]!;
    this.without = fact;
    let doubtful = false;
    for (let k = start[node]!; k < start[node + 1]!; k++) {
      const r = items[k]!;
      if (r === fact) return true;
      if (!this.surelyReached(r)) doubtful = true;
    }
    if (!doubtful) return false;
    this.stamp++;
    this.collect(node);
    this.spread();
    return this.missingOf(node) > 0;
  }

  /** Reached without the fact in question for sure: the relaxation reached it first, less deep, or cheaper. */
  private surelyReached(fact: number): boolean {
    const { rank, depth, fact: cost } = this.relaxed;
    return rank[fact]! < this.rank || depth[fact]! <= this.depth || cost[fact]! < this.cost;
  }

  /** Marks the doubtful facts behind `node`, and gathers the usable nodes that provide them. */
  private collect(node: number): void {
    const { requires, providers } = this.domain.links;
    const { todo, nodes } = this;
    nodes.length = 0;
    todo.push(node);
    while (todo.length > 0) {
      const n = todo.pop()!;
      for (let k = requires.start[n]!; k < requires.start[n + 1]!; k++) {
        const r = requires.items[k]!;
        if (r === this.without || this.factMark[r] === this.stamp || this.surelyReached(r)) continue;
        this.factMark[r] = this.stamp;
        for (let j = providers.start[r]!; j < providers.start[r + 1]!; j++) {
          const p = providers.items[j]!;
          if (this.relaxed.node[p] === Infinity || this.nodeMark[p] === this.stamp) continue;
          this.nodeMark[p] = this.stamp;
          nodes.push(p);
          todo.push(p);
        }
      }
    }
  }

  /** Fires, within the region, every node whose requirements are reached, until nothing changes. */
  private spread(): void {
    const { provides, consumers } = this.domain.links;
    const ready = this.todo;
    for (const n of this.nodes) {
      this.missing[n] = this.missingOf(n);
      if (this.missing[n] === 0) ready.push(n);
    }
    while (ready.length > 0) {
      const n = ready.pop()!;
      for (let k = provides.start[n]!; k < provides.start[n + 1]!; k++) {
        const q = provides.items[k]!;
        if (this.factMark[q] !== this.stamp) continue;
        this.factMark[q] = -this.stamp;
        for (let j = consumers.start[q]!; j < consumers.start[q + 1]!; j++) {
          const c = consumers.items[j]!;
          if (this.nodeMark[c] === this.stamp && --this.missing[c]! === 0) ready.push(c);
        }
      }
    }
  }

  /** How many of `n`'s requirements are not reached yet; the fact in question never is. */
  private missingOf(n: number): number {
    const { start, items } = this.domain.links.requires;
    let count = 0;
    for (let k = start[n]!; k < start[n + 1]!; k++) {
      const r = items[k]!;
      if (r === this.without || this.factMark[r] === this.stamp) count++;
    }
    return count;
  }
}

class Relaxation {
  readonly fact: Float64Array;
  readonly node: Float64Array;
  readonly rank: Int32Array;
  readonly depth: Int32Array;
  private ranked = 0;
  private readonly nodeDepth: Int32Array;
  private readonly missing: Int32Array;
  private readonly sum: Float64Array;
  private readonly settled: Uint8Array;
  private readonly heap = new KeyHeap();
  private readonly work: Int32Array;
  private top = 0;

  constructor(
    private readonly links: Links,
    factCount: number,
    private readonly excluded: Uint8Array,
  ) {
    const nodeCount = links.cost.length;
    this.fact = new Float64Array(factCount).fill(Infinity);
    this.node = new Float64Array(nodeCount).fill(Infinity);
    this.rank = new Int32Array(factCount).fill(-1);
    this.depth = new Int32Array(factCount);
    this.nodeDepth = new Int32Array(nodeCount).fill(1);
    this.missing = new Int32Array(nodeCount);
    const { start } = links.requires;
    for (let n = 0; n < nodeCount; n++) this.missing[n] = start[n + 1]! - start[n]!;
    this.sum = new Float64Array(nodeCount);
    this.settled = new Uint8Array(factCount);
    this.work = new Int32Array(factCount);
  }

  settle(id: number, value: number): void {
    if (this.settled[id] === 1) return;
    this.settled[id] = 1;
    this.fact[id] = value;
    this.rank[id] = this.ranked++;
    this.work[this.top++] = id;
  }

  reach(n: number): void {
    const value = Math.min(COST_CAP, this.links.cost[n]! + this.sum[n]!);
    this.node[n] = value;
    const { start, items } = this.links.provides;
    const providers = this.links.providers.start;
    for (let k = start[n]!; k < start[n + 1]!; k++) {
      const q = items[k]!;
      if (this.settled[q] === 1) continue;
      if (providers[q + 1]! - providers[q]! === 1) {
        this.depth[q] = this.nodeDepth[n]!;
        this.settle(q, value);
      } else if (value < this.fact[q]!) {
        this.fact[q] = value;
        this.depth[q] = this.nodeDepth[n]!;
        this.heap.push(value, q);
      }
    }
  }

  run(): void {
    const { start, items } = this.links.consumers;
    for (;;) {
      while (this.top > 0) {
        const id = this.work[--this.top]!;
        const value = this.fact[id]!;
        const depth = this.depth[id]! + 1;
        for (let k = start[id]!; k < start[id + 1]!; k++) {
          const c = items[k]!;
          if (this.excluded[c] === 1) continue;
          this.sum[c] = this.sum[c]! + value;
          if (depth > this.nodeDepth[c]!) this.nodeDepth[c] = depth;
          if (--this.missing[c]! === 0) this.reach(c);
        }
      }
      if (this.heap.size === 0) return;
      const key = this.heap.peekKey();
      const id = this.heap.pop();
      if (key <= this.fact[id]!) this.settle(id, key);
    }
  }
}
