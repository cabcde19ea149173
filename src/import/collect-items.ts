/**
 * Action-item lists: the flat list of follow-ups that incident retros and meeting notes end with —
 * "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3". Each item (read by
 * action-item-text.ts) is one action, its number how the others name it ("after #1, #4"). A done item is a done
 * action, so a run skips it; a cancelled one is no action at all, and a need of it is dropped. A list is read so
 * only when at least two items (and half of them) start with an owner, so step lists and checklists are left to
 * the other readers.
 *
 * People are not agents: a handle takes the role it is given anywhere in the list ("@alice (backend)", then
 * "@alice"), and only a handle that never gets one becomes an agent named after it, with a warning. What the
 * list said about a handle is remembered per document, for the lines after the list (collect-item-lines.ts).
 */
import { firstLine, handleHead, handleKey, itemCommand, rawOfItem, readItem, taskRefs } from './action-item-text.js';
import type { RawItem, ReadItem } from './action-item-text.js';
import type { Collector, Scope } from './collect-context.js';
import { actionField } from './collect-fields.js';
import { itemsIntoAction } from './collect-lists.js';
import type { DaySpan, DraftAction, DraftPhase } from './draft.js';
import { fieldKind } from './field-words.js';
import type { ListBlock } from './outline-blocks.js';

/** Where the list is: its phase (undefined outside every phase) and its section's name. */
export interface ItemPlace {
  readonly phase: DraftPhase | undefined;
  readonly name: string;
}

/** What the document said about its action items, kept for the lines after a list. */
interface ItemMemory {
  /** Handle (lower case, without "@") → the role it was given. */
  readonly roles: Map<string, string>;
  /** Handles already reported as having no role. */
  readonly unnamed: Set<string>;
  /** The last list's cancelled items: number → line. */
  cancelled: Map<string, number>;
  /** The last list's actions by number, items written after it included. */
  numbered: Map<string, DraftAction>;
}

const memories = new WeakMap<Collector, ItemMemory>();

/** The memory of the document `c` reads, made on first use. */
export function memoryOf(c: Collector): ItemMemory {
  const known = memories.get(c);
  if (known !== undefined) return known;
  const memory: ItemMemory = { roles: new Map(), unnamed: new Set(), cancelled: new Map(), numbered: new Map() };
  memories.set(c, memory);
  return memory;
}

