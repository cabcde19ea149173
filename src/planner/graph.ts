/**
 * Graph algorithms over dense node ids with successor lists. Both are iterative: plans of 50 000 actions would
 * overflow the call stack with recursive versions.
 */
import { toRows } from './links.js';
import type { Rows } from './links.js';

/** Successor lists: `succ[v]` are the nodes with an edge from `v`. */
export type Successors = readonly (readonly number[])[];

/** Successor lists from predecessor lists (`preds[v]` are the nodes with an edge to `v`). */
export function successors(preds: readonly (readonly number[])[]): number[][] {
  const succ: number[][] = preds.map(() => []);
  preds.forEach((list, v) => {
    for (const p of list) succ[p]!.push(v);
  });
  return succ;
}

/**
 * Kahn's algorithm with a first-in first-out queue: every node, in an order where each edge points forward;
 * `undefined` when the graph has a cycle (use {@link findCycles} to say which). O(V + E).
 */
export function topologicalOrder(n: number, succ: Successors): number[] | undefined {
  return topologicalOrderOfRows(toRows(n, (v) => succ[v]!));
}

/** {@link topologicalOrder} over successor rows, without building a list per node. */
export function topologicalOrderOfRows(succ: Rows): number[] | undefined {
  const { start, items } = succ;
  const n = start.length - 1;
  const indegree = new Int32Array(n);
  for (const w of items) indegree[w]!++;
  const order: number[] = [];
  for (let v = 0; v < n; v++) if (indegree[v] === 0) order.push(v);
  for (let head = 0; head < order.length; head++) {
    const v = order[head]!;
    for (let k = start[v]!; k < start[v + 1]!; k++) if (--indegree[items[k]!]! === 0) order.push(items[k]!);
  }
  return order.length === n ? order : undefined;
}

/**
 * One concrete cycle per strongly connected component that has one (more than one node, or a self-loop),
 * as the list of its nodes in edge order: `[a, b, c]` means `a → b → c → a`; a self-loop is `[a]`. Found with
 * an iterative Tarjan, then a breadth-first search inside the component, so each cycle is a shortest one
 * through the component's root. O(V + E).
 */
export function findCycles(n: number, succ: Successors): number[][] {
  const tarjan = new Tarjan(n, succ);
  for (let v = 0; v < n; v++) if (tarjan.index[v] === -1) tarjan.visit(v);
  return tarjan.cycles;
}

class Tarjan {
  readonly index: Int32Array;
  readonly cycles: number[][] = [];
  private readonly low: Int32Array;
  private readonly onStack: Uint8Array;
  private readonly stack: Int32Array;
  private stackSize = 0;
  private readonly callNode: Int32Array;
  private readonly callEdge: Int32Array;
  private counter = 0;
  private readonly finder: CycleFinder;

  constructor(
    n: number,
    private readonly succ: Successors,
  ) {
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callEdge = new Int32Array(n);
    this.finder = new CycleFinder(n, succ);
  }

  visit(start: number): void {
    let depth = this.enter(start, 0);
    while (depth > 0) {
      const v = this.callNode[depth - 1]!;
      const edges = this.succ[v]!;
      const i = this.callEdge[depth - 1]!;
      if (i < edges.length) {
        this.callEdge[depth - 1] = i + 1;
        const w = edges[i]!;
        if (this.index[w] === -1) depth = this.enter(w, depth);
        else if (this.onStack[w] === 1) this.low[v] = Math.min(this.low[v]!, this.index[w]!);
        continue;
      }
      depth--;
      if (depth > 0) {
        const u = this.callNode[depth - 1]!;
        this.low[u] = Math.min(this.low[u]!, this.low[v]!);
      }
      if (this.low[v] === this.index[v]) this.closeComponent(v);
    }
  }

  private enter(v: number, depth: number): number {
    this.index[v] = this.low[v] = this.counter++;
    this.stack[this.stackSize++] = v;
    this.onStack[v] = 1;
    this.callNode[depth] = v;
    this.callEdge[depth] = 0;
    return depth + 1;
  }

  private closeComponent(root: number): void {
    const members: number[] = [];
    let w: number;
    do {
      w = this.stack[--this.stackSize]!;
      this.onStack[w] = 0;
      members.push(w);
    } while (w !== root);
    if (members.length > 1 || this.succ[root]!.includes(root)) {
      this.cycles.push(this.finder.cycleThrough(root, members));
    }
  }
}

/** Breadth-first search from a root back to itself, inside one component. */
class CycleFinder {
  private readonly component: Int32Array;
  private readonly parent: Int32Array;
  private readonly queue: Int32Array;
  private components = 0;

  constructor(
    n: number,
    private readonly succ: Successors,
  ) {
    this.component = new Int32Array(n).fill(-1);
    this.parent = new Int32Array(n).fill(-1);
    this.queue = new Int32Array(n);
  }

  cycleThrough(root: number, members: readonly number[]): number[] {
    const id = this.components++;
    for (const m of members) this.component[m] = id;
    this.queue[0] = root;
    this.parent[root] = root;
    for (let head = 0, tail = 1; head < tail; head++) {
      const x = this.queue[head]!;
      for (const y of this.succ[x]!) {
        if (y === root) return this.pathTo(root, x);
        if (this.component[y] !== id || this.parent[y] !== -1) continue;
        this.parent[y] = x;
        this.queue[tail++] = y;
      }
    }
    throw new Error(`internal: no cycle through node ${root} inside its component`);
  }

  private pathTo(root: number, last: number): number[] {
    const path = [last];
    for (let x = last; x !== root; ) {
      x = this.parent[x]!;
      path.push(x);
    }
    return path.reverse();
  }
}
