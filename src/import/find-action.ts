/**
 * Finding work a document already described when another place names it again: a "Task 3: Build batch
 * indexer" details section after a task table, a row of a dependency summary, a heading that repeats a
 * workstream's title. Such a place adds to that action instead of making a second one. A task label matches
 * by number (in the same phase, or with the same title); otherwise the title must match exactly (case,
 * punctuation, emoji, numbering and an owner group aside), name one action only, and name work that is written
 * as a row or an item, since a wrong merge is worse than a duplicate the user can see.
 */
import type { DraftAction, DraftPhase } from './draft.js';
import { taskLabel } from './task-label.js';

/** Lower case, letters and digits only, single spaces: how titles are compared. */
export function normalTitle(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Where a naming place stands, which decides what it may name. */
export interface NamingPlace {
  /**
   * The phase of the naming place: a title names work of this phase only, and a number too unless the titles
   * agree (task tables often number their rows from 1 in every phase).
   */
  readonly phase?: DraftPhase | undefined;
  /**
   * The actions a title alone may name. A heading that repeats a row's title is that row's details; two headings
   * with one title ("Backend › Setup", "Frontend › Setup") are two pieces of work.
   */
  readonly byTitle?: (action: DraftAction) => boolean;
}

/**
 * The action a title names among `actions`, or undefined when it names none or several. `name` is the title
 * without numbering, emoji and owners.
 */
export function findNamedAction(actions: readonly DraftAction[], title: string, name: string, place: NamingPlace = {}): DraftAction | undefined {
  const label = taskLabel(title) ?? taskLabel(name);
  const wanted = normalTitle(label?.name !== undefined && label.name !== '' ? label.name : name);
  const here = (a: DraftAction): boolean => place.phase === undefined || a.phase === place.phase;
  if (label !== undefined) {
    const numbered = actions.filter((a) => a.number === label.number && (here(a) || (wanted !== '' && normalTitle(a.title) === wanted)));
    if (numbered.length === 1) return numbered[0];
    // Numbers that repeat across phases decide nothing: the title may still name one of them.
    if (numbered.length > 1) return unique(numbered.filter((a) => wanted !== '' && normalTitle(a.title) === wanted));
  }
  if (wanted === '') return undefined;
  return unique(actions.filter((a) => normalTitle(a.title) === wanted && here(a) && (place.byTitle?.(a) ?? true)));
}

function unique(actions: readonly DraftAction[]): DraftAction | undefined {
  return actions.length === 1 ? actions[0] : undefined;
}
