/**
 * Execution-mode words: how a document says that a phase's work runs in parallel, in sequence, in a loop, or
 * mixed ("Parallel Execution", "sequenziell", "en parallèle", "Parallel + Loop"). The mode decides how the
 * importer orders a phase's actions, so it must be found in headings written in several languages.
 *
 * Covered: English, German, French, Spanish.
 */

/** A phase's execution mode as a document states it; `hybrid` is the documents' word for "some of each". */
export type PhaseMode = 'parallel' | 'sequential' | 'loop' | 'hybrid';

/** A mode word found in a text, as written. */
export interface ModeWord {
  readonly mode: PhaseMode;
  readonly word: string;
}

const WORDS: readonly (readonly [PhaseMode, string])[] = [
  ['parallel', 'in parallel|en parallèle|parallel(?:ized|isiert|e)?|parallèles?|paralel[oa]s?|concurrent(?:ly)?|simultaneous(?:ly)?|gleichzeitig'],
  ['sequential', 'in sequence|one after another|sequential(?:ly)?|sequenziell|sequentiell|nacheinander|serial(?:ly)?|seriell|séquentiel(?:le)?|secuencial'],
  ['loop', 'loop(?:s|ed|ing)?|iterative(?:ly)?|iterativ|schleife|boucle|bucle|itératif|iterativo'],
  ['hybrid', 'hybrid|hybride|híbrid[oa]|mixed|gemischt'],
];

const PATTERN = new RegExp(
  `(?<![\\p{L}])(?:${WORDS.map(([mode, words]) => `(?<${mode}>${words})`).join('|')})(?![\\p{L}])`,
  'giu',
);

/** Every mode word in a text, in order. */
export function findModeWords(text: string): ModeWord[] {
  const found: ModeWord[] = [];
  for (const match of text.matchAll(PATTERN)) {
    const entry = Object.entries(match.groups ?? {}).find(([, value]) => value !== undefined);
    if (entry !== undefined) found.push({ mode: entry[0] as PhaseMode, word: entry[1] });
  }
  return found;
}

/**
 * The one mode that a list of mode words states: the mode when they agree, `hybrid` when they name different
 * modes ("Parallel + Loop"), `undefined` when there are none.
 */
export function modeOf(words: readonly ModeWord[]): PhaseMode | undefined {
  const modes = new Set(words.map((w) => w.mode));
  if (modes.size === 0) return undefined;
  if (modes.size > 1) return 'hybrid';
  return [...modes][0];
}
