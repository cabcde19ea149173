/**
 * One role, however the document spells it: "QA Engineer" and "QA engineer", "Desarrollador Frontend" and
 * "Desarrolladora Frontend", "Ingeniero QA" and "Ingeniero de QA", "DevOps" and "Devops" are one agent each,
 * and a typo ("Platfrom") is read as the role it misspells, with a warning. Two different roles must stay
 * two, so the folding is small: case, accents, filler words, gendered and plural endings.
 *
 * French writes a role three ways: masculine ("Développeur front"), feminine ("Développeuse front") and
 * inclusive ("Développeur·se front", "Ingénieur·e", "Ingénieur.e", "Ingénieur(e)"). The inclusive mark is
 * dropped and feminine endings fold to the masculine ("-euse", "-eure" → "-eur", "-rice" → "-eur", "-ère" →
 * "-er", "-ienne" → "-ien"); an elided article goes ("d'exploitation" is "exploitation").
 */

const FILLER = new Set('de del la el los las of the der die das des du le les von for au aux en'.split(' '));

/** An inclusive ending after a masculine word: "·e", "·se", ".e", "·rice", "·ère", "·s", "·e·s". */
const INCLUSIVE = /(?<=\p{L})[·•‧⋅∙.](?:e|se|euse|rice|trice|ice|ne|le|ere|fe|ve|s)(?:[·•‧⋅∙.]?s)?(?!\p{L})/gu;
/** An inclusive ending in parentheses: "Ingénieur(e)", "Développeur(se)", "Directeur(rice)". */
const INCLUSIVE_GROUP = /(?<=\p{L})\((?:e|se|euse|rice|trice|ice|ne|le|ere|s|es)\)/gu;
/** An elided article or preposition before a word: "d'exploitation", "l'équipe". */
const ELISION = /(?<!\p{L})(?:d|l|qu)['’](?=\p{L})/gu;

/** The key two spellings of one role share. */
export function roleKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(INCLUSIVE, '')
    .replace(INCLUSIVE_GROUP, '')
    .replace(ELISION, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '' && !FILLER.has(word))
    .map(stem)
    .join(' ');
}

/**
 * "desarrolladora" → "desarrollador", "ingeniera"/"ingeniero" → "ingenier", "entwicklerin" → "entwickler",
 * "engineers" → "engineer", "développeuse" → "developpeur", "directrice" → "directeur", "ingénieure" → "ingenieur".
 */
function stem(word: string): string {
  if (word.length <= 5) return word;
  if (word.endsWith('innen')) return word.slice(0, -5);
  if (word.endsWith('in') && /[er]in$/u.test(word) && word.length > 7) return word.slice(0, -2);
  const french = frenchMasculine(word);
  if (french !== undefined) return french;
  // Spanish and Italian role words ("desarrolladora", "ingeniero", "analista"), not names ("Juliana", "Francesca").
  if (/(?:ora|er[oa]|ari[oa]|ic[oa]|ad[oa]|ist[ao]|ent[ea]|ef[ea]|ect[oa])s?$/u.test(word)) return word.replace(/[ao]s?$/u, '');
  if (word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/** The masculine of a French feminine role word, singular: "recetteuses" → "recetteur"; undefined when it is none. */
function frenchMasculine(word: string): string | undefined {
  const match = /(?:euse|eure|rice|ere|ienne)s?$/u.exec(word);
  if (match === null) return undefined;
  const ending = match[0].replace(/s$/u, '');
  const masculine = ending === 'ere' ? 'er' : ending === 'ienne' ? 'ien' : 'eur';
  // "-rice" keeps the letter before it: "directrice" → "directeur", "conductrice" → "conducteur".
  return word.slice(0, match.index) + masculine;
}

/**
 * The known role a name misspells: one edit (a letter added, dropped, changed, or two swapped) away from
 * exactly one known key of at least six letters. Undefined when it is none or several.
 */
export function misspelledRole(key: string, known: Iterable<string>): string | undefined {
  if (key.length < 6) return undefined;
  const close = [...known].filter((k) => k.length >= 6 && k !== key && oneWordApart(k, key) && editDistance(k, key) <= 1);
  return close.length === 1 ? close[0] : undefined;
}

/**
 * The two keys differ in one word only, and that word is long enough to be misspelled: "Track A" and "Track B",
 * "Agent 1" and "Agent 2" are different roles, not typos; nor are "Julian" and "Juliana".
 */
function oneWordApart(a: string, b: string): boolean {
  const x = a.split(' ');
  const y = b.split(' ');
  if (x.length !== y.length) return false;
  const differ = x.map((word, i) => [word, y[i] ?? ''] as const).filter(([p, q]) => p !== q);
  const [p, q] = differ[0] ?? ['', ''];
  // A letter more at the end is another name or form ("Julian", "Juliana"), not a slip of the hand.
  return differ.length === 1 && Math.min(p.length, q.length) >= 5 && !p.startsWith(q) && !q.startsWith(p);
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
