/** How problems are shown: `plan.yaml:14:9 phases[1].actions[2].needs[0]: unknown action "x"`. */
import type { LocatedProblem } from '../errors.js';
import type { Path } from './model.js';

/** Formats a path the way messages show it: `phases[1].actions[2].needs[0]`. */
export function formatPath(path: Path): string {
  return path.reduce<string>(
    (out, segment) => (typeof segment === 'number' ? `${out}[${segment}]` : out ? `${out}.${segment}` : segment),
    '',
  );
}

/** One line per problem; the path is left out when the problem is about the whole document (a syntax error). */
export function formatProblem(problem: LocatedProblem): string {
  const where = `${problem.file}:${problem.line}:${problem.col}`;
  const path = formatPath(problem.path);
  return path ? `${where} ${path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** Orders problems by position in the file, so they read top to bottom. */
export function sortProblems(problems: readonly LocatedProblem[]): LocatedProblem[] {
  return [...problems].sort((a, b) => a.line - b.line || a.col - b.col);
}
