/** Parsers for command-line option values: each names the option, the bad value and what was expected. */
import { UsageError } from '../errors.js';

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
