/**
 * The search's one working state (met facts, pending facts, chosen nodes) and the log of every change made to
 * it. Each search node owns a slice of the log; moving from one node to another undoes the slices up to their
 * common ancestor and redoes the slices down, as SAT and CP solvers do with their trail. No node ever holds a
 * copy of the world, so memory grows with the changes made, not with nodes × facts.
 */
import { Bitset } from './bitset.js';
import type { SearchNodes } from './search-nodes.js';

const MET = 0;
const PEND = 1;
const UNPEND = 2;
const CHOOSE = 3;

export class Trail {
  readonly met: Bitset;
  readonly pend: Bitset;
  readonly chosen: Bitset;
  /** Changes as `id * 4 + kind`. */
  private readonly ops: number[] = [];

  constructor(initial: Bitset, nodeCount: number) {
    this.met = initial.clone();
    this.pend = new Bitset(initial.size);
    this.chosen = new Bitset(nodeCount);
  }

  /** Position in the log: a node's slice runs between the positions before and after it is entered. */
  get position(): number {
    return this.ops.length;
  }

  meet(fact: number): void {
    this.met.add(fact);
    this.ops.push(fact * 4 + MET);
  }

  addPending(fact: number): void {
    this.pend.add(fact);
    this.ops.push(fact * 4 + PEND);
  }

  removePending(fact: number): void {
    this.pend.delete(fact);
    this.ops.push(fact * 4 + UNPEND);
  }

  choose(node: number): void {
    this.chosen.add(node);
    this.ops.push(node * 4 + CHOOSE);
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

  /** Reverts `node`'s changes; returns its parent. */
  private undo(tree: SearchNodes, node: number): number {
    const ops = this.ops;
    for (let i = tree.opEnd[node]! - 1; i >= tree.opStart[node]!; i--) {
      const op = ops[i]!;
      const id = op >>> 2;
      switch (op & 3) {
        case MET: this.met.delete(id); break;
        case PEND: this.pend.delete(id); break;
        case UNPEND: this.pend.add(id); break;
        default: this.chosen.delete(id);
      }
    }
    return tree.parent[node]!;
  }

  private redo(tree: SearchNodes, node: number): void {
    const ops = this.ops;
    for (let i = tree.opStart[node]!; i < tree.opEnd[node]!; i++) {
      const op = ops[i]!;
      const id = op >>> 2;
      switch (op & 3) {
        case MET: this.met.add(id); break;
        case PEND: this.pend.add(id); break;
        case UNPEND: this.pend.delete(id); break;
        default: this.chosen.add(id);
      }
    }
  }
}
