/**
 * Critical-path-first list scheduling, event-driven: whenever a pool has free capacity, it starts the ready
 * node with the highest bottom level (ties: the order written in the plan). Gates take no capacity and no time: they complete the
 * moment their predecessors do. O((V + E) log V).
 */
import { KeyHeap, OrderedHeap } from './heap.js';
import type { Rows } from './links.js';

/** What the scheduler needs about the graph: one entry per node. */
export interface ScheduleInput {
  readonly succ: Rows;
  readonly preds: Rows;
  readonly durationS: Float64Array;
  readonly bottomLevelS: Float64Array;
  /** Tie-break between equal bottom levels: lower first (the plan's own order). */
  readonly rank: Int32Array;
  /** The pool each node draws capacity from; -1 for a gate. */
  readonly pool: Int32Array;
  /** How many nodes each pool may run at once (`Infinity` allowed). */
  readonly capacity: readonly number[];
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
    const bl = input.bottomLevelS;
    const rank = input.rank;
    const before = (a: number, b: number): boolean => bl[a]! > bl[b]! || (bl[a] === bl[b] && rank[a]! < rank[b]!);
    this.pools = input.capacity.map((c) => new Pool(c, new OrderedHeap(before)));
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
      const poolIndex = this.input.pool[v]!;
      if (poolIndex >= 0) {
        const pool = this.pools[poolIndex]!;
        pool.ready.push(v);
        if (!pool.dirty) this.dirty.push(pool);
        pool.dirty = true;
        continue;
      }
      this.startS[v] = this.endS[v] = this.now;
      this.release(v, gates);
    }
  }

  private startReady(): void {
    for (const pool of this.dirty) {
      pool.dirty = false;
      while (pool.busy < pool.capacity && pool.ready.size > 0) {
        const v = pool.ready.pop();
        pool.busy++;
        this.slot[v] = pool.takeSlot();
        this.startS[v] = this.now;
        this.endS[v] = this.now + this.input.durationS[v]!;
        this.started.push(v);
        this.events.push(this.endS[v], v);
      }
    }
    this.dirty.length = 0;
  }

  private complete(v: number): void {
    const pool = this.pools[this.input.pool[v]!]!;
    pool.busy--;
    pool.freeSlots.push(this.slot[v]!, this.slot[v]!);
    if (!pool.dirty) this.dirty.push(pool);
    pool.dirty = true;
    const released = this.released;
    released.length = 0;
    this.release(v, released);
    for (const s of released) this.makeReady(s);
  }

  /** Counts `v` done for each successor; pushes onto `ready` those with nothing left to wait for. */
  private release(v: number, ready: number[]): void {
    const { start, items } = this.input.succ;
    for (let k = start[v]!; k < start[v + 1]!; k++) if (--this.indegree[items[k]!]! === 0) ready.push(items[k]!);
  }
}
