/**
 * The additive heuristic h_add (Bonet & Geffner): the cost of a fact is 0 when it holds at the start, else the
 * cheapest of its providers' cost plus the summed costs of what that provider requires. Computed once per
 * search by a generalised Dijkstra, O((V + E) log V).
 *
 * It is exact when requirements form a tree. When two requirements share an ancestor it is counted twice, so
 * h_add can overestimate: the planner then still returns a valid plan, though maybe not the cheapest one.
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
  return { fact: state.fact, node: state.node };
}

class Relaxation {
  readonly fact: Float64Array;
  readonly node: Float64Array;
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
      if (providers[q + 1]! - providers[q]! === 1) this.settle(q, value);
      else if (value < this.fact[q]!) {
        this.fact[q] = value;
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
        for (let k = start[id]!; k < start[id + 1]!; k++) {
          const c = items[k]!;
          if (this.excluded[c] === 1) continue;
          this.sum[c] = this.sum[c]! + value;
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
