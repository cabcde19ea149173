/**
 * Durations as people write them in plans: "2h", "30 min", "1.5 hours", "~4h", "2-3h", "1-2 days", "2 weeks",
 * "1,5 Stunden", "3-4 Tage". Plan files want `2h`/`1d` (src/plan/duration.ts); documents say it in words, often
 * as a range. A range is planned at its upper bound (an estimate that runs long costs a late gate, one planned
 * short costs nothing) and its lower bound is kept so the import can say what it chose.
 *
 * Units are read in English, German, French and Spanish, abbreviated as people do ("3 j" and "½ j" for jours; a
 * unit letter is one only where no letter follows, so "3 janvier" is none). A day is a working day and a week five
 * of them, as in src/plan/duration.ts, because plans count effort in working days; so "half a day" ("medio día",
 * "halber Tag", "demi-journée", "½ day", "½ j") is 4h, and "jours ouvrés" are plain days.
 *
 * Story points are durations only where the document says what a point is worth ("1 pt ≈ half a day",
 * "1 SP = 1 day"): `pointScaleIn` finds that definition, and "3 pts" reads as three times it when the caller
 * passes it on. Without a scale a point is no duration, since teams size them differently.
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
  /** Story points that were read ("3 pts"), for a range its upper bound; `seconds` is them times the scale. */
  readonly points?: number;
}

/** How a duration is read. */
export interface DurationOptions {
  /** What one story point is worth, from the document (see `pointScaleIn`); without it "3 pts" is no duration. */
  readonly pointSeconds?: number;
}

/** A document's definition of a story point: "1 pt ≈ half a day" on `line`. */
export interface PointScale {
  readonly seconds: number;
  /** 1-based line of the definition. */
  readonly line: number;
  /** The definition as written, emphasis removed: "1 pt ≈ half a day". */
  readonly text: string;
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
  ['d', String.raw`(?:working |business |work )?days?|arbeitstage?n?|tage?n?|jours?\s+ouvr(?:[ée]s|ables)|jours?|journ[ée]es?|jrs?\.?|j(?!['’])|d[ií]as?\s+(?:h[áa]biles|laborables)|d[ií]as?|jornadas?|d`],
  ['w', String.raw`weeks?|wochen?|semaines?|semanas?|wks?|w`],
];

/**
 * A number ("1,5", "1½", "½", "2 and a half", "anderthalb") or a word for a half ("half a", "medio", "halber",
 * "demi-") before a unit.
 */
const AMOUNT =
  String.raw`\d+\s+and\s+a\s+half[\s-]|(?<![\p{L}\p{N}])(?:(?:one|an?)\s+and\s+a\s+half[\s-]|anderthalb\s|eineinhalb\s)|` +
  String.raw`\d+(?:[.,]\d+)?|\d*½|(?<![\p{L}\p{N}])(?:half(?:\s+an?)?[\s-]|medi[oa]\s|halbe[rnms]?\s|demi-?)`;
/** A half after the unit: "1 día y medio", "2 jours et demi", "3 hours and a half". */
const HALF_TAIL = String.raw`\s+(?:and\s+a\s+half|y\s+medi[oa]|et\s+demie?)(?![\p{L}])`;
/** An amount written with words: its unit must be one too ("half a day", not "half d"). */
const WORDS_AMOUNT = /^\p{L}|and\s+a\s+half/iu;
/** A unit word ends where the letters end; a digit may follow, as in `1h30m`. */
const UNIT = `(?:${UNIT_WORDS.map(([, words]) => words).join('|')})(?![\\p{L}])`;
const RANGE_SEPARATOR = String.raw`\s*(?:-|–|—|to|bis|à|a)\s*`;
const APPROX = String.raw`~|≈|\bca\.|\bcirca\b|\babout\b|\bapprox(?:\.|imately\b)|\baround\b|\broughly\b|\betwa\b|\bungefähr\b|\benviron\b|\baproximadamente\b`;

/** One duration: a range (`1-2 days`, `30m-1h`) or one or two amounts with units (`1h 30m`, `2 hours`). */
const DURATION = new RegExp(
  `(?<low>${AMOUNT})\\s*(?<lowUnit>${UNIT})?${RANGE_SEPARATOR}(?<high>${AMOUNT})\\s*(?<highUnit>${UNIT})` +
    `|(?<first>${AMOUNT})\\s*(?<firstUnit>${UNIT})(?<halfTail>${HALF_TAIL})?(?:\\s*(?<second>${AMOUNT})\\s*(?<secondUnit>${UNIT}))?`,
  'iu',
);

