import { describe, expect, it } from 'vitest';
import { Bitset } from './bitset.js';
import { choiceHash, ExpandedSets, SearchNodes } from './search-nodes.js';
import { Trail } from './trail.js';

/**
 * A search tree and its trail, driven the way the search drives them: enter a node, make its choices. A choice is
 * `[node, fact it is chosen for, other facts it makes true…]`.
 */
function world(facts = 8, nodes = 8) {
  const tree = new SearchNodes();
  const trail = new Trail(new Bitset(facts), nodes);
  let current = -1;
  const enter = (parent: number, choices: readonly (readonly number[])[]): number => {
    const id = tree.add(parent, -1, -1, -1, 0, 0, 0, 0);
    if (parent >= 0) trail.move(tree, current, parent);
    tree.opStart[id] = trail.position;
    for (const [node, fact, ...others] of choices) {
      trail.choose(node!, fact!);
      for (const f of [fact!, ...others]) trail.meet(f);
    }
    tree.opEnd[id] = trail.position;
    current = id;
    return id;
  };
  const goTo = (node: number): void => {
    trail.move(tree, current, node);
    current = node;
  };
  return { tree, trail, enter, goTo };
}

describe('choiceHash', () => {
  it('tells a node chosen for one fact from the same node chosen for another', () => {
    expect(choiceHash(1, 2)).not.toBe(choiceHash(2, 1));
    expect(choiceHash(1, 2) ^ choiceHash(3, 4)).toBe(choiceHash(3, 4) ^ choiceHash(1, 2));
  });
});

describe('Trail', () => {
  it('knows the same choices made in another order, and not the same nodes chosen for other facts', () => {
    const { tree, trail, enter } = world();
    const root = enter(-1, []);
    const a = enter(enter(root, [[1, 0]]), [[2, 1]]);
    const b = enter(enter(root, [[2, 1]]), [[1, 0]]);
    expect(trail.hasChoicesOf(tree, b, a)).toBe(true);
    const c = enter(enter(root, [[1, 1]]), [[2, 0]]);
    expect(trail.hasChoicesOf(tree, c, a)).toBe(false);
  });

  it('names the node chosen for a fact as its resolver, but not a node that made it true on the side', () => {
    const { trail, enter, goTo } = world();
    const root = enter(-1, []);
    const child = enter(root, [[1, 0, 3]]);
    expect(trail.resolver(0)).toBe(1);
    expect(trail.resolver(3)).toBe(-1);
    goTo(root);
    expect(trail.resolver(0)).toBe(-1);
    enter(root, [[2, 0]]);
    expect(trail.resolver(0)).toBe(2);
    goTo(child);
    expect(trail.resolver(0)).toBe(1);
  });
});

describe('ExpandedSets', () => {
  it('skips a node whose choices were expanded before, and checks equal hashes before trusting them', () => {
    const tree = new SearchNodes();
    const node = (hash: number, size: number): number => {
      const id = tree.add(-1, -1, -1, -1, 0, 0, 0, 0);
      tree.hash[id] = hash;
      tree.size[id] = size;
      return id;
    };
    const expanded = new ExpandedSets();
    const first = node(7, 2);
    expect(expanded.add(tree, first, () => true)).toBe(true);
    // Same hash, same choices: a duplicate.
    expect(expanded.add(tree, node(7, 2), (other) => other === first)).toBe(false);
    // Same hash, other choices: a collision, recorded as new.
    const collided = node(7, 2);
    expect(expanded.add(tree, collided, () => false)).toBe(true);
    expect(expanded.add(tree, node(7, 2), (other) => other === collided)).toBe(false);
    // Same hash, another number of choices: new, without a look at the choices.
    expect(
      expanded.add(tree, node(7, 3), () => {
        throw new Error('compared choices of different sizes');
      }),
    ).toBe(true);
  });
});
