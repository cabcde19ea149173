/**
 * The A* search tree, stored column-wise in plain number arrays (one entry per search node) so that a node
 * costs a few numbers, not an object; and the persistent lists of deferred facts that nodes share.
 */
export class SearchNodes {
  readonly parent: number[] = [];
  readonly depth: number[] = [];
  /** The fact this node resolves, and the provider it resolves it with; -1 at the root. */
  readonly fact: number[] = [];
  readonly provider: number[] = [];
  /** The deferred list the node starts from (its parent's, without the fact it resolves). */
  readonly rest: number[] = [];
  /** Sum of chosen costs. Estimated when the node is pushed, exact once it is entered. */
  readonly g: number[] = [];
  /** Sum of h_add over pending facts. */
  readonly h: number[] = [];
  /** How many facts are pending. */
  readonly unmet: number[] = [];
  /** The deferred list after the node's forced moves; -1 for empty. */
  readonly deferred: number[] = [];
  /** The slice of the change log this node wrote when it was entered. */
  readonly opStart: number[] = [];
  readonly opEnd: number[] = [];
  /** Cons cells of the deferred lists: a fact and the index of the next cell, -1 at the end. */
  readonly consFact: number[] = [];
  readonly consNext: number[] = [];
  private readonly f: number[] = [];

  add(parent: number, fact: number, provider: number, rest: number, g: number, h: number, unmet: number): number {
    const id = this.parent.length;
    this.parent.push(parent);
    this.depth.push(parent < 0 ? 0 : this.depth[parent]! + 1);
    this.fact.push(fact);
    this.provider.push(provider);
    this.rest.push(rest);
    this.g.push(g);
    this.h.push(h);
    this.unmet.push(unmet);
    this.f.push(g + h);
    this.deferred.push(-1);
    this.opStart.push(0);
    this.opEnd.push(0);
    return id;
  }

  setScore(node: number, g: number, h: number, unmet: number): void {
    this.g[node] = g;
    this.h[node] = h;
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
