/**
 * Critical-path-first list scheduling, event-driven: whenever a pool has free capacity, it starts the ready
 * node with the highest bottom level (ties: priority, then the order written in the plan). Gates take no capacity
 * and no time: they complete the moment their predecessors do. Two nodes whose `files` leases may overlap never
 * run at the same time: a ready node whose lease a running one holds waits, and the nodes behind it go ahead.
 * At each instant the nodes start in that one order across pools, as the engine's scheduler picks them
 * (src/engine/decide.ts), so the prediction is the engine's own timeline under a virtual clock.
 * O((V + E + L) log V) for L lease conflicts.
 */
import { KeyHeap, OrderedHeap } from './heap.js';
import type { Rows } from './links.js';

/** What the scheduler needs about the graph: one entry per node. */
export interface ScheduleInput {
  readonly succ: Rows;
  readonly preds: Rows;
  readonly durationS: Float64Array;
  readonly bottomLevelS: Float64Array;
  /** First tie-break between equal bottom levels: lower first (`critical` 0 … `low` 3; gates any). */
  readonly priority: Uint8Array;
  /** Second tie-break: lower first (the plan's own order). */
  readonly rank: Int32Array;
  /** The pool each node draws capacity from; -1 for a gate. */
  readonly pool: Int32Array;
  /** How many nodes each pool may run at once (`Infinity` allowed). */
  readonly capacity: readonly number[];
  /** Per node: the nodes whose leases may overlap its own (both ways); absent when no two do. */
  readonly conflicts?: Rows | undefined;
}

/** Start, end and worker slot of each node; -1 slots for gates. */
export interface Timeline {
  readonly startS: Float64Array;
  readonly endS: Float64Array;
  readonly slot: Int32Array;
  /** Nodes in the order they started. */
  readonly started: readonly number[];
  readonly makespanS: number;
}

/** Simulates running the graph under the pools' limits. */
export function listSchedule(input: ScheduleInput): Timeline {
  return new Simulation(input).run();
}

class Pool {
  busy = 0;
  nextSlot = 0;
  dirty = false;
  readonly freeSlots = new KeyHeap();
  constructor(
    readonly capacity: number,
    readonly ready: OrderedHeap,
  ) {}

  takeSlot(): number {
    return this.freeSlots.size > 0 ? this.freeSlots.pop() : this.nextSlot++;
  }
}

class Simulation {
  private readonly n: number;
  private readonly indegree: Int32Array;
  private readonly pools: Pool[];
  private readonly dirty: Pool[] = [];
  private readonly events = new KeyHeap();
  private readonly startS: Float64Array;
  private readonly endS: Float64Array;
  private readonly slot: Int32Array;
  private readonly started: number[] = [];
  private readonly before: (a: number, b: number) => boolean;
  /** Per node: running nodes that hold a lease overlapping its own. */
  private readonly held: Int32Array;
  /** Ready nodes taken out of their pool's heap until {@link held} drops to 0. */
  private readonly parked: Uint8Array;
  /** Scratch lists, reused so that an event allocates nothing. */
  private readonly gates: number[] = [];
  private readonly released: number[] = [];
  private now = 0;

  constructor(private readonly input: ScheduleInput) {
    this.n = input.preds.start.length - 1;
    this.indegree = new Int32Array(this.n);
    this.startS = new Float64Array(this.n);
    this.endS = new Float64Array(this.n);
    this.slot = new Int32Array(this.n).fill(-1);
    this.held = new Int32Array(input.conflicts === undefined ? 0 : this.n);
    this.parked = new Uint8Array(this.held.length);
    const { bottomLevelS: bl, priority, rank } = input;
    this.before = (a, b) => bl[a]! > bl[b]! || (bl[a] === bl[b] && (priority[a]! < priority[b]! || (priority[a] === priority[b] && rank[a]! < rank[b]!)));
    this.pools = input.capacity.map((c) => new Pool(c, new OrderedHeap(this.before)));
  }

