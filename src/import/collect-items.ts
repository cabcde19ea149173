/**
 * Action-item lists: the flat list of follow-ups that incident retros and meeting notes end with —
 * "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3". Each item (read by
 * action-item-text.ts) is one action, its number how the others name it ("after #1, #4"). A done item is a done
 * action, so a run skips it; a cancelled one is no action at all, and a need of it is dropped. A list is read so
 * only when at least two items (and half of them) name an owner — at their start, or by handle after the title as
 * a tracking issue does ("- [ ] #418 Redis cluster (@priya) `M` — blocked by #416") — so step lists and
 * checklists are left to the other readers. An issue's number is its item's number; a T-shirt size is its
 * estimate when the document's legend is given (size-legend.ts), and is reported once when it is not; an issue of
 * another repository it is blocked by is a blocker outside the plan: reported and kept in the prompt.
 *
 * People are not agents: a handle takes the role the document's roles table gives it ("| @dana | Backend
 * Engineer |"), else the one it is given anywhere in the list ("@alice (backend)", then "@alice"), and only a
 * handle that never gets one becomes an agent named after it, with a warning. What the list said about a handle
 * is remembered per document, for the lines after the list (collect-item-lines.ts).
 */
import { handleKey } from './action-item-owner.js';
import { readBlocker, taskRefs } from './action-item-tails.js';
import { firstLine, itemCommand, ownersWritten, rawOfItem, readItem } from './action-item-text.js';
import type { RawItem, ReadItem } from './action-item-text.js';
import type { Collector, Scope } from './collect-context.js';
import { actionField } from './collect-fields.js';
import { itemsIntoAction } from './collect-lists.js';
import type { DaySpan, DraftAction, DraftPhase } from './draft.js';
import { fieldKind } from './field-words.js';
import type { ListBlock, ListItem } from './outline-blocks.js';
import type { SizeLegend } from './size-legend.js';

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
  /** The document's T-shirt sizes, as last given to `actionItems`. */
  sizes: SizeLegend | undefined;
  /** Sizes already reported: "" for "no legend", else the code the legend lacks. */
  readonly unsized: Set<string>;
}

const memories = new WeakMap<Collector, ItemMemory>();

/** The memory of the document `c` reads, made on first use. */
export function memoryOf(c: Collector): ItemMemory {
  const known = memories.get(c);
  if (known !== undefined) return known;
  const memory: ItemMemory = { roles: new Map(), unnamed: new Set(), cancelled: new Map(), numbered: new Map(), sizes: undefined, unsized: new Set() };
  memories.set(c, memory);
  return memory;
}

