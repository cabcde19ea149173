/**
 * Ids made from titles. Plan ids become git branch and directory names (src/plan/schema.ts), so they are
 * kebab-case ASCII: accents are folded ("Übersicht" → "ubersicht"), emoji and punctuation dropped, and a long
 * title is cut at a word boundary so that ids stay readable in `baton status`.
 */

const MAX_LENGTH = 48;

/** A kebab-case id for a title, or `fallback` when the title has no letters or digits (all emoji, say). */
export function slugId(title: string, fallback: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .replace(/ß/gu, 'ss')
    .toLowerCase()
    .split(/[^a-z0-9]+/u)
    .filter((word) => word !== '');
  let id = '';
  for (const word of words) {
    const next = id === '' ? word : `${id}-${word}`;
    if (next.length > MAX_LENGTH && id !== '') break;
    id = next.slice(0, MAX_LENGTH);
  }
  return id === '' ? fallback : id;
}

/** Hands out unique ids: the second "setup" is "setup-2". */
export class IdPool {
  readonly #taken = new Set<string>();

  /** A unique id for the title; `fallback` (itself made unique) when the title gives none. */
  take(title: string, fallback: string): string {
    const base = slugId(title, fallback);
    let id = base;
    for (let n = 2; this.#taken.has(id); n++) id = `${base}-${n}`;
    this.#taken.add(id);
    return id;
  }
}