const BLOCKED = /^(?:blocked|blocker|waiting|waits|on hold|pending|needs? (?:sign-?off|approval|ok)|depends on (?!#))/iu;

/**
 * Reads a list as action items; returns the actions made, or undefined when it is not an action-item list (then
 * nothing was recorded). `phaseFor(line)` is the phase the work goes to.
 */
export function actionItems(
  c: Collector,
  list: ListBlock,
  scope: Scope,
  place: ItemPlace,
  phaseFor: (line: number) => DraftPhase,
): DraftAction[] | undefined {
  // "- **QA Engineer**: …" items are role items, read elsewhere.
  if (list.items.some((item) => item.fields.some((f) => f.line === item.line && c.ownersIn(f.name) !== undefined))) return undefined;
  const raws = list.items.map(rawOfItem);
  const roles = new Map<string, string>();
  for (const raw of raws) for (const person of handleHead(firstLine(raw))?.people ?? []) if (person.role !== undefined && !roles.has(handleKey(person.handle))) roles.set(handleKey(person.handle), person.role);
  const known = [...c.knownRoles, ...roles.values(), ...memoryOf(c).roles.values()];
  const read = raws.map((raw) => readItem(c, raw, known));
  // In a checklist only handles count: "- [ ] QA Engineer: …" is a checklist's step.
  const owned = read.filter((item) => item.owner !== undefined && ('people' in item.owner || item.raw.checked === undefined));
  if (owned.length < 2 || owned.length * 2 < read.length) return undefined;

  const memory = memoryOf(c);
  for (const [handle, role] of roles) if (!memory.roles.has(handle)) memory.roles.set(handle, role);
  memory.cancelled = new Map();
  memory.numbered = new Map();
  for (const item of read) if (item.cancelled !== undefined) cancel(c, item);
  const made: DraftAction[] = [];
  for (const item of read) {
    if (item.cancelled !== undefined) continue;
    const label = item.raw.number === undefined ? '' : ` ${item.raw.number}`;
    made.push(makeAction(c, item, phaseFor, scope.span, scope.owners, `action item${label} of the list at line ${list.line} under "${place.name}" ("${item.written || 'no owner'}: …")`));
  }
  return made;
}

/** Records a cancelled item, so a need of it or a line naming it is reported. */
export function cancel(c: Collector, item: ReadItem): void {
  const { number, line } = item.raw;
  if (number !== undefined) memoryOf(c).cancelled.set(number, line);
  c.warn(line, `action item${number === undefined ? '' : ` ${number}`} is ${item.cancelled ?? 'cancelled'}: no action ("${item.title}")`);
}

/** Makes the action of an item; `why` says where it was written, for --explain. */
export function makeAction(
  c: Collector,
  item: ReadItem,
  phaseFor: (line: number) => DraftPhase,
  span: DaySpan | undefined,
  scopeOwners: readonly string[] | undefined,
  why: string,
): DraftAction {
  const { raw } = item;
  const { line, number } = raw;
  const memory = memoryOf(c);
  const { owners, people } = ownersOf(c, item, scopeOwners ?? []);
  const action = c.addAction({
    title: item.title,
    owners,
    phase: phaseFor(line),
    line,
    ...(number === undefined ? {} : { number }),
    ...(span === undefined ? {} : { span }),
    why: [why],
  });
  if (number !== undefined) memory.numbered.set(number, action);
  if (people !== undefined) action.context.push(`Owner in the document: ${people}`);
  action.steps.push({ text: item.body, line, ...(item.done ? { done: true } : raw.checked === false ? { done: false } : {}) });
  if (item.estimate !== undefined) c.setEstimate(action, { value: item.estimate.seconds, line, text: item.estimate.text });
  if (item.after !== undefined) afterItems(c, action, item.after, line);
  verifyFromItem(action, raw);
  continuation(c, action, raw);
  itemsIntoAction(c, action, raw.items);
  for (const block of raw.blocks) {
    if (block.kind === 'code') action.context.push(`\`\`\`${block.lang ?? ''}\n${block.value}\n\`\`\``);
    else c.warn(block.line, `${block.kind} inside action item "${action.title}" not imported`);
  }
  return action;
}

/** The owners of an item as roles, the first runs it; a handle without one is an agent of its own, reported once. */
function ownersOf(c: Collector, item: ReadItem, scopeOwners: readonly string[]): { owners: string[]; people?: string } {
  const { owner, raw } = item;
  if (owner === undefined) {
    if (scopeOwners.length === 0) c.warn(raw.line, `action item${raw.number === undefined ? '' : ` ${raw.number}`} ("${item.title}") names no owner`);
    return { owners: [...scopeOwners] };
  }
  if ('roles' in owner) return { owners: [...owner.roles] };
  const memory = memoryOf(c);
  const owners = owner.people.map((person) => {
    const role = person.role ?? memory.roles.get(handleKey(person.handle));
    if (role !== undefined) return role;
    if (!memory.unnamed.has(handleKey(person.handle))) {
      memory.unnamed.add(handleKey(person.handle));
      c.warn(raw.line, `owner @${person.handle} is given no role; the agent is named after the handle ("${person.handle}")`);
    }
    return person.handle;
  });
  // The person stays in the prompt, with the role the agent is named after.
  const people = owner.people.map((person, i) => `@${person.handle}${owners[i] === person.handle ? '' : ` (${owners[i] ?? ''})`}`).join(', ');
  return { owners, people };
}

/** "after #1, #4": needs of the action; a need of a cancelled item is dropped and reported. */
function afterItems(c: Collector, action: DraftAction, text: string, line: number): void {
  const cancelled = memoryOf(c).cancelled;
  const refs = taskRefs(text).filter((ref) => {
    const at = cancelled.get(ref.ref);
    if (at === undefined) return true;
    c.warn(line, `"${action.title}" (line ${line}) comes after #${ref.ref}, which is cancelled (line ${at}); that need is dropped`);
    return false;
  });
  if (refs.length > 0) action.dependencies.push({ refs, line, text: `after ${text}` });
}

/** Command-like code spans of the item become verify candidates; a path (`payments/client.go`) does not. */
function verifyFromItem(action: DraftAction, raw: RawItem): void {
  for (const span of raw.codeSpans) {
    const at = raw.text.indexOf(`\`${span.value}\``);
    const command = itemCommand(span.value, at < 0 ? '' : raw.text.slice(0, at));
    if (command !== undefined && !action.verify.some((v) => v.value === command)) action.verify.push({ value: command, line: span.line, text: span.value });
  }
}

/** Lines that continue an item: fields apply, the rest is prompt context; a blocker outside the plan is reported. */
function continuation(c: Collector, action: DraftAction, raw: RawItem): void {
  raw.text.split('\n').slice(1).forEach((text, i) => {
    const line = raw.line + 1 + i;
    const trimmed = text.trim();
    if (trimmed === '') return;
    const field = raw.fields.find((f) => f.line === line && fieldKind(f.name) !== 'other');
    if (field !== undefined && actionField(c, action, field)) return;
    action.context.push(trimmed);
    if (BLOCKED.test(trimmed)) c.warn(line, `"${action.title}" waits on something outside the plan ("${trimmed}"); baton cannot express an external blocker, kept in the prompt`);
  });
}
