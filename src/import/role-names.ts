/**
 * One role, however the document spells it: "QA Engineer" and "QA engineer", "Desarrollador Frontend" and
 * "Desarrolladora Frontend", "Ingeniero QA" and "Ingeniero de QA", "DevOps" and "Devops" are one agent each,
 * and a typo ("Platfrom") is read as the role it misspells, with a warning. Two different roles must stay
 * two, so the folding is small: case, accents, filler words, gendered and plural endings.
 */

const FILLER = new Set('de del la el los las of the der die das des du le les von for'.split(' '));

/** The key two spellings of one role share. */
export function roleKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !FILLER.has(word))
    .map(stem)
    .join(' ');
}

/** "desarrolladora" → "desarrollador", "ingeniera"/"ingeniero" → "ingenier", "entwicklerin" → "entwickler", "engineers" → "engineer". */
function stem(word: string): string {
  if (word.length <= 5) return word;
  if (word.endsWith('innen')) return word.slice(0, -5);
  if (word.endsWith('in') && /[er]in$/u.test(word) && word.length > 7) return word.slice(0, -2);
  if (/[ao]s?$/u.test(word)) return word.replace(/[ao]s?$/u, '');
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * The known role a name misspells: one edit (a letter added, dropped, changed, or two swapped) away from
 * exactly one known key of at least six letters. Undefined when it is none or several.
 */
export function misspelledRole(key: string, known: Iterable<string>): string | undefined {
  if (key.length < 6) return undefined;
  const close = [...known].filter((k) => k.length >= 6 && k !== key && editDistance(k, key) <= 1);
  return close.length === 1 ? close[0] : undefined;
}

/** Optimal string alignment distance, stopping early above 1. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (rows[i]?.[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      const row = rows[i];
      if (row !== undefined) row[j] = best;
    }
  }
  return rows[a.length]?.[b.length] ?? 2;
}
