/**
 * Needs that wait for each other, which the places of a document can make between them ("Task 1: depends on
 * Task 2" here, "Task 2: depends on Task 1" there), are broken before the plan is built: a plan with a cycle
 * cannot run.
 */
import type { Draft, DraftAction, ImportNote } from './draft.js';

/**
 * Two places that make work wait for each other ("Task 1: depends on Task 2" here, "Task 2: depends on Task 1"
 * there) would make a plan that cannot run. Walking the needs in document order, a need that closes a loop is
 * dropped and reported with both actions' lines. A sequential phase's order counts as needs that stay.
 */
export function breakCycles(draft: Draft, warnings: ImportNote[]): void {
  // In a sequential phase each action follows the one written before it: a need of a later one goes backwards.
  for (const phase of draft.phases.filter((p) => p.mode?.value === 'sequential')) {
    phase.actions.forEach((action, i) => {
      for (const need of action.needs) {
        if (need.phase !== phase || phase.actions.indexOf(need) <= i) continue;
        action.needs.delete(need);
        warnings.push({
          line: action.lines[0] ?? 0,
          message: `"${action.title}" (line ${action.lines[0] ?? 0}) needs "${need.title}" (line ${need.lines[0] ?? 0}), which comes after it in the sequential ${phase.title}; the need is dropped`,
        });
      }
    });
  }
  const state = new Map<DraftAction, 'open' | 'done'>();
  const implied = (action: DraftAction): DraftAction[] => {
    if (action.phase.mode?.value !== 'sequential') return [];
    const i = action.phase.actions.indexOf(action);
    const before = action.phase.actions[i - 1];
    return before === undefined ? [] : [before];
  };
  const visit = (action: DraftAction): void => {
    state.set(action, 'open');
    for (const need of [...implied(action), ...action.needs]) {
      if (state.get(need) === 'open') {
        if (!action.needs.has(need)) continue;
        action.needs.delete(need);
        warnings.push({
          line: action.lines[0] ?? 0,
          message: `"${action.title}" (line ${action.lines[0] ?? 0}) and "${need.title}" (line ${need.lines[0] ?? 0}) wait for each other; the need of "${action.title}" on "${need.title}" is dropped`,
        });
      } else if (state.get(need) === undefined) visit(need);
    }
    state.set(action, 'done');
  };
  for (const action of draft.phases.flatMap((p) => p.actions)) if (state.get(action) === undefined) visit(action);
}
