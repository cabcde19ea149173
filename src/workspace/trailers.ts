/**
 * Commit messages with git trailers (`Baton-Run: …`, `Baton-Action: …`). The trailers make every commit baton
 * writes attributable: `git log --format='%(trailers:key=Baton-Action)'` says which action a merge brought in,
 * and conflict reports read them back. Written here rather than by `git interpret-trailers` to save a process per
 * commit; the format is git's (a last paragraph of `Key: value` lines) and tests read it back with git.
 */

/** Trailer keys are tokens; values are one line. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * `message` followed by a blank line and one `Key: value` line per trailer, in the order given. Throws a
 * `RangeError` for a key that is not a token or a value with a line break (programming errors: keys are
 * baton's own, values are ids).
 */
export function withTrailers(message: string, trailers: Readonly<Record<string, string>>): string {
  const body = message.trimEnd();
  const lines = Object.entries(trailers).map(([key, value]) => {
    if (!KEY.test(key)) throw new RangeError(`trailer key must be a token like "Baton-Action", got "${key}"`);
    if (/[\r\n]/.test(value) || value.trim() === '') {
      throw new RangeError(`trailer ${key} must be one non-empty line, got ${JSON.stringify(value)}`);
    }
    return `${key}: ${value.trim()}`;
  });
  if (lines.length === 0) return `${body}\n`;
  return `${body}\n\n${lines.join('\n')}\n`;
}

/** The format placeholder that prints a commit's values of trailer `key`, joined by commas. */
export function trailerFormat(key: string): string {
  return `%(trailers:key=${key},valueonly,separator=%x2C)`;
}
