/** Parsers for command-line option values: each names the option, the bad value and what was expected. */
import { UsageError } from '../errors.js';
import { parseDuration } from '../plan/duration.js';

/** A whole number > 0, e.g. for `--agents`. */
export function positiveInt(option: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number <= 0) {
      throw new UsageError(`${option}: expected a whole number > 0, got "${value}"`);
    }
    return number;
  };
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A duration such as `5s` or `1m`, in milliseconds; `0` turns the thing off. */
export function durationMs(option: string) {
  return (value: string): number => {
    if (value.trim() === '0') return 0;
    const seconds = parseDuration(value);
    if (seconds === undefined) throw new UsageError(`${option}: expected a duration like "5s" or "1m" (or 0 for off), got "${value}"`);
    return seconds * 1000;
  };
}

/** A number > 0, e.g. an amount of US dollars for `--max-cost`. */
export function positiveNumber(option: string) {
  return (value: string): number => {
    const number = Number(value.replace(/^\$/, ''));
    if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new UsageError(`${option}: expected a number > 0 like "5" or "2.50", got "${value}"`);
    return number;
  };
}

/** A duration such as `30m` or `2h`, in seconds. */
export function durationOption(option: string) {
  return (value: string): number => {
    const seconds = parseDuration(value);
    if (seconds === undefined || seconds <= 0) throw new UsageError(`${option}: expected a duration like "30m" or "2h", got "${value}"`);
    return seconds;
  };
}
