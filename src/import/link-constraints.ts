/**
 * One action's dependency statements merged into one constraint. Statements from one source (the edges of a
 * diagram, the items of one list) are one statement; two places that name different work keep the stricter
 * reading (the union) and are reported with both lines, except that a chain ("Critical path: A → B") names
 * one path only and disagrees only when it names work the other leaves out.
 */
import type { Draft, DraftAction, ImportNote } from './draft.js';
import { resolveDependency } from './resolve-refs.js';
import type { Constraint } from './resolve-refs.js';

/**
 * Every dependency statement of an action merged. Two places that disagree are both kept (the stricter
 * reading) and reported; one that only leaves out part of the other ("C1 after B2" on a critical path, "after
 * B2 and B3" in the table) agrees with it. The lines of one source (a diagram's edges) are one statement.
 */
export function statedConstraint(draft: Draft, action: DraftAction, warnings: ImportNote[]): Constraint | undefined {
  const bySource = new Map<string, Constraint>();
  action.dependencies.forEach((dep, i) => {
    const constraint = resolveDependency(draft, action, dep, warnings);
    const key = dep.source ?? `#${i}`;
    const known = bySource.get(key);
    bySource.set(key, known === undefined ? constraint : union(known, constraint));
  });
  const [first, ...rest] = bySource.values();
  if (first === undefined) return undefined;
  let merged = first;
  for (const next of rest) {
    if (disagree(merged, next)) {
      warnings.push({
        line: next.line,
        message: `"${action.title}": dependencies at line ${merged.line} ("${merged.text}") and line ${next.line} ("${next.text}") disagree; keeping both (the stricter)`,
      });
    }
    merged = union(merged, next);
  }
  return merged;
}

function union(a: Constraint, b: Constraint): Constraint {
  return {
    phases: new Set([...a.phases, ...b.phases]),
    actions: new Set([...a.actions, ...b.actions]),
    none: a.none && b.none,
    partial: a.partial && b.partial,
    line: a.line,
    text: `${a.text}; ${b.text}`,
  };
}

/**
 * An explicit "None" against a dependency, or two statements that name different work. A chain names one path
 * only, so it disagrees only when it names work the other leaves out.
 */
function disagree(a: Constraint, b: Constraint): boolean {
  const within = <T>(x: Set<T>, y: Set<T>): boolean => [...x].every((v) => y.has(v));
  const aInB = within(a.phases, b.phases) && within(a.actions, b.actions);
  const bInA = within(b.phases, a.phases) && within(b.actions, a.actions);
  if (a.none !== b.none) return true;
  if (a.partial && !b.partial) return !aInB;
  if (b.partial && !a.partial) return !bInA;
  return !(aInB && bInA);
}
