/**
 * Fact names interned to dense ids, so that world states can be bitsets and per-fact data typed arrays.
 */
export class FactTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** How many facts are interned; ids are `0 … size - 1`. */
  get size(): number {
    return this.names.length;
  }

  /** The id of `name`, giving it the next free id the first time it is seen. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  /** The id of `name`, or `undefined` when no part of the plan mentions it. Never adds a fact. */
  id(name: string): number | undefined {
    return this.ids.get(name);
  }

  /** The name of fact `id`. Throws on an id that was never handed out: that is a bug, not bad input. */
  name(id: number): string {
    const name = this.names[id];
    if (name === undefined) throw new RangeError(`unknown fact id ${id}`);
    return name;
  }
}
