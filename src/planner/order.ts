/**
 * Whether a chosen set of nodes can run in some order, and that order. Facts only ever become true, so a set
 * is runnable exactly when a forward pass from the initial facts, firing each chosen node once all its
 * requirements hold, fires enough of them to make the goal true. The first node to make a fact true is its
 * support; the supports of a node's requirements are its predecessors.
 *
 * A set that cannot run is stuck on cycles: chosen nodes that each lack a fact only other stuck nodes provide.
 * {@link Stuck} names one group of them that no new node outside it can free indirectly, which is what the
 * search needs to branch on (see search.ts).
 */
import type { Bitset } from './bitset.js';
import type { Domain } from './domain.js';
import { findCycles } from './graph.js';
import { KeyHeap } from './heap.js';

/** A runnable selection: domain node indices in a topological order, and each one's predecessors in it. */
export interface Ordered {
  readonly order: readonly number[];
  /** For each position in `order`, the positions of its direct predecessors. */
  readonly preds: readonly (readonly number[])[];
}

/**
 * A selection that cannot run, seen through one *closed group*: stuck nodes (nodes whose requirements never
 * hold) that lack only facts provided by members of the group, i.e. a sink component of the graph "v lacks a
 * fact that u provides". Every member waits on another member, so the group can only start if some node not yet
 * chosen provides a fact one member lacks; and the first member to start must have got *every* fact it lacks
 * from such new nodes. Some group always exists, because every stuck node lacks a fact that a stuck node provides.
 */
export interface Stuck {
  /** The group's nodes. */
  readonly group: readonly number[];
  /** For each member of `group`, the facts it lacks. */
  readonly lacking: readonly (readonly number[])[];
  /** A cycle in the group, each node providing a fact the next one lacks, to explain a failure. */
  readonly cycle: readonly number[];
}

/** A runnable selection before its links are drawn (see {@link linkOrder}): the order, and what it costs. */
export interface Runnable {
  readonly order: readonly number[];
  readonly cost: number;
}

export type OrderOutcome = { readonly ok: true; readonly runnable: Runnable } | { readonly ok: false; readonly stuck: Stuck };

const UNREACHED = -1;
const INITIAL = -2;

/**
 * Orders `chosen` (domain node indices) from `initial`, lowest index first among nodes ready together so the
 * result follows the plan's own order where it can. Nodes the goal turns out not to need are dropped. The search
 * checks many candidates and keeps one, so the predecessor lists are drawn apart, by {@link linkOrder}.
 */
export function orderChosen(
  domain: Domain,
  initial: Bitset,
  chosen: readonly number[],
  goal: readonly number[],
): OrderOutcome {
  const { requires, provides, consumers } = domain.links;
  const nodeCount = domain.nodes.length;
  const support = new Int32Array(domain.facts.size).fill(UNREACHED);
  initial.forEach((f) => (support[f] = INITIAL));
  const member = new Uint8Array(nodeCount);
  const missing = new Int32Array(nodeCount);
  const ready = new KeyHeap();
  for (const a of chosen) {
    member[a] = 1;
    let count = 0;
    for (let k = requires.start[a]!; k < requires.start[a + 1]!; k++) if (support[requires.items[k]!] !== INITIAL) count++;
    missing[a] = count;
    if (count === 0) ready.push(a, a);
  }
  const fired: number[] = [];
  while (ready.size > 0) {
    const a = ready.pop();
    fired.push(a);
    for (let k = provides.start[a]!; k < provides.start[a + 1]!; k++) {
      const q = provides.items[k]!;
      if (support[q] !== UNREACHED) continue;
      support[q] = a;
      for (let j = consumers.start[q]!; j < consumers.start[q + 1]!; j++) {
        const c = consumers.items[j]!;
        if (member[c] === 1 && --missing[c]! === 0) ready.push(c, c);
      }
    }
  }
  if (goal.every((g) => support[g] !== UNREACHED)) return { ok: true, runnable: prune(domain, fired, support, goal) };
  return { ok: false, stuck: stuckPart(domain, chosen, missing, support) };
}

