/**
 * Durations as people write them in plans: "2h", "30 min", "1.5 hours", "~4h", "2-3h", "1-2 days", "2 weeks",
 * "1,5 Stunden", "3-4 Tage". Plan files want `2h`/`1d` (src/plan/duration.ts); documents say it in words, often
 * as a range. A range is planned at its upper bound (an estimate that runs long costs a late gate, one planned
 * short costs nothing) and its lower bound is kept so the import can say what it chose.
 *
 * Units are read in English, German, French and Spanish. A day is a working day and a week five of them, as in
 * src/plan/duration.ts, because plans count effort in working days.
 */
import { MAX_DURATION_S, SECONDS_PER_DAY } from '../plan/duration.js';

/** A duration found in text. */
export interface DurationText {
  /** The duration in seconds; for a range, its upper bound. */
  readonly seconds: number;
  /** The lower bound of a range, in seconds. */
  readonly low?: number;
  /** The words that were read, as written (e.g. `1-2 days`). */
  readonly text: string;
  /** Written as an estimate: `~4h`, "about 2 days", "ca. 3 Stunden". */
  readonly approximate?: true;
}

type Unit = 's' | 'm' | 'h' | 'd' | 'w';

const UNIT_SECONDS: Readonly<Record<Unit, number>> = {
  s: 1,
  m: 60,
  h: 3600,
  d: SECONDS_PER_DAY,
  w: 5 * SECONDS_PER_DAY,
};

/** Unit words by unit, longest spellings first so that `min` is not read as `m` followed by `in`. */
const UNIT_WORDS: readonly (readonly [Unit, string])[] = [
  ['s', String.raw`seconds?|secondes?|segundos?|sekunden?|secs?|sek\.?|s`],
  ['m', String.raw`minutes?|minuten?|minutos?|mins?\.?|m`],
  ['h', String.raw`hours?|stunden?|heures?|horas?|hrs?|std\.?|h`],
  ['d', String.raw`(?:working |business |work )?days?|arbeitstage?n?|tage?n?|jours?|d[ií]as?|d`],
  ['w', String.raw`weeks?|wochen?|semaines?|semanas?|wks?|w`],
];

const AMOUNT = String.raw`\d+(?:[.,]\d+)?`;
/** A unit word ends where the letters end; a digit may follow, as in `1h30m`. */
const UNIT = `(?:${UNIT_WORDS.map(([, words]) => words).join('|')})(?![\\p{L}])`;
const RANGE_SEPARATOR = String.raw`\s*(?:-|–|—|to|bis|à|a)\s*`;
const APPROX = String.raw`~|≈|\bca\.|\bcirca\b|\babout\b|\bapprox(?:\.|imately\b)|\baround\b|\broughly\b|\betwa\b|\bungefähr\b|\benviron\b|\baproximadamente\b`;

/** One duration: a range (`1-2 days`, `30m-1h`) or one or two amounts with units (`1h 30m`, `2 hours`). */
const DURATION = new RegExp(
  `(?<low>${AMOUNT})\\s*(?<lowUnit>${UNIT})?${RANGE_SEPARATOR}(?<high>${AMOUNT})\\s*(?<highUnit>${UNIT})` +
    `|(?<first>${AMOUNT})\\s*(?<firstUnit>${UNIT})(?:\\s*(?<second>${AMOUNT})\\s*(?<secondUnit>${UNIT}))?`,
  'iu',
);

/** One amount with its unit, at the start of a text. */
const SINGLE = new RegExp(`^(?<first>${AMOUNT})\\s*(?<firstUnit>${UNIT})`, 'iu');

/** Words that may surround a duration that is a whole field value ("(6-7 days expected)", "< 5 minutes"). */
const FILLER = new RegExp(
  `^(?:\\s|[()~≈<>≤≥:.,]|${APPROX}|\\b(?:expected|estimated|est|total|max|maximum|up to|under|within|each|geschätzt|erwartet|insgesamt|bis zu|maximal)\\b)*$`,
  'iu',
);

/**
 * Reads a text that is a duration and nothing else, apart from estimate words around it ("~4h", "2 days
 * expected", "(3-4 days)"). Returns `undefined` for anything else, including a bare number: a number without a
 * unit is ambiguous.
 */
export function parseDurationText(text: string): DurationText | undefined {
  const found = findDurationText(text);
  if (found === undefined) return undefined;
  const rest = text.slice(0, found.index) + ' ' + text.slice(found.index + found.text.length);
  if (!FILLER.test(rest)) return undefined;
  const { index: _index, ...duration } = found;
  return duration;
}

/** Finds the first duration inside a longer text ("Timeline & Milestones (6-7 days expected)"), with its index. */
export function findDurationText(text: string): (DurationText & { readonly index: number }) | undefined {
  const pattern = new RegExp(DURATION.source, 'giu');
  for (const match of text.matchAll(pattern)) {
    const duration = readMatch(match);
    if (duration === undefined) continue;
    const approximate = new RegExp(`(?:${APPROX})\\s*$`, 'iu').test(text.slice(0, match.index));
    return { ...duration, ...(approximate ? { approximate: true as const } : {}), index: match.index };
  }
  return undefined;
}

function readMatch(match: RegExpMatchArray): DurationText | undefined {
  const g = match.groups ?? {};
  const text = match[0];
  if (g.high !== undefined && g.highUnit !== undefined && g.low !== undefined) {
    const high = seconds(g.high, g.highUnit);
    const low = seconds(g.low, g.lowUnit ?? g.highUnit);
    if (high !== undefined && low !== undefined && low <= high) return { seconds: high, low, text };
    // "2 Days - 30 minutes" is two durations, not a range: read the first.
    const first = g.lowUnit === undefined ? null : SINGLE.exec(text);
    return first === null ? undefined : readMatch(first);
  }
  if (g.first === undefined || g.firstUnit === undefined) return undefined;
  const first = seconds(g.first, g.firstUnit);
  const second = g.second === undefined || g.secondUnit === undefined ? 0 : seconds(g.second, g.secondUnit);
  if (first === undefined || second === undefined) return undefined;
  return { seconds: first + second, text };
}

/** Seconds for an amount and a unit word, or `undefined` when the result is absurd or the unit ambiguous. */
function seconds(amount: string, unitWord: string): number | undefined {
  const unit = unitOf(unitWord);
  if (unit === undefined) return undefined;
  const value = Number(amount.replace(',', '.')) * UNIT_SECONDS[unit];
  return Number.isFinite(value) && value > 0 && value <= MAX_DURATION_S ? value : undefined;
}

/** A single capital letter (`5M`, `3D`) reads as millions or dimensions more often than as a unit, so it is none. */
function unitOf(word: string): Unit | undefined {
  if (/^[A-Z]$/.test(word)) return undefined;
  return UNIT_WORDS.find(([, words]) => new RegExp(`^(?:${words})$`, 'iu').test(word))?.[0];
}