/** One amount with its unit, at the start of a text. */
const SINGLE = new RegExp(`^(?<first>${AMOUNT})\\s*(?<firstUnit>${UNIT})`, 'iu');

/** Words that may surround a duration that is a whole field value ("(6-7 days expected)", "< 5 minutes"). */
const FILLER = new RegExp(
  `^(?:\\s|[()~≈<>≤≥:.,]|${APPROX}|\\b(?:expected|estimated|est|total|max|maximum|up to|under|within|each|geschätzt|erwartet|insgesamt|bis zu|maximal|a|an|une?|una?|ein(?:e[nr]?)?)\\b)*$`,
  'iu',
);

/** Story point units: "pts", "SP", "story points", "Punkte", "puntos". */
const POINT_UNIT = String.raw`(?:story[\s-]?points?|story-?punkte?|pts?\.?|points?|sps?|punkte?|puntos?)(?![\p{L}])`;
const NUMBER = String.raw`\d+(?:[.,]\d+)?|\d*½`;

/** Story points: "3 pts", "5 SP", "2-3 story points". */
const POINTS = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:(?<low>${NUMBER})\s*(?:${POINT_UNIT})?${RANGE_SEPARATOR})?(?<high>${NUMBER})\s*${POINT_UNIT}`,
  'giu',
);

/**
 * "1 pt ≈", "a story point is", "1 SP =": the start of a point's definition, its duration follows. A colon links
 * only after "1" ("1 pt: 4h"): "make a point: 2 days" defines nothing.
 */
const POINT_DEFINITION = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,])(?:1\s*${POINT_UNIT}\s*:|(?:1|one|a|an|each|every|ein(?:e[rn]?)?|jede[rs]?|un|une|uno|cada)\s+${POINT_UNIT}\s*` +
    String.raw`(?:≈|~|=|≙|≡|->|→|(?:is|equals|means|corresponds\s+to|entspricht|ist|vaut|équivaut\s+à|correspond\s+à|es|equivale\s+a)(?![\p{L}])))`,
  'giu',
);

/** "half a day per point", "4h / SP": a duration then this. */
const PER_POINT = new RegExp(String.raw`^\s*(?:per|/|pro|je|par|por)\s*(?:story[\s-]?)?(?:points?|pts?|sps?|punkt|punto)(?![\p{L}])`, 'iu');

/** What may stand between a point's definition and its duration: estimate words and articles. */
const DEFINITION_GAP = new RegExp(`^(?:\\s|${APPROX}|(?<![\\p{L}])(?:a|an|une?|una?|ein(?:e[nr]?)?)(?![\\p{L}]))*$`, 'iu');

/**
 * Reads a text that is a duration and nothing else, apart from estimate words around it ("~4h", "2 days
 * expected", "(3-4 days)"). Returns `undefined` for anything else, including a bare number: a number without a
 * unit is ambiguous. Story points ("3 pts") are read only with `pointSeconds`, the document's scale.
 */
export function parseDurationText(text: string, options: DurationOptions = {}): DurationText | undefined {
  const found = findDurationText(text, options);
  if (found === undefined) return undefined;
  const rest = text.slice(0, found.index) + ' ' + text.slice(found.index + found.text.length);
  if (!FILLER.test(rest)) return undefined;
  const { index: _index, ...duration } = found;
  return duration;
}

/**
 * Finds the first duration inside a longer text ("Timeline & Milestones (6-7 days expected)"), with its index;
 * with `pointSeconds`, story points ("3 pts") count as durations too.
 */
export function findDurationText(text: string, options: DurationOptions = {}): (DurationText & { readonly index: number }) | undefined {
  const duration = firstDuration(text);
  const points = options.pointSeconds === undefined ? undefined : firstPoints(text, options.pointSeconds);
  const found = points !== undefined && (duration === undefined || points.index < duration.index) ? points : duration;
  if (found === undefined) return undefined;
  const approximate = new RegExp(`(?:${APPROX})\\s*$`, 'iu').test(text.slice(0, found.index));
  return { ...found, ...(approximate ? { approximate: true as const } : {}) };
}

/**
 * The document's definition of a story point: "1 pt ≈ half a day", "1 point = 4h", "1 SP = 1 day", "a story
 * point is half a day", "4h per point". Emphasis around or inside it is ignored; the first definition counts.
 */
