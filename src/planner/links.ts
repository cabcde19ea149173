/**
 * The domain's edges in compressed sparse rows: for each node or fact, a range of one flat `Int32Array`.
 * The search, h_add and ordering walk these millions of times; flat typed arrays keep that to one memory
 * access per edge, where arrays of arrays cost a pointer chase (and a likely cache miss) per list, and they
 * give the garbage collector four objects instead of hundreds of thousands.
 */

/** Rows of integers: row `i` is `items[start[i]] … items[start[i + 1] - 1]`. */
export interface Rows {
  readonly start: Int32Array;
  readonly items: Int32Array;
}

export interface Links {
  /** Per node: the facts it requires. */
  readonly requires: Rows;
  /** Per node: the facts it provides. */
  readonly provides: Rows;
  /** Per fact: the nodes that provide it, in node order. */
  readonly providers: Rows;
  /** Per fact: the nodes that require it, in node order. */
  readonly consumers: Rows;
  /** Per node: its cost. */
  readonly cost: Float64Array;
}

/** Packs `count` lists into rows. */
export function toRows(count: number, list: (i: number) => readonly number[]): Rows {
  const start = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) start[i + 1] = start[i]! + list(i).length;
  const items = new Int32Array(start[count]!);
  for (let i = 0; i < count; i++) items.set(list(i), start[i]);
  return { start, items };
}

/** The reverse relation: row `j` of the result lists every `i` whose row contains `j`, in increasing order. */
export function invertRows(rows: Rows, count: number): Rows {
  const start = new Int32Array(count + 1);
  for (const j of rows.items) start[j + 1]!++;
  for (let j = 0; j < count; j++) start[j + 1]! += start[j]!;
  const fill = start.slice(0, count);
  const items = new Int32Array(rows.items.length);
  for (let i = 0; i + 1 < rows.start.length; i++) {
    for (let k = rows.start[i]!; k < rows.start[i + 1]!; k++) items[fill[rows.items[k]!]!++] = i;
  }
  return { start, items };
}

/** Row `i` as a fresh array, for code off the hot path. */
export function rowOf(rows: Rows, i: number): number[] {
  return Array.from(rows.items.subarray(rows.start[i], rows.start[i + 1]));
}
