/**
 * A fixed-size set of small non-negative integers, one bit each, on a `Uint32Array`.
 *
 * World states are sets of fact ids; the planner copies, tests and flips them in its inner loops, so they are
 * words of bits rather than `Set<number>`: no allocation per fact, and a copy is one typed-array `slice`.
 */
export class Bitset {
  /** How many ids the set can hold: ids are `0 … size - 1`. */
  readonly size: number;
  private readonly words: Uint32Array;

  constructor(size: number, words?: Uint32Array) {
    this.size = size;
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }

  /** True when `i` is in the set. */
  has(i: number): boolean {
    return ((this.words[i >>> 5]! >>> (i & 31)) & 1) === 1;
  }

  add(i: number): void {
    this.words[i >>> 5]! |= 1 << (i & 31);
  }

  delete(i: number): void {
    this.words[i >>> 5]! &= ~(1 << (i & 31));
  }

  /** An independent copy: later changes to either do not show in the other. */
  clone(): Bitset {
    return new Bitset(this.size, this.words.slice());
  }

  /** How many ids are in the set. */
  count(): number {
    let n = 0;
    for (const word of this.words) n += popCount(word);
    return n;
  }

  /** Calls `fn` with each id in the set, in increasing order. */
  forEach(fn: (i: number) => void): void {
    const words = this.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      while (word !== 0) {
        const low = word & -word;
        fn((w << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}

function popCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