export function pointScaleIn(text: string): PointScale | undefined {
  const lines = text.split(/\r?\n/u);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\*\*|__|[*`]/gu, '');
    const scale = pointDefinition(line) ?? perPoint(line);
    if (scale !== undefined) return { ...scale, line: i + 1 };
  }
  return undefined;
}

function pointDefinition(line: string): Omit<PointScale, 'line'> | undefined {
  for (const match of line.matchAll(POINT_DEFINITION)) {
    const start = match.index + match[0].length;
    const duration = firstDuration(line.slice(start));
    if (duration === undefined || !DEFINITION_GAP.test(line.slice(start, start + duration.index))) continue;
    return { seconds: duration.seconds, text: line.slice(match.index, start + duration.index + duration.text.length) };
  }
  return undefined;
}

function perPoint(line: string): Omit<PointScale, 'line'> | undefined {
  const pattern = new RegExp(DURATION.source, 'giu');
  for (const match of line.matchAll(pattern)) {
    const duration = readMatch(match);
    const end = match.index + match[0].length;
    const per = PER_POINT.exec(line.slice(end));
    if (duration !== undefined && per !== null) return { seconds: duration.seconds, text: line.slice(match.index, end + per[0].length) };
  }
  return undefined;
}

/** The first duration with units in a text, with its index. */
function firstDuration(text: string): (DurationText & { readonly index: number }) | undefined {
  const pattern = new RegExp(DURATION.source, 'giu');
  for (const match of text.matchAll(pattern)) {
    const duration = readMatch(match);
    if (duration !== undefined) return { ...duration, index: match.index };
  }
  return undefined;
}

/** The first story points in a text, as seconds at `pointSeconds` a point. */
function firstPoints(text: string, pointSeconds: number): (DurationText & { readonly index: number }) | undefined {
  for (const match of text.matchAll(new RegExp(POINTS.source, 'giu'))) {
    const high = amountOf(match.groups?.high ?? '');
    const low = match.groups?.low === undefined ? undefined : amountOf(match.groups.low);
    if (high === undefined || !(high > 0) || (low !== undefined && !(low > 0 && low <= high))) continue;
    const seconds = high * pointSeconds;
    if (!(seconds <= MAX_DURATION_S)) continue;
    return { seconds, ...(low === undefined ? {} : { low: low * pointSeconds }), text: match[0], points: high, index: match.index };
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
  const first = seconds(g.first, g.firstUnit, g.halfTail === undefined ? 0 : 0.5);
  const second = g.second === undefined || g.secondUnit === undefined ? 0 : seconds(g.second, g.secondUnit);
  if (first === undefined || second === undefined) return undefined;
  return { seconds: first + second, text };
}

/** Seconds for an amount and a unit word, or `undefined` when the result is absurd or the unit ambiguous. */
function seconds(amount: string, unitWord: string, plus = 0): number | undefined {
  const unit = unitOf(unitWord);
  if (unit === undefined) return undefined;
  if (WORDS_AMOUNT.test(amount) && unitWord.length < 2) return undefined;
  const value = ((amountOf(amount) ?? NaN) + plus) * UNIT_SECONDS[unit];
  return Number.isFinite(value) && value > 0 && value <= MAX_DURATION_S ? value : undefined;
}

/** The number an amount stands for: "1,5" 1.5, "1½" 1.5, "half a" 0.5, "2 and a half" 2.5, "anderthalb" 1.5. */
function amountOf(amount: string): number | undefined {
  const andAHalf = /^(\d+|one|an?)\s+and\s+a\s+half/iu.exec(amount);
  if (andAHalf !== null) return (/^\d/u.test(andAHalf[1] ?? '') ? Number(andAHalf[1]) : 1) + 0.5;
  if (/^(?:anderthalb|eineinhalb)/iu.test(amount)) return 1.5;
  if (/^\p{L}/u.test(amount)) return 0.5;
  const value = Number(amount.replace(',', '.').replace('½', '.5'));
  return Number.isFinite(value) ? value : undefined;
}

/** A single capital letter (`5M`, `3D`) reads as millions or dimensions more often than as a unit, so it is none. */
function unitOf(word: string): Unit | undefined {
  if (/^[A-Z]$/.test(word)) return undefined;
  return UNIT_WORDS.find(([, words]) => new RegExp(`^(?:${words})$`, 'iu').test(word))?.[0];
}
