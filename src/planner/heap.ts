/**
 * Binary heaps on growable typed arrays. The planner's searches push and pop millions of entries; keeping
 * them in flat arrays of numbers avoids an object per entry.
 */

/**
 * A min-heap of `(key, value)` pairs: the pair with the smallest key comes out first. The same value may be
 * pushed several times with different keys; Dijkstra-style users skip the stale copies when they pop them.
 */
export class KeyHeap {
  private keys = new Float64Array(64);
  private values = new Int32Array(64);
  private length = 0;

  get size(): number {
    return this.length;
  }

  push(key: number, value: number): void {
    if (this.length === this.keys.length) this.grow();
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = this.keys[parent]!;
      if (parentKey <= key) break;
      this.keys[i] = parentKey;
      this.values[i] = this.values[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.values[i] = value;
  }

  /** The smallest key; `Infinity` when empty. */
  peekKey(): number {
    return this.length === 0 ? Infinity : this.keys[0]!;
  }

  /** Removes the pair with the smallest key and returns its value; `-1` when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.values[0]!;
    const last = --this.length;
    const key = this.keys[last]!;
    const value = this.values[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.keys[i] = this.keys[child]!;
      this.values[i] = this.values[child]!;
      i = child;
    }
    this.keys[i] = key;
    this.values[i] = value;
    return top;
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
    const values = new Int32Array(this.values.length * 2);
    values.set(this.values);
    this.values = values;
  }
}

/**
 * A heap of integer ids ordered by a caller's `before(a, b)`, for priorities with tie-breaks that one number
 * cannot hold (A* nodes: f, then unmet facts, then depth). The order of an id must not change while it is in
 * the heap.
 */
export class OrderedHeap {
  private items = new Int32Array(64);
  private length = 0;

  constructor(private readonly before: (a: number, b: number) => boolean) {}

  get size(): number {
    return this.length;
  }

  push(id: number): void {
    if (this.length === this.items.length) {
      const items = new Int32Array(this.items.length * 2);
      items.set(this.items);
      this.items = items;
    }
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentId = this.items[parent]!;
      if (!this.before(id, parentId)) break;
      this.items[i] = parentId;
      i = parent;
    }
    this.items[i] = id;
  }

  /** The first id without removing it; `-1` when empty. */
  peek(): number {
    return this.length === 0 ? -1 : this.items[0]!;
  }

  /** Removes and returns the first id; `-1` when empty. */
  pop(): number {
    if (this.length === 0) return -1;
    const top = this.items[0]!;
    const last = --this.length;
    const id = this.items[last]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      const right = child + 1;
      if (right < last && this.before(this.items[right]!, this.items[child]!)) child = right;
      const childId = this.items[child]!;
      if (!this.before(childId, id)) break;
      this.items[i] = childId;
      i = child;
    }
    this.items[i] = id;
    return top;
  }
}
