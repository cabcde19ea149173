/**
 * The search's one working state (met facts, pending facts, chosen nodes) and the log of every change made to
 * it. Each search node owns a slice of the log; moving from one node to another undoes the slices up to their
 * common ancestor and redoes the slices down, as SAT and CP solvers do with their trail. No node ever holds a
 * copy of the world, so memory grows with the changes made, not with nodes × facts.
 *
 * It also remembers why each chosen node was chosen (the fact it resolves) and which chosen node made each fact
 * true first: a fact is *resolved* when the node that made it true was chosen for it, the one support the search
 * committed to rather than a side effect.
 */
import { Bitset } from './bitset.js';
import type { Rows } from './links.js';
import type { SearchNodes } from './search-nodes.js';

const MET = 0;
const PEND = 1;
const UNPEND = 2;
const CHOOSE = 3;
/** Follows a CHOOSE: the fact the node was chosen for. */
const FOR = 4;
/** An op is `id << SHIFT | kind`: ids stay below 2^29, so an op fits in an unsigned 32-bit integer. */
const SHIFT = 3;
const KIND = 7;
const KINDS = 8;

export class Trail {
  readonly met: Bitset;
  readonly pend: Bitset;
  readonly chosen: Bitset;
  /** Per met fact, the chosen node that made it true; -1 for facts that hold at the start. */
  private readonly metBy: Int32Array;
  /** Per chosen node, the fact it was chosen for. */
  private readonly chosenFor: Int32Array;
  /** The node chosen last: the one that the facts met next come from. */
  private last = -1;
  /** Changes as `id * KINDS + kind`. */
  private readonly ops: number[] = [];
  /** Scratch for `waitsOn`. */
  private seen: Int32Array | undefined;
  private stamp = 0;
  private readonly todo: number[] = [];

  constructor(initial: Bitset, nodeCount: number) {
    this.met = initial.clone();
    this.pend = new Bitset(initial.size);
    this.chosen = new Bitset(nodeCount);
    this.metBy = new Int32Array(initial.size).fill(-1);
    this.chosenFor = new Int32Array(nodeCount).fill(-1);
  }

  /**
   * Whether chosen node `node` needs `fact`: it requires it, or requires a fact resolved by a node that does, and
   * so on, looking at no more than `limit` requirements before it gives up and says no. False for -1.
   */
  waitsOn(requires: Rows, node: number, fact: number, limit: number): boolean {
    if (node < 0) return false;
    const { start, items } = requires;
    const seen = (this.seen ??= new Int32Array(this.chosenFor.length));
    const stamp = ++this.stamp;
    const todo = this.todo;
    todo.length = 0;
    todo.push(node);
    seen[node] = stamp;
    let budget = limit;
    while (todo.length > 0) {
      const n = todo.pop()!;
      for (let k = start[n]!; k < start[n + 1]!; k++) {
        if (budget-- === 0) return false;
        const r = items[k]!;
        if (r === fact) return true;
        const by = this.resolver(r);
        if (by < 0 || seen[by] === stamp) continue;
        seen[by] = stamp;
        todo.push(by);
      }
    }
    return false;
  }

  /** The chosen node that made `fact` true, if `fact` is met and that node was chosen for it; else -1. */
  resolver(fact: number): number {
    if (!this.met.has(fact)) return -1;
    const by = this.metBy[fact]!;
    return by >= 0 && this.chosenFor[by] === fact ? by : -1;
  }

  /** Position in the log: a node's slice runs between the positions before and after it is entered. */
  get position(): number {
    return this.ops.length;
  }

  /** Makes `fact` true, by the node chosen last. */
  meet(fact: number): void {
    this.met.add(fact);
    this.metBy[fact] = this.last;
    this.ops.push(fact * KINDS + MET);
  }

  addPending(fact: number): void {
    this.pend.add(fact);
    this.ops.push(fact * KINDS + PEND);
  }

  removePending(fact: number): void {
    this.pend.delete(fact);
    this.ops.push(fact * KINDS + UNPEND);
  }

  /** Chooses `node` to resolve `fact`. */
  choose(node: number, fact: number): void {
    this.chosen.add(node);
    this.chosenFor[node] = fact;
    this.last = node;
    this.ops.push(node * KINDS + CHOOSE, fact * KINDS + FOR);
  }

  /** Moves the working state from search node `from` to search node `to`. */
  move(tree: SearchNodes, from: number, to: number): void {
    let a = from;
    let b = to;
    const down: number[] = [];
    while (tree.depth[b]! > tree.depth[a]!) {
      down.push(b);
      b = tree.parent[b]!;
    }
    while (tree.depth[a]! > tree.depth[b]!) a = this.undo(tree, a);
    while (a !== b) {
      a = this.undo(tree, a);
      down.push(b);
      b = tree.parent[b]!;
    }
    for (let i = down.length - 1; i >= 0; i--) this.redo(tree, down[i]!);
  }

  /**
   * Whether every choice made at search node `other` (a node, and the fact it was chosen for) is made in the
   * working state, which is at search node `current`. Only `other`'s own ancestors need looking at, up to the
   * first one it shares with `current`.
   */
  hasChoicesOf(tree: SearchNodes, current: number, other: number): boolean {
    let a = current;
    let b = other;
    while (tree.depth[b]! > tree.depth[a]!) {
      if (!this.hasChoicesIn(tree, b)) return false;
      b = tree.parent[b]!;
    }
    while (tree.depth[a]! > tree.depth[b]!) a = tree.parent[a]!;
    while (a !== b) {
      if (!this.hasChoicesIn(tree, b)) return false;
      a = tree.parent[a]!;
      b = tree.parent[b]!;
    }
    return true;
  }

  private hasChoicesIn(tree: SearchNodes, node: number): boolean {
    const ops = this.ops;
    for (let i = tree.opStart[node]!; i < tree.opEnd[node]!; i++) {
      const op = ops[i]!;
      if ((op & KIND) !== CHOOSE) continue;
      const chosen = op >>> SHIFT;
      if (!this.chosen.has(chosen) || this.chosenFor[chosen] !== ops[i + 1]! >>> SHIFT) return false;
    }
    return true;
  }

  /** Reverts `node`'s changes; returns its parent. */
  private undo(tree: SearchNodes, node: number): number {
    const ops = this.ops;
    for (let i = tree.opEnd[node]! - 1; i >= tree.opStart[node]!; i--) {
      const op = ops[i]!;
      const id = op >>> SHIFT;
      switch (op & KIND) {
        case MET: this.met.delete(id); break;
        case PEND: this.pend.delete(id); break;
        case UNPEND: this.pend.add(id); break;
        case CHOOSE: this.chosen.delete(id); break;
        default: // FOR: chosenFor is only read for chosen nodes, and rewritten when one is chosen again.
      }
    }
    return tree.parent[node]!;
  }

  private redo(tree: SearchNodes, node: number): void {
    const ops = this.ops;
    for (let i = tree.opStart[node]!; i < tree.opEnd[node]!; i++) {
      const op = ops[i]!;
      const id = op >>> SHIFT;
      switch (op & KIND) {
        case MET:
          this.met.add(id);
          this.metBy[id] = this.last;
          break;
        case PEND: this.pend.add(id); break;
        case UNPEND: this.pend.delete(id); break;
        case CHOOSE:
          this.chosen.add(id);
          this.last = id;
          break;
        default: this.chosenFor[this.last] = id;
      }
    }
  }
}