const BLOCKED = /^(?:blocked|blocker|waiting|waits|on hold|pending|needs? (?:sign-?off|approval|ok)|depends on (?!#))/iu;

/**
 * Reads a list as action items; returns the actions made, or undefined when it is not an action-item list (then
 * nothing was recorded). `phaseFor(line)` is the phase the work goes to; `sizes`, the document's size legend
 * (`sizeLegendIn`), makes "`M`" an estimate.
 */
export function actionItems(
  c: Collector,
  list: ListBlock,
  scope: Scope,
  place: ItemPlace,
  phaseFor: (line: number) => DraftPhase,
  sizes?: SizeLegend,
): DraftAction[] | undefined {
  // "- **QA Engineer**: …" items are role items, read elsewhere.
  if (list.items.some((item) => item.fields.some((f) => f.line === item.line && c.ownersIn(f.name) !== undefined))) return undefined;
  const raws = list.items.map(rawOfItem);
  const roles = new Map<string, string>();
  for (const raw of raws) for (const person of ownersWritten(firstLine(raw))) if (person.role !== undefined && !roles.has(handleKey(person.handle))) roles.set(handleKey(person.handle), person.role);
  const known = [...c.knownRoles, ...roles.values(), ...memoryOf(c).roles.values()];
  const read = raws.map((raw) => readItem(c, raw, known));
  // In a checklist only handles count: "- [ ] QA Engineer: …" is a checklist's step. An item that is only a role
  // ("@jlee: Backend Engineer", "SRE (@priya)") is a roster's line, not work.
  const owned = read.filter((item) => item.owner !== undefined && ('people' in item.owner || item.raw.checked === undefined) && c.ownersIn(item.title) === undefined);
  if (owned.length < 2 || owned.length * 2 < read.length) return undefined;

  const memory = memoryOf(c);
  for (const [handle, role] of roles) if (!memory.roles.has(handle)) memory.roles.set(handle, role);
  if (sizes !== undefined) memory.sizes = sizes;
  memory.cancelled = new Map();
  memory.numbered = new Map();
  for (const item of read) if (item.cancelled !== undefined) cancel(c, item);
  const made: DraftAction[] = [];
  for (const item of read) {
    if (item.cancelled !== undefined) continue;
    made.push(makeAction(c, item, phaseFor, scope.span, scope.owners, `action item${labelOf(item)} of the list at line ${list.line} under "${place.name}" ("${item.written || 'no owner'}: …")`));
  }
  return made;
}

/** " 3", " #418" (an issue's number), or "" for an item without one: how messages name an item. */
function labelOf(item: ReadItem): string {
  return item.number === undefined ? '' : ` ${item.issue ? '#' : ''}${item.number}`;
}

/** Records a cancelled item, so a need of it or a line naming it is reported. */
export function cancel(c: Collector, item: ReadItem): void {
  const { number } = item;
  const { line } = item.raw;
  if (number !== undefined) memoryOf(c).cancelled.set(number, line);
  c.warn(line, `action item${labelOf(item)} is ${item.cancelled ?? 'cancelled'}: no action ("${item.title}")`);
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
  const { raw, number } = item;
  const { line } = raw;
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
  else if (item.size !== undefined) sizeEstimate(c, action, item.size, line);
  if (item.after !== undefined) afterItems(c, action, item.after, line, item.afterWord);
  if (item.external.length > 0) outsideBlocker(c, action, item.external, `Blocked by ${item.external.join(', ')}`, line);
  verifyFromItem(action, raw);
  continuation(c, action, raw);
  itemsIntoAction(c, action, raw.items.filter((sub) => !blockerItem(c, action, sub)));
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
    if (scopeOwners.length === 0) c.warn(raw.line, `action item${labelOf(item)} ("${item.title}") names no owner`);
    return { owners: [...scopeOwners] };
  }
  if ('roles' in owner) return { owners: [...owner.roles] };
  const memory = memoryOf(c);
  const owners = owner.people.map((person) => {
    const role = roleOfHandle(c, person.handle, person.role);
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

/** "`M`": the estimate the document's legend gives the size; without a legend, or one without the size, reported once. */
function sizeEstimate(c: Collector, action: DraftAction, size: NonNullable<ReadItem['size']>, line: number): void {
  const { sizes, unsized } = memoryOf(c);
  const entry = sizes?.get(size.code);
  if (entry !== undefined) {
    c.setEstimate(action, { value: entry.seconds, line, text: `${size.text} (${entry.text}, line ${entry.line})` });
    return;
  }
  const key = sizes === undefined ? '' : size.code;
  if (unsized.has(key)) return;
  unsized.add(key);
  const legend = sizes === undefined ? undefined : [...sizes.values()];
  c.warn(
    line,
    legend === undefined
      ? `T-shirt sizes ("${size.text}") are not converted: no size legend (like "S = ½ day, M = 1–2 days") was read; sized items have no estimate`
      : `size ${size.code} ("${size.text}") is not in the size legend (line ${legend[0]?.line ?? 0}: ${legend.map((e) => e.text).join(', ')}); items of that size have no estimate`,
  );
}

/** Issues of other repositories the action waits for: baton cannot wait for them; kept in the prompt, reported. */
function outsideBlocker(c: Collector, action: DraftAction, refs: readonly string[], text: string, line: number): void {
  action.context.push(text);
  const which = refs.length === 1 ? `${refs[0] ?? ''}, an issue of another repository: baton cannot wait for it` : `${refs.join(', ')}, issues of other repositories: baton cannot wait for them`;
  c.warn(line, `"${action.title}" is blocked by ${which}; kept in the prompt`);
}

/**
 * A nested item that says what the action waits for ("Blocked by acme/infra#88 (VPC peering)", "needs #416"):
 * items of the list are needs, issues elsewhere blockers outside the plan. False for any other item.
 */
function blockerItem(c: Collector, action: DraftAction, item: ListItem): boolean {
  const text = item.text.split('\n')[0] ?? '';
  return item.items.length === 0 && blockerLine(c, action, text, item.line);
}

/** A line that says what the action waits for, read as `blockerItem` does; false for any other line. */
function blockerLine(c: Collector, action: DraftAction, text: string, line: number): boolean {
  const blocker = readBlocker(text);
  if (blocker === undefined) return false;
  if (blocker.after !== undefined) afterItems(c, action, blocker.after, line, blocker.word);
  if (blocker.external.length > 0) outsideBlocker(c, action, blocker.external, text.trim(), line);
  else if (blocker.note !== '') action.context.push(text.trim());
  return true;
}

/**
 * The role a handle stands for: the document's roles table first (`c.handles`, one name for a person however
 * the items write it), else the role written beside it here, else the one the list gave it before.
 */
export function roleOfHandle(c: Collector, handle: string, given?: string): string | undefined {
  return c.handles.get(handleKey(handle)) ?? given ?? memoryOf(c).roles.get(handleKey(handle));
}

/** "after #1, #4": needs of the action; a need of a cancelled item is dropped and reported. */
function afterItems(c: Collector, action: DraftAction, text: string, line: number, word = 'after'): void {
  const cancelled = memoryOf(c).cancelled;
  const refs = taskRefs(text).filter((ref) => {
    const at = cancelled.get(ref.ref);
    if (at === undefined) return true;
    c.warn(line, `"${action.title}" (line ${line}) comes after #${ref.ref}, which is cancelled (line ${at}); that need is dropped`);
    return false;
  });
  if (refs.length > 0) action.dependencies.push({ refs, line, text: `${word} ${text}` });
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
    if (blockerLine(c, action, trimmed, line)) return;
    action.context.push(trimmed);
    if (BLOCKED.test(trimmed)) c.warn(line, `"${action.title}" waits on something outside the plan ("${trimmed}"); baton cannot express an external blocker, kept in the prompt`);
  });
}
