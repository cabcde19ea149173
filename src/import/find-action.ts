/**
 * Finding work a document already described when another place names it again: a "Task 3: Build batch
 * indexer" details section after a task table, a row of a dependency summary, a heading that repeats a
 * workstream's title. Such a place adds to that action instead of making a second one. A task label matches
 * by number; otherwise the title must match exactly (case, punctuation, emoji, numbering and an owner group
 * aside) and name one action only, since a wrong merge is worse than a duplicate the user can see.
 */
import type { DraftAction, DraftPhase } from './draft.js';
import { taskLabel } from './task-label.js';

/** Lower case, letters and digits only, single spaces: how titles are compared. */
export function normalTitle(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/**
 * The action a title names among `actions`, or undefined. `name` is the title without numbering, emoji and
 * owners; `phase`, when given, is where the naming place stands: an action of another phase is not matched by
 * its title alone.
 */
export function findNamedAction(actions: readonly DraftAction[], title: string, name: string, phase?: DraftPhase): DraftAction | undefined {
  const label = taskLabel(title) ?? taskLabel(name);
  if (label !== undefined) {
    const numbered = actions.filter((a) => a.number === label.number);
    if (numbered.length === 1) return numbered[0];
  }
  const wanted = normalTitle(label?.name !== undefined && label.name !== '' ? label.name : name);
  if (wanted === '') return undefined;
  const same = actions.filter((a) => normalTitle(a.title) === wanted && (phase === undefined || a.phase === phase));
  return same.length === 1 ? same[0] : undefined;
}
