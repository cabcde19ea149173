/**
 * A success metric written as a line — "First build: 120s → ≤15s", "Test pass rate: 100%", "p99 latency under
 * 250 ms at 300 rps" — read into a gate check's `metric`, `baseline` and `target` (metric-target.ts reads the
 * words after the colon; number-text.ts the numbers and comparison words). A criterion without a colon is read
 * too: the words before the comparison name the metric, and what follows the number ("at 300 rps") is context,
 * never the target; a criterion with no comparison ("No job failures") is a check by its name only.
 */
import { contextOf, metricKey, metricOf, statedBaseline, targetString } from './metric-target.js';
import type { MetricText } from './metric-target.js';
import { amountFrom, COMPARISON } from './number-text.js';

const ARROW = /\s*(?:→|->|=>|⇒|⟶)\s*/u;

/** Units of a span of time over which something is observed: "no errors over 48h" states no target. */
const WINDOW_UNIT = /^(?:h|hrs?|hours?|d|days?|weeks?|months?|runs?|iterations?|std|stunden?|tagen?|wochen?|monaten?|läufen?)$/u;

/** Words between a metric's name and its comparison: "latency stays under", "pass rate of at least", "finished in under". */
const LINKING_WORDS = /(?:\s+(?:of|is|are|be|to be|should be|must be|stays?|remains?|kept|at|in|within|von|ist|sind|bleibt|soll|muss|sein|bei|liegt|bleiben))+\s*$/iu;

/**
 * "First build: 120s → ≤15s (8x improvement)", "Full test suite: <150s", "p99 latency under 250 ms at 300 rps",
 * "No job failures" (a criterion).
 */
export function metricFromLine(text: string): MetricText {
  const colon = /^(?<name>(?:[^:`(]|`[^`]*`|\([^)]*\)|\((?![^)]*\))){1,80}?):\s*(?<value>.*)$/su.exec(text.trim());
  if (colon === null) return criterionOf(text.trim());
  const name = (colon.groups?.name ?? text).trim();
  const value = colon.groups?.value ?? '';
  const [before, after] = /^\s*=>/u.test(value) ? [value] : value.split(ARROW, 2);
  if (after !== undefined) return metricOf(name, after, before);
  return metricOf(name, value, undefined);
}

/**
 * A line without a colon: a comparison in it ("p99 latency under 250 ms at 300 rps", "Flake rate < 1%") is its
 * target, named by the words before it; the line stays the check's name. A sign inside a code span is no
 * comparison, `=>` after a number is an arrow, and "over" a span of time ("no errors over 48h") is a window.
 */
function criterionOf(text: string): MetricText {
  const plain = text.replace(/\*+/gu, '');
  const match = COMPARISON.exec(plain.replace(/`[^`]*`/gu, (span) => ' '.repeat(span.length)));
  const amount = match === null ? undefined : amountFrom(match, plain.slice(match.index + match[0].length));
  if (match === null || amount === undefined) return { name: text, metric: metricKey(text) };
  const named = lastClause(plain.slice(0, match.index)).replace(LINKING_WORDS, '').trim();
  const arrow = match.groups?.op === '=>' && /\d\s*(?:%|[a-zµ]+)?\s*$/iu.test(named);
  const window = /^(?:over|über)$/iu.test(match.groups?.word ?? '') && WINDOW_UNIT.test(amount.unit);
  if (named === '' || arrow || window) return { name: text, metric: metricKey(text) };
  const stated = statedBaseline(amount);
  const context = contextOf(stated?.context ?? amount.rest);
  return {
    name: text,
    metric: metricKey(named),
    target: targetString(amount, stated?.baseline),
    ...(stated === undefined ? {} : { baseline: stated.baseline }),
    ...(context === '' ? {} : { context }),
  };
}

/** The last clause of words before a comparison: "flake rate" in "Repeat until the suite is green and flake rate". */
function lastClause(text: string): string {
  return text.split(/[,;(]|\s(?:and|und|with|mit|while|until|bis|when|wenn)\s/iu).at(-1) ?? text;
}
