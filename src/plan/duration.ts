/**
 * Durations in plans: a number followed by a unit, one or more parts, e.g. `90s`, `30m`, `2h`, `1d`, `1h30m`.
 *
 * A day (`d`) is a working day of 8 hours and a week (`w`) is 5 working days, because the plans baton reads
 * count effort in working days ("Day 1-2", "6-7 days expected"): an estimate of `1d` means a day's work, not
 * 24 hours of wall time. Write `24h` when you mean a calendar day.
 */

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 8 * 3600, w: 5 * 8 * 3600 } as const;
type Unit = keyof typeof UNIT_SECONDS;

/** Seconds in a working day, as used by `d`. */
export const SECONDS_PER_DAY = UNIT_SECONDS.d;

const WHOLE = /^(?:\d+(?:\.\d+)?[smhdw])+$/;
const PART = /(\d+(?:\.\d+)?)([smhdw])/g;

/** The longest duration accepted: ten years of working days. Longer is a typo, not a plan. */
export const MAX_DURATION_S = 10 * 52 * UNIT_SECONDS.w;

/** Parses a duration into seconds, or returns `undefined` when the text is not a duration (or is absurdly long). */
export function parseDuration(text: string): number | undefined {
  const compact = text.trim().replace(/\s+/g, '');
  if (!WHOLE.test(compact)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of compact.matchAll(PART)) {
    seconds += Number(amount) * UNIT_SECONDS[unit as Unit];
  }
  return Number.isFinite(seconds) && seconds <= MAX_DURATION_S ? seconds : undefined;
}

/** Formats seconds in the largest units that fit, e.g. `5400` → `1h30m`, using 8-hour days. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '∞';
  if (seconds <= 0) return '0s';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  let rest = Math.round(seconds);
  let out = '';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = UNIT_SECONDS[unit];
    const count = Math.floor(rest / size);
    if (count > 0) {
      out += `${count}${unit}`;
      rest -= count * size;
    }
  }
  return out;
}
