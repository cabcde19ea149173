/**
 * Which code spans and list lines are commands. A document's `cargo test` or "cargo make check (zero errors)"
 * is the best gate or verify command an import can offer; a path (`scripts/cleanup.sh` as a deliverable) or a
 * file name (`feature.ttl`) is not one. Only well-known build and test tools count, and git is left out: its
 * commands in plans set up branches, they do not check work.
 */

const TOOLS =
  'cargo|npm|npx|pnpm|yarn|bun|deno|make|just|go|pytest|tox|nox|python3?|node|gradle|\\./gradlew|mvn|\\./mvnw|dotnet|bazel|' +
  'ctest|cmake|ruff|mypy|eslint|tsc|vitest|jest|rake|bundle|mix|swift|flutter|dart|phpunit|composer|terraform|helm|kubectl|shellcheck|' +
  'k6|promtool|playwright|cypress|rspec|golangci-lint|prettier|black|pylint|hadolint|actionlint|pre-commit';

/** A whole command: a tool, then words that look like arguments. */
const WHOLE = new RegExp(`^(?:${TOOLS})(?:\\s+[\\w@:./=+,-]+)+$|^\\./[\\w./-]+\\.sh(?:\\s+[\\w@:./=+,-]+)*$`, 'u');

/** A command at the start of a line of prose: "cargo make check (zero errors)" → "cargo make check". */
const LEADING = new RegExp(
  `^(?:${TOOLS})(?!\\s+(?:sure|it|certain|the|a|an|sense|up|use|of)\\b)(?:\\s+(?:-{1,2}[\\w=-]+|[a-z0-9][\\w:./=-]*)){1,3}(?=\\s*(?:$|[(:—–]|\\s-\\s))`,
  'u',
);

/**
 * A command that stands in for one the document does not give: it says what to fill in and fails, so a gate or
 * sensor built on it never passes by mistake. Quotes are dropped from the text, which goes inside single quotes.
 */
export function placeholderCommand(what: string): string {
  return `echo '${what.replace(/'/gu, '')}: fill in a command' >&2; exit 1`;
}

/** The code span as a command, or undefined when it does not look like one. */
export function commandSpan(value: string): string | undefined {
  const text = value.trim();
  return WHOLE.test(text) ? text : undefined;
}

/** The command a line of prose starts with, or undefined. */
export function leadingCommand(text: string): string | undefined {
  return LEADING.exec(text.trim())?.[0];
}
