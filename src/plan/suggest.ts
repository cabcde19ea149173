/** "Did you mean …?" for misspelt names: the closest known name, when it is close enough to be a typo. */
import { distance } from 'fastest-levenshtein';

/** Returns the known name nearest to `name`, or `undefined` when none is within a typo's reach. */
export function nearest(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const candidate of known) {
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` or an empty string. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = nearest(name, known);
  return match === undefined ? '' : ` (did you mean "${match}"?)`;
}

/** Quotes a list of names for a message: `"a", "b" or "c"`. */
export function quoteList(names: readonly string[], joiner = 'or'): string {
  const quoted = names.map((n) => `"${n}"`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} ${joiner} ${quoted.at(-1)}`;
}
