/**
 * A heading that names work described before ("### Task 3: Build batch indexer" after a task table, "### A3
 * details", a heading repeating a row's title): its section adds to that action instead of making another. The
 * rules of what may name what are in find-action.ts.
 */
import type { Collector, Scope } from './collect-context.js';
import { groupName, ownerHeading } from './collect-headings.js';
import type { DraftAction } from './draft.js';
import { isNotWorkTitle } from './field-words.js';
import { findNamedAction } from './find-action.js';
import { phaseHeading, stripLead } from './heading.js';
import type { Section } from './outline.js';
import { trailingGroups } from './parenthetical.js';
import { taskLabel } from './task-label.js';

/**
 * Work described before that this heading names again: "### Task 3: Build batch indexer" after a task table, a
 * heading that repeats a workstream's title in its phase (find-action.ts). Phase headings never are.
 */
export function namedAgain(c: Collector, section: Section, parent: Scope): DraftAction | undefined {
  if (phaseHeading(section.title) !== undefined) return undefined;
  const title = stripLead(section.title).rest;
  const byId = idLed(c, title);
  if (byId !== undefined) return byId;
  const owner = ownerHeading(c, title);
  const labelled = taskLabel(title) !== undefined;
  if (!labelled && parent.phase === undefined && c.hasPhases && !c.actions().some((a) => c.listed.has(a))) return undefined;
  // "## Risks › ### Data migration" talks about the work; it does not add steps to it.
  if (!labelled && parent.trail.some((t) => isNotWorkTitle(stripLead(t).rest))) return undefined;
  const name = owner?.name ?? groupName(section.title);
  // "CDC pipeline (Debezium → Aurora)" names the row "CDC pipeline": a note in parentheses is not part of the name.
  const bare = withoutNotes(name, c.knownRoles);
  const place = { phase: parent.phase, byTitle: (a: DraftAction): boolean => c.listed.has(a) };
  const found = findNamedAction(c.actions(), title, name, place) ?? (bare === name ? undefined : findNamedAction(c.actions(), bare, bare, place));
  // Two workstreams of one title with different owners ("Setup (Build Engineer)", "Setup (QA Engineer)") are two pieces of work.
  const other = !labelled && owner !== undefined && found !== undefined && found.owners.length > 0 && found.owners[0]?.toLowerCase() !== owner.owners[0]?.toLowerCase();
  return other ? undefined : found;
}

/** "### A3 details", "### B2 notes (`ui-kit`)": a heading led by the id a table gave one action (letters and digits). */
function idLed(c: Collector, title: string): DraftAction | undefined {
  const first = /^([A-Za-z]{1,3}-?\d+(?:\.\d+)*)(?![\p{L}\d])/u.exec(title)?.[1]?.toLowerCase();
  if (first === undefined) return undefined;
  const found = c.actions().filter((a) => a.number?.toLowerCase() === first);
  return found.length === 1 ? found[0] : undefined;
}

/** A name without the notes in parentheses at its end ("(Debezium → Aurora)", "(optional)"). */
function withoutNotes(name: string, knownRoles: readonly string[]): string {
  const notes = trailingGroups(name, knownRoles).filter((g) => g.kind === 'note');
  const first = notes[0];
  return first === undefined ? name : name.slice(0, first.index).trim();
}
