/**
 * Lists whose items each name their owner in parentheses: runbook steps ("1. **Announce the maintenance
 * window** (SRE) — 5 min", with "Check: `…`" and "If this fails: …" under it) and owned checklist items ("- [ ]
 * Remove the dual-write shim (Backend Dev) — 0.5d"). Each item is one action of its owner; its sub-items are its
 * steps and fields (a "Check:" is its verify, an "If this fails:" a rollback note). A numbered list under a
 * heading that says the steps run in order ("strictly in order", "sequential") is a chain: each step needs the
 * one before. A list is read so only when at least two items, and most of them, name an owner.
 */
import type { Collector, Scope } from './collect-context.js';
import { itemsIntoAction } from './collect-lists.js';
import type { DraftAction, DraftPhase } from './draft.js';
import { parseDurationText } from './duration-text.js';
import { isNotWorkTitle } from './field-words.js';
import { ownerOf, stripLead } from './heading.js';
import { splitOwners } from './parenthetical.js';
import { roleKey } from './role-names.js';
import { findModeWords, modeOf } from './mode-words.js';
import type { ListBlock, ListItem } from './outline-blocks.js';

interface OwnedStep {
  readonly item: ListItem;
  readonly title: string;
  readonly owners: readonly string[];
  readonly estimate?: { seconds: number; text: string };
  /** What follows the duration: "not before Nov 1 (keep it 14 days for forensics)". */
  readonly note?: string;
}

const WAIT = /\b(?:not before|no earlier than|after|until|once|nicht vor|frühestens|pas avant|no antes)\b/iu;

/** "… — 5 min", "… — ~15 min", "… - 1h, not before Nov 1": a duration after a dash at the end of the line. */
const DURATION_TAIL = /\s+[—–-]\s+~?(?<duration>[^—–()]+?)(?:,\s*(?<note>[^—–]+))?\s*$/u;
const IN_ORDER = /\b(?:in order|strictly in order|step by step|one after (?:the )?other|nacheinander|der reihe nach|dans l'ordre|en orden)\b/iu;

/** Reads an owned-steps list; returns the actions made, or undefined when the list is not one. */
export function ownedSteps(c: Collector, list: ListBlock, scope: Scope, phaseFor: (line: number) => DraftPhase): DraftAction[] | undefined {
  const title = scope.trail.at(-1) ?? '';
  // A rollback plan, a risk register or a contact list names roles too, but it is not work to do now.
  if (isNotWorkTitle(stripLead(title).rest)) return undefined;
  const steps = list.items.map((item) => ownedStep(c, item));
  const owned = steps.filter((s): s is OwnedStep => s !== undefined);
  if (owned.length < 2 || owned.length * 3 < list.items.length * 2) return undefined;
  const chained = list.ordered && (IN_ORDER.test(title) || modeOf(findModeWords(title)) === 'sequential');
  const made: DraftAction[] = [];
  list.items.forEach((item, i) => {
    // An item that names nobody keeps its place (and its place in the order); the plan says it has no owner.
    const step = steps[i] ?? unownedStep(c, item, scope);
    const action = c.addAction({
      title: step.title,
      owners: step.owners,
      phase: phaseFor(item.line),
      line: item.line,
      ...(item.number === undefined ? {} : { number: String(item.number) }),
      ...(scope.span === undefined ? {} : { span: scope.span }),
      why: [`item of a list whose items name their owners, under "${title}"${chained ? ' (in order: it needs the step before)' : ''}`],
    });
    if (step.estimate !== undefined) c.setEstimate(action, { value: step.estimate.seconds, line: item.line, text: step.estimate.text });
    if (step.note !== undefined) action.context.push(step.note);
    if (step.note !== undefined && WAIT.test(step.note)) c.warn(item.line, `"${step.title}": "${step.note}" is a wait baton cannot express; kept in the prompt (start it by hand when the time comes)`);
    action.steps.push({ text: item.text.split('\n')[0] ?? step.title, line: item.line, ...(item.checked === undefined ? {} : { done: item.checked }) });
    itemsIntoAction(c, action, item.items);
    c.listed.add(action);
    const previous = made.at(-1);
    if (chained && previous !== undefined) action.needs.add(previous);
    made.push(action);
  });
  return made;
}


/** An item's first line split at its duration tail: "Freeze writes (DBA) — 5 min, not before 02:00". */
function splitLine(c: Collector, item: ListItem): { head: string; estimate?: { seconds: number; text: string }; note?: string } {
  const first = (item.text.split('\n')[0] ?? '').trim();
  const tail = DURATION_TAIL.exec(first);
  const duration = tail?.groups?.duration === undefined ? undefined : parseDurationText(tail.groups.duration, c.durations);
  if (duration === undefined || tail === null) return { head: first };
  const note = tail.groups?.note?.trim();
  return { head: first.slice(0, tail.index), estimate: { seconds: duration.seconds, text: duration.text }, ...(note === undefined || note === '' ? {} : { note }) };
}

function unownedStep(c: Collector, item: ListItem, scope: Scope): OwnedStep {
  const { head, estimate } = splitLine(c, item);
  return { item, title: head.replace(/[:.]\s*$/u, '').trim(), owners: scope.owners ?? [], ...(estimate === undefined ? {} : { estimate }) };
}

/** Owners that are roles: ones the document knows, or names that read as a role ("Backend Dev", "SRE on-call"); not "(EU, US)". */
function areRoles(c: Collector, owners: readonly string[]): boolean {
  return owners.every((owner) => c.draft.agents.has(roleKey(owner)) || splitOwners(owner) !== undefined);
}

function ownedStep(c: Collector, item: ListItem): OwnedStep | undefined {
  const { head, estimate, note } = splitLine(c, item);
  // "(SRE on-call)": the role, on call.
  const owner = ownerOf(head, c.knownRoles) ?? ownerOf(head.replace(/\s+on[- ]call(?=\s*\)\s*$)/iu, ''), c.knownRoles);
  if (owner === undefined || owner.name.trim() === '' || owner.owners.length === 0 || !areRoles(c, owner.owners)) return undefined;
  return {
    item,
    title: owner.name.replace(/[:.]\s*$/u, '').trim(),
    owners: owner.owners,
    ...(estimate === undefined ? {} : { estimate }),
    ...(note === undefined ? {} : { note }),
  };
}