/** The fired nodes that the goal needs, through supports, in firing order. */
function prune(domain: Domain, fired: readonly number[], support: Int32Array, goal: readonly number[]): Runnable {
  const { start, items } = domain.links.requires;
  const needed = new Uint8Array(domain.nodes.length);
  const todo: number[] = [];
  for (const g of goal) todo.push(support[g]!);
  while (todo.length > 0) {
    const a = todo.pop()!;
    if (a < 0 || needed[a] === 1) continue;
    needed[a] = 1;
    for (let k = start[a]!; k < start[a + 1]!; k++) todo.push(support[items[k]!]!);
  }
  const order: number[] = [];
  let cost = 0;
  for (const a of fired) {
    if (needed[a] === 0) continue;
    order.push(a);
    cost += domain.links.cost[a]!;
  }
  return { order, cost };
}

/**
 * Each node's direct predecessors in a runnable order: the supports of its requirements. The first node in the
 * order to provide a fact is the one that first provided it when the order was found, as pruning keeps supports.
 */
export function linkOrder(domain: Domain, initial: Bitset, order: readonly number[]): Ordered {
  const { requires, provides } = domain.links;
  const support = new Int32Array(domain.facts.size).fill(UNREACHED);
  initial.forEach((f) => (support[f] = INITIAL));
  const seen = new Int32Array(order.length).fill(-1);
  const preds: number[][] = [];
  for (let i = 0; i < order.length; i++) {
    const a = order[i]!;
    const list: number[] = [];
    for (let k = requires.start[a]!; k < requires.start[a + 1]!; k++) {
      const s = support[requires.items[k]!]!;
      if (s < 0 || seen[s] === i) continue;
      seen[s] = i;
      list.push(s);
    }
    preds.push(list);
    for (let k = provides.start[a]!; k < provides.start[a + 1]!; k++) {
      const q = provides.items[k]!;
      if (support[q] === UNREACHED) support[q] = i;
    }
  }
  return { order, preds };
}

function stuckPart(domain: Domain, chosen: readonly number[], missing: Int32Array, support: Int32Array): Stuck {
  const stuck = chosen.filter((a) => missing[a]! > 0);
  const local = new Int32Array(domain.nodes.length).fill(-1);
  stuck.forEach((a, i) => (local[a] = i));
  const { providers } = domain.links;
  const lacking = stuck.map((a) => domain.nodes[a]!.requires.filter((r) => support[r] === UNREACHED));
  // v → u when v lacks a fact that u provides: the first component Tarjan closes has no edge leaving it.
  const waitsOn = lacking.map((facts) => {
    const next: number[] = [];
    for (const r of facts) {
      for (let k = providers.start[r]!; k < providers.start[r + 1]!; k++) {
        const u = local[providers.items[k]!]!;
        if (u >= 0) next.push(u);
      }
    }
    return next;
  });
  const members = firstSink(waitsOn, 0);
  const inGroup = new Int32Array(stuck.length).fill(-1);
  members.forEach((v, i) => (inGroup[v] = i));
  // Within the group, u → v when u provides what v lacks: the order in which a cycle would have to run.
  const feeds: number[][] = members.map(() => []);
  members.forEach((v, i) => {
    for (const u of waitsOn[v]!) feeds[inGroup[u]!]!.push(i);
  });
  const cycle = findCycles(members.length, feeds)[0] ?? [];
  return {
    group: members.map((v) => stuck[v]!),
    lacking: members.map((v) => lacking[v]!),
    cycle: cycle.map((i) => stuck[members[i]!]!),
  };
}

/**
 * The first strongly connected component that an iterative Tarjan closes, searching from `root`. Nothing was
 * closed before it, so no edge leaves it: it is a sink of the graph.
 */
function firstSink(succ: readonly (readonly number[])[], root: number): number[] {
  const n = succ.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const path: number[] = [];
  const edge: number[] = [];
  let counter = 0;
  const enter = (v: number): void => {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    path.push(v);
    edge.push(0);
  };
  enter(root);
  for (;;) {
    const top = path.length - 1;
    const v = path[top]!;
    const w = succ[v]![edge[top]!];
    if (w !== undefined) {
      edge[top]!++;
      if (index[w] === -1) enter(w);
      else if (onStack[w] === 1) low[v] = Math.min(low[v]!, index[w]!);
      continue;
    }
    if (low[v] === index[v]) return stack.slice(stack.indexOf(v));
    path.pop();
    edge.pop();
    const u = path[path.length - 1]!;
    low[u] = Math.min(low[u]!, low[v]!);
  }
}
