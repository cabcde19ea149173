/**
 * Whether a chosen set of nodes can run in some order, and that order. Facts only ever become true, so a set
 * is runnable exactly when a forward pass from the initial facts, firing each chosen node once all its
 * requirements hold, fires enough of them to make the goal true. The first node to make a fact true is its
 * support; the supports of a node's requirements are its predecessors.
 */
import type { Bitset } from './bitset.js';
import type { Domain } from './domain.js';
import { KeyHeap } from './heap.js';

/** A runnable selection: domain node indices in a topological order, and each one's predecessors in it. */
export interface Ordered {
  readonly order: readonly number[];
  /** For each position in `order`, the positions of its direct predecessors. */
  readonly preds: readonly (readonly number[])[];
}

/** A selection that cannot run: nodes whose requirements never hold, and those requirements. */
export interface Stuck {
  readonly stuck: readonly number[];
  readonly unreached: readonly number[];
}

export type OrderOutcome = { readonly ok: true; readonly ordered: Ordered } | { readonly ok: false; readonly stuck: Stuck };

const UNREACHED = -1;
const INITIAL = -2;

/**
 * Orders `chosen` (domain node indices) from `initial`, lowest index first among nodes ready together so the
 * result follows the plan's own order where it can. Nodes the goal turns out not to need are dropped.
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
  if (goal.every((g) => support[g] !== UNREACHED)) return { ok: true, ordered: prune(domain, fired, support, goal) };
  return { ok: false, stuck: stuckPart(domain, chosen, missing, support) };
}

function prune(domain: Domain, fired: readonly number[], support: Int32Array, goal: readonly number[]): Ordered {
  const { start, items } = domain.links.requires;
  const nodeCount = domain.nodes.length;
  const position = new Int32Array(nodeCount).fill(-1);
  const todo: number[] = [];
  for (const g of goal) todo.push(support[g]!);
  while (todo.length > 0) {
    const a = todo.pop()!;
    if (a < 0 || position[a] !== -1) continue;
    position[a] = 0;
    for (let k = start[a]!; k < start[a + 1]!; k++) todo.push(support[items[k]!]!);
  }
  const order: number[] = [];
  for (const a of fired) if (position[a] === 0) order.push(a);
  for (let i = 0; i < order.length; i++) position[order[i]!] = i;
  const preds: number[][] = [];
  const seen = new Int32Array(nodeCount).fill(-1);
  for (let i = 0; i < order.length; i++) {
    const list: number[] = [];
    const a = order[i]!;
    for (let k = start[a]!; k < start[a + 1]!; k++) {
      const s = support[items[k]!]!;
      if (s < 0 || seen[s] === i) continue;
      seen[s] = i;
      list.push(position[s]!);
    }
    preds.push(list);
  }
  return { order, preds };
}

function stuckPart(domain: Domain, chosen: readonly number[], missing: Int32Array, support: Int32Array): Stuck {
  const stuck = chosen.filter((a) => missing[a]! > 0);
  const unreached: number[] = [];
  const listed = new Uint8Array(domain.facts.size);
  for (const a of stuck) {
    for (const r of domain.nodes[a]!.requires) {
      if (support[r] !== UNREACHED || listed[r] === 1) continue;
      listed[r] = 1;
      unreached.push(r);
    }
  }
  return { stuck, unreached };
}
