/**
 * Reading the JSON-lines output of agent CLIs (claude-code, codex, gemini). A line may be a JSON object, plain
 * text, or a line cut off by a crash, and any field may be missing or of another type in a CLI version baton was
 * not written against; these helpers read such values without throwing, so that a parser reports an odd line as
 * progress instead of failing the attempt.
 */

/** One JSON object as parsed, its fields unchecked. */
export type Json = Record<string, unknown>;

/** Longest tool detail kept in an event; a command's whole output is in the CLI's own logs, not in events. */
const MAX_DETAIL = 300;

/** The line as a JSON object; `undefined` for plain text, a line cut off in the middle, or JSON that is no object. */
export function parseJsonObject(text: string): Json | undefined {
  if (!text.trimStart().startsWith('{')) return undefined;
  try {
    return jsonObject(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The value when it is a JSON object, else `undefined`: for readers that tell a missing object from an empty one. */
export function jsonObject(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** The value when it is a JSON object, else `{}`, so that the fields of a missing object read as missing. */
export function asObject(value: unknown): Json {
  return jsonObject(value) ?? {};
}

/** The value when it is an array, else none. */
export function asArray(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The value when it is a string, else `''`. */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The value when it is a count (a finite number, not negative), else 0: a token count never makes spend negative. */
export function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0;
}

/** A tool detail cut to 300 characters (`MAX_DETAIL`): a command line or an input can be a whole file. */
export function shortDetail(text: string): string {
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL)}…` : text;
}