  run(): Timeline {
    const { start } = this.input.preds;
    for (let v = 0; v < this.n; v++) this.indegree[v] = start[v + 1]! - start[v]!;
    for (let v = 0; v < this.n; v++) if (start[v + 1] === start[v]) this.makeReady(v);
    for (;;) {
      this.startReady();
      if (this.events.size === 0) break;
      this.now = this.events.peekKey();
      while (this.events.size > 0 && this.events.peekKey() === this.now) this.complete(this.events.pop());
    }
    let makespanS = 0;
    for (let v = 0; v < this.n; v++) makespanS = Math.max(makespanS, this.endS[v]!);
    return { startS: this.startS, endS: this.endS, slot: this.slot, started: this.started, makespanS };
  }

  /** A node whose predecessors are all done: gates complete at once, others wait for their pool. */
  private makeReady(first: number): void {
    const gates = this.gates;
    gates.push(first);
    while (gates.length > 0) {
      const v = gates.pop()!;
      if (this.input.pool[v]! >= 0) {
        this.enqueue(v);
        continue;
      }
      this.startS[v] = this.endS[v] = this.now;
      this.release(v, gates);
    }
  }

  private enqueue(v: number): void {
    const pool = this.pools[this.input.pool[v]!]!;
    pool.ready.push(v);
    this.markDirty(pool);
  }

  private markDirty(pool: Pool): void {
    if (!pool.dirty) this.dirty.push(pool);
    pool.dirty = true;
  }

  /**
   * Starts ready nodes best first across the pools that changed (the others have nothing they could start): the
   * best top among pools with room, until none is left. A node whose leases are held is parked, not started.
   */
  private startReady(): void {
    const dirty = this.dirty;
    for (;;) {
      let best: Pool | undefined;
      for (const pool of dirty) {
        if (pool.busy >= pool.capacity || pool.ready.size === 0) continue;
        if (best === undefined || this.before(pool.ready.peek(), best.ready.peek())) best = pool;
      }
      if (best === undefined) break;
      const v = best.ready.pop();
      if (this.held.length > 0 && this.held[v]! > 0) this.parked[v] = 1;
      else this.start(best, v);
    }
    for (const pool of dirty) pool.dirty = false;
    dirty.length = 0;
  }

  private start(pool: Pool, v: number): void {
    pool.busy++;
    this.slot[v] = pool.takeSlot();
    this.startS[v] = this.now;
    this.endS[v] = this.now + this.input.durationS[v]!;
    this.started.push(v);
    this.events.push(this.endS[v], v);
    const conflicts = this.input.conflicts;
    if (conflicts === undefined) return;
    for (let k = conflicts.start[v]!; k < conflicts.start[v + 1]!; k++) this.held[conflicts.items[k]!]!++;
  }

  private complete(v: number): void {
    const pool = this.pools[this.input.pool[v]!]!;
    pool.busy--;
    pool.freeSlots.push(this.slot[v]!, this.slot[v]!);
    this.markDirty(pool);
    this.releaseLeases(v);
    const released = this.released;
    released.length = 0;
    this.release(v, released);
    for (const s of released) this.makeReady(s);
  }

  /** Gives back the leases `v` held; a parked node that no running node holds any more goes back to its pool. */
  private releaseLeases(v: number): void {
    const conflicts = this.input.conflicts;
    if (conflicts === undefined) return;
    for (let k = conflicts.start[v]!; k < conflicts.start[v + 1]!; k++) {
      const u = conflicts.items[k]!;
      if (--this.held[u]! === 0 && this.parked[u] === 1) {
        this.parked[u] = 0;
        this.enqueue(u);
      }
    }
  }

  /** Counts `v` done for each successor; pushes onto `ready` those with nothing left to wait for. */
  private release(v: number, ready: number[]): void {
    const { start, items } = this.input.succ;
    for (let k = start[v]!; k < start[v + 1]!; k++) if (--this.indegree[items[k]!]! === 0) ready.push(items[k]!);
  }
}
