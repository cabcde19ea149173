/**
 * The A* search tree, stored column-wise in plain number arrays (one entry per search node) so that a node
 * costs a few numbers, not an object; the persistent lists of deferred facts that nodes share; and the index
 * of choices already expanded.
 */
export class SearchNodes {
  readonly parent: number[] = [];
  readonly depth: number[] = [];
  /** The fact this node resolves, and the provider it resolves it with; -1 at the root. */
  readonly fact: number[] = [];
  readonly provider: number[] = [];
  /** The deferred list the node starts from (its parent's, without the fact it resolves). */
  readonly rest: number[] = [];
  /**
   * Sum of chosen costs. When the node is pushed, its parent's plus the provider's own cost: a lower bound, as
   * entering only adds forced nodes. Exact once it is entered.
   */
  readonly g: number[] = [];
  /** Sum of h_add over pending facts. */
  readonly h: number[] = [];
  /** Sum of `factShares` over pending facts: a lower bound on what meeting them costs. */
  readonly low: number[] = [];
  /** How many facts are pending. */
  readonly unmet: number[] = [];
  /** The deferred list after the node's forced moves; -1 for empty. */
  readonly deferred: number[] = [];
  /** The slice of the change log this node wrote when it was entered. */
  readonly opStart: number[] = [];
  readonly opEnd: number[] = [];
  /** Once entered: how many nodes are chosen, and a hash of the choices (see {@link choiceHash}). */
  readonly size: number[] = [];
  readonly hash: number[] = [];
  /** Cons cells of the deferred lists: a fact and the index of the next cell, -1 at the end. */
  readonly consFact: number[] = [];
  readonly consNext: number[] = [];
  private readonly f: number[] = [];

  add(parent: number, fact: number, provider: number, rest: number, g: number, h: number, low: number, unmet: number): number {
    const id = this.parent.length;
    this.parent.push(parent);
    this.depth.push(parent < 0 ? 0 : this.depth[parent]! + 1);
    this.fact.push(fact);
    this.provider.push(provider);
    this.rest.push(rest);
    this.g.push(g);
    this.h.push(h);
    this.low.push(low);
    this.unmet.push(unmet);
    this.f.push(g + h);
    this.deferred.push(-1);
    this.opStart.push(0);
    this.opEnd.push(0);
    this.size.push(0);
    this.hash.push(0);
    return id;
  }

  setScore(node: number, g: number, h: number, low: number, unmet: number): void {
    this.g[node] = g;
    this.h[node] = h;
    this.low[node] = low;
    this.unmet[node] = unmet;
    this.f[node] = g + h;
  }

  /** A new list: `fact` in front of list `next`. */
  cons(fact: number, next: number): number {
    this.consFact.push(fact);
    this.consNext.push(next);
    return this.consFact.length - 1;
  }

  /** A* order: lower g + h, then fewer pending facts, then deeper, then older. */
  before(a: number, b: number): boolean {
    const fa = this.f[a]!;
    const fb = this.f[b]!;
    if (fa !== fb) return fa < fb;
    const ua = this.unmet[a]!;
    const ub = this.unmet[b]!;
    if (ua !== ub) return ua < ub;
    const da = this.depth[a]!;
    const db = this.depth[b]!;
    if (da !== db) return da > db;
    return a < b;
  }
}

/**
 * What choosing node `node` for fact `fact` does to the hash of a set of choices (Zobrist hashing): the hash of a
 * set is the xor of its members' values, so it is kept up to date one choice at a time and is the same whatever
 * the order of the choices. A well-mixed 32-bit value per choice (murmur3's finaliser); equal hashes are then
 * checked exactly.
 */
export function choiceHash(node: number, fact: number): number {
  let h = Math.imul(node + 1, 0x9e3779b1) ^ Math.imul(fact + 1, 0x7feb352d);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The search nodes expanded so far, by the hash of their choices. Two search nodes that chose the same nodes for
 * the same facts have the same cost, the same pending facts and, for the search, the same plans below them,
 * whatever order they chose in; only the first needs expanding. A hash says where to look; `same` confirms.
 */
export class ExpandedSets {
  private readonly latest = new Map<number, number>();
  /** Per search node: the node expanded before it with the same hash, -1 for none. */
  private readonly previous: number[] = [];

  /**
   * Records `node` unless a node with the same choices was recorded before; returns whether it was new.
   * `same(other)` must tell whether `other`'s choices are all `node`'s, given equal hashes and sizes.
   */
  add(tree: SearchNodes, node: number, same: (other: number) => boolean): boolean {
    const hash = tree.hash[node]!;
    const first = this.latest.get(hash) ?? -1;
    for (let other = first; other >= 0; other = this.previous[other]!) {
      if (tree.size[other] === tree.size[node] && same(other)) return false;
    }
    while (this.previous.length <= node) this.previous.push(-1);
    this.previous[node] = first;
    this.latest.set(hash, node);
    return true;
  }
}
