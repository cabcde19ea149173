/**
 * Day and week spans of headings ("Day 3-4", "Week 2"): they order sibling groups and size their work, a
 * working day each.
 */
import type { DaySpan } from './draft.js';
import type { PhaseHeading } from './heading.js';
import { SECONDS_PER_DAY } from '../plan/duration.js';

/** "Day 3-4" → days 3 to 4; "Week 2" → days 6 to 10: what orders groups and sizes their work. */
export function spanOf(heading: PhaseHeading | undefined, scope: string): DaySpan | undefined {
  const label = heading?.labels.find((l) => l.kind === 'day' || l.kind === 'week');
  if (label === undefined) return undefined;
  const numbers = label.number.split(/\s*(?:-|–|—|to|bis)\s*/u).map(Number);
  const first = numbers[0];
  const last = numbers.at(-1);
  if (first === undefined || last === undefined || !Number.isInteger(first) || !Number.isInteger(last) || last < first) return undefined;
  const size = label.kind === 'week' ? 5 : 1;
  return { start: (first - 1) * size + 1, end: last * size, scope };
}

/** The estimate a span implies, in seconds. */
export function spanSeconds(span: DaySpan): number {
  return (span.end - span.start + 1) * SECONDS_PER_DAY;
}
