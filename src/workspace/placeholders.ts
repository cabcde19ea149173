/**
 * `{{placeholders}}` in agents' and actions' `env` values: what baton knows only when an attempt starts (its
 * worktree, its port). The plan's check (src/plan/check-workspace.ts) reports unknown names with the same
 * pattern, so what passes validation is what gets expanded.
 */
import { PLACEHOLDERS } from '../plan/model.js';
import type { Placeholder } from '../plan/model.js';

export { PLACEHOLDERS };
export type { Placeholder };

/** The values of an attempt's placeholders; one without a value is left as written. */
export type PlaceholderValues = Readonly<Partial<Record<Placeholder, string>>>;

/** `{{name}}`, spaces allowed inside the braces. */
const PATTERN = /\{\{\s*([^}\s]*)\s*\}\}/g;

function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** `text` with each `{{name}}` replaced by its value; unknown names and names without a value stay as written. */
export function expandPlaceholders(text: string, values: PlaceholderValues): string {
  return text.replace(PATTERN, (whole, name: string) => (isPlaceholder(name) ? (values[name] ?? whole) : whole));
}

/** The placeholder names `text` uses, known or not, each once in order of appearance (e.g. to lease a port only when asked). */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PATTERN)].map((match) => match[1] ?? ''))];
}

/** The names `text` uses that baton does not fill in, for plan validation. */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersIn(text).filter((name) => !isPlaceholder(name));
}
