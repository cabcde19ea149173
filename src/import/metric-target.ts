/**
 * A success metric's target and baseline, from the words a document writes for them (after a colon, in a
 * table's cells), read into a gate check's `metric`, `baseline` and `target`. A target must be a comparison with
 * a number (the plan's `target` field), so "±5% variance" is kept as words and reported, never guessed. Units
 * are dropped from the numbers (the metric's command reports in the document's unit); a baseline in another unit
 * than its target ("1.5-2 GB" → "≤100 MB") is left out rather than compared wrongly. A baseline may follow the
 * target in words ("< 2 % (hoy estamos en 3,1 %)", "≤ 5 s (today: 8 s)", "(was 120 s)"); what else follows the
 * target's number ("at 300 rps") is context, never the target.
 */
import { amountFrom, amountOf, NUMBER } from './number-text.js';
import type { Amount } from './number-text.js';

/** A metric read from a line or a table row. */
export interface MetricText {
  /** The metric's name as written: "First build". */
  readonly name: string;
  /** The name as an output field: "first_build". */
  readonly metric: string;
  /** `<= 15`: an operator and a number, as the plan's `target` expects. */
  readonly target?: string;
  readonly baseline?: number;
  /** Words that were not read as a number comparison ("±5% variance"), to be reported. */
  readonly unread?: string;
  /** What follows the target's number: "at 300 rps" in "under 250 ms at 300 rps". */
  readonly context?: string;
}

/** Words that say a number is where things stand now: "(today: 8 s)", "(hoy estamos en 3,1 %)", "(was 120 s)". */
const BASELINE_WORDS =
  "today|currently|current|was|were|now|baseline|last(?=\\s+\\p{L}+\\s*:)|hoy|actualmente|actual|ahora|heute|derzeit|aktuell|zurzeit|bisher|" +
  "aujourd['’]hui|actuellement|actuel(?:le)?";
/**
 * A baseline word, up to three words ("estamos en", "liegt bei", "before tuning"), maybe a colon, then a number:
 * "(today: 8 s)", "(hoy estamos en 3,1 %)", "(baseline before tuning: ~40 s)", "(last rehearsal: 52 min)".
 */
const BASELINE = new RegExp(String.raw`(?<![\p{L}])(?:${BASELINE_WORDS})(?![\p{L}])\s*[:=]?(?:\s+[\p{L}'’]+){0,3}?\s*[:=]?\s*[~≈]?\s*${NUMBER}`, 'iu');

/** The metric key for a name: lower snake case, ASCII. */
export function metricKey(name: string): string {
  const key = name.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').toLowerCase().replace(/[^a-z0-9]+/gu, '_').replace(/^_+|_+$/gu, '');
  return /^[a-z_]/u.test(key) ? key : `m_${key}`;
}

/** A metric named `name`, its target read from `targetText` and its baseline from `baselineText` or the target's words. */
export function metricOf(name: string, targetText: string, baselineText: string | undefined): MetricText {
  const target = amountOf(targetText);
  const base = baselineText === undefined ? undefined : amountOf(baselineText);
  const fromColumn = base !== undefined && sameUnit(base, target) && base.op === undefined ? base.value : undefined;
  const stated = fromColumn === undefined && target !== undefined ? statedBaseline(target) : undefined;
  const baseline = fromColumn ?? stated?.baseline;
  const context = contextOf(stated?.context ?? target?.rest ?? '');
  // A number inside a code span (`npm run test:e2e`) is part of a command, not a target.
  const unread = target === undefined && /\d/u.test(targetText.replace(/`[^`]*`/gu, '')) ? targetText.trim() : undefined;
  return {
    name,
    metric: metricKey(name),
    ...(target === undefined ? {} : { target: targetString(target, baseline) }),
    ...(baseline === undefined ? {} : { baseline }),
    ...(unread === undefined ? {} : { unread }),
    ...(target === undefined || context === '' ? {} : { context }),
  };
}

/** Words after a target, or nothing when only punctuation is left ("< 1%." ends a sentence). */
export function contextOf(rest: string): string {
  return /^[\s.,;:!]*$/u.test(rest) ? '' : rest;
}

/** A baseline and its target are compared only in one unit, or where one of them has none. */
function sameUnit(base: Amount, target: Amount | undefined): boolean {
  return target === undefined || base.unit === '' || target.unit === '' || base.unit === target.unit;
}

/**
 * A baseline stated in words after the target ("< 2 % (hoy estamos en 3,1 %)", "≤ 5 s (today: 8 s with
 * SendGrid)"), with the context left once its clause is taken out: the parenthesis it is in, or the rest of the
 * text from its word on.
 */
export function statedBaseline(target: Amount): { baseline: number; context: string } | undefined {
  const match = BASELINE.exec(target.rest);
  const base = match === null ? undefined : amountFrom(match, '');
  if (match === null || base === undefined || !sameUnit(base, target)) return undefined;
  const open = target.rest.lastIndexOf('(', match.index);
  const close = target.rest.indexOf(')', match.index);
  const inside = open !== -1 && !target.rest.slice(open, match.index).includes(')');
  const context = inside ? target.rest.slice(0, open) + (close === -1 ? '' : target.rest.slice(close + 1)) : target.rest.slice(0, match.index);
  return { baseline: base.value, context: context.replace(/\s+/gu, ' ').replace(/^[\s,;]+|[\s,;]+$/gu, '') };
}

/** A bare target compares the way the work moves: down from a higher baseline, up from a lower one, else equal. */
export function targetString(target: Amount, baseline: number | undefined): string {
  const op = target.op ?? (baseline === undefined || baseline === target.value ? '==' : baseline > target.value ? '<=' : '>=');
  return `${op} ${target.value}`;
}
