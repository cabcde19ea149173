/**
 * Action-item lists: the flat list of follow-ups that incident retros and meeting notes end with —
 * "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3". Each item says who (an
 * @handle, with a role in parentheses, or a role: "SRE:", "backend on-call:"), what, how long ("— 2h" at the end)
 * and which items come first ("after #1, #4"); its number is how the others name it. An item marked done
 * ("[DONE]", "(done)", "✅", `[x]`) is a done action, so a run skips it; one struck through or "cancelled" is no
 * action at all, and a need of it is dropped. A list is read so only when at least two items (and half of
 * them) start with an owner, so step lists and checklists are left to the other readers.
 *
 * People are not agents: a handle takes the role it is given anywhere in the list ("@alice (backend)", then
 * "@alice"), and only a handle that never gets one becomes an agent named after it, with a warning. What the
 * list said about a handle is remembered per document, for the lines after the list.
 *
 * Those lines are read by `actionItemParagraph` when they are about the items: an item written outside the list
 * ("5b. @dave: …"), "verify for #1 and #7: `cmd`", "@erin pls review #1 and #7".
 */
import { commandSpan } from './commands.js';
import type { Collector, Scope } from './collect-context.js';
import { actionField } from './collect-fields.js';
import { itemsIntoAction } from './collect-lists.js';
import { parseDependencyText } from './dependency-text.js';
import type { DependencyRef } from './dependency-text.js';
import type { DaySpan, DraftAction, DraftPhase } from './draft.js';
import { parseDurationText } from './duration-text.js';
import type { DurationText } from './duration-text.js';
import { fieldKind } from './field-words.js';
import type { CodeSpan, Field } from './inline-text.js';
import type { Block, ListBlock, ListItem } from './outline-blocks.js';
import { splitOwners } from './parenthetical.js';

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

function memoryOf(c: Collector): ItemMemory {
  const known = memories.get(c);
  if (known !== undefined) return known;
  const memory: ItemMemory = { roles: new Map(), unnamed: new Set(), cancelled: new Map(), numbered: new Map() };
  memories.set(c, memory);
  return memory;
}

/** A person named by handle, with the role written beside it. */
interface Person {
  readonly handle: string;
  readonly role?: string;
}

/** Who an item names at its start: people by handle, or roles. */
type Owner = { readonly people: readonly Person[] } | { readonly roles: readonly string[] };

/** An item as read from a list or a line after it. */
interface RawItem {
  readonly number: string | undefined;
  readonly text: string;
  readonly line: number;
  readonly checked: boolean | undefined;
  readonly struck: boolean;
  readonly codeSpans: readonly CodeSpan[];
  readonly fields: readonly Field[];
  readonly items: readonly ListItem[];
  readonly blocks: readonly Block[];
}

/** An item read: its owner, its task text and what was written around it. */
interface ReadItem {
  readonly raw: RawItem;
  /** The owner as written ("@alice (backend)"), for the prompt. */
  readonly written: string;
  readonly owner: Owner | undefined;
  /** The task as written, without owner, status, estimate and "after #n": the step of the prompt. */
  readonly body: string;
  readonly title: string;
  readonly done: boolean;
  /** Why it is cancelled ("struck through", "cancelled, too big"), when it is. */
  readonly cancelled: string | undefined;
  readonly estimate: DurationText | undefined;
  /** "#1, #4" of "after #1, #4". */
  readonly after: string | undefined;
}

const HANDLE = /^@(?<handle>[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?)(?:\s*\((?<role>[^()]{1,40})\))?/u;
const JOIN = /^\s*(?:[,&+/]|and)\s*(?=@)/u;
const NOT_ROLES = /^(?:maybe|optional|tbd|tba|wip|pls|please|ideally|probably|fyi|cc|if time|on[- ]?call|\?+|me|you|lead)$/iu;
const ROLE_HEAD = /^(?<name>[\p{L}][\p{L}\d &+/'-]{0,40}?)(?:\s+\(?on[- ]?call\)?)?\s*:\s+(?<rest>\S.*)$/u;
const CHECK_BOX = /^\[(?<mark>[ xX])\]\s+/u;

const DONE_WORDS = String.raw`done|x|erledigt|fertig|completed?|fixed|shipped`;
const DONE_MARK = new RegExp(String.raw`\s*(?:\[(?:${DONE_WORDS})\]|\((?:${DONE_WORDS})\)|✅\uFE0F?|✔\uFE0F?|☑\uFE0F?)`, 'giu');
const DONE_TAIL = /(?:\s+[—–-]\s+|[,;:]\s+)(?:done|erledigt|completed?)\.?$/iu;
const CANCEL_WORDS = String.raw`cancell?ed|dropped|won['’]?t do|wontfix|not doing|abgebrochen|gestrichen`;
const CANCEL_MARK = new RegExp(String.raw`\s*(?:\[(?:${CANCEL_WORDS})\]|\((?:${CANCEL_WORDS})\)|❌)`, 'giu');
/** "— cancelled, too big" at the end; the word must end its phrase, so "dropped requests" is not one. */
const CANCEL_TAIL = new RegExp(String.raw`(?:^|\s+[—–-]\s+|[,;:.)\]]\s+)(?<why>(?:${CANCEL_WORDS})(?=\s*(?:$|[,;:.—–(-])).*)$`, 'iu');
const CANCEL_CAPS = /\s(?<why>(?:CANCELL?ED|DROPPED|WON'T DO)\b.*)$/u;
const CANCEL_ANYWHERE = new RegExp(String.raw`\b(?:${CANCEL_WORDS})\b.*$`, 'iu');

/** "#1, #4", "#5 and #7", "#5b". */
const REFS = String.raw`#[\p{L}\d]+(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*#?[\p{L}\d]+)*`;
const AFTER_TAIL = new RegExp(String.raw`(?:^|\s*[,;—–(]|\s+-)\s*(?:after|needs|depends on|blocked by|waits? for|nach)\s+(?<refs>${REFS})\s*\)?[.\s]*$`, 'iu');
const TAIL_PIECE = /(?:\s*[,;—–(]|\s+-)\s*(?<piece>[^,;—–()]{1,30}?)\s*\)?[.\s]*$/u;

/** A code span that the item asks to run: "check with `promtool check rules …`". */
const VERIFY_LEAD = /(?:\b(?:check|checked|verify|verified|test|tested|validate|validated|confirm)(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|\brun)\s*$/iu;
/** A tool and a checking sub-command: `k6 run load/retry-storm.js`, `promtool check rules …`. */
const TOOL_VERB = /^[a-z][\w-]*\s+(?:run|test|check|verify|lint|validate|vet)(?:\s|$)/u;
const COMMAND_PIECE = /^(?:(?:(?:check|verify|test|validate|confirm)(?:ed)?(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|run(?:ning)?|via|using|with)\s+)?`(?<command>[^`]+)`[.\s]*$/iu;

const STRAY = /^(?<number>\d+[a-z]?)[.)]\s+(?<rest>\S.*)$/iu;
const VERIFY_LINE = new RegExp(String.raw`^(?:verify|verification|check|checks|tests?|run)\s+(?:for|of|on)\s+(?<refs>${REFS})\s*[:—–-]\s*(?<rest>.+)$`, 'iu');
const REVIEW_LINE = new RegExp(
  String.raw`^@(?<handle>[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?)(?:\s*\((?<role>[^()]{1,40})\))?[,:]?\s+(?:(?:pls|plz|please|can you|could you|to|will|should|must|shall)\s+)*(?:code[- ])?(?:review|reviews|reviewing|look at|looks at)\s+(?<refs>${REFS})(?<rest>.*)$`,
  'iu',
);
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
  for (const raw of raws) for (const person of handleHead(firstLine(raw))?.people ?? []) if (person.role !== undefined && !roles.has(key(person.handle))) roles.set(key(person.handle), person.role);
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

/**
 * Reads one line after an action-item list that is about its items: an item written outside the list ("5b.
 * @dave: same load test against the EU cluster — 1h, after #5") becomes an action like the others; "verify for
 * #1 and #7: `cmd`" adds the command to those actions' verify; "@erin pls review #1 and #7" makes erin a
 * supporter (the reviewer) of those actions. Returns false when the line is none of these (nothing recorded).
 * `made` are the list's actions.
 */
export function actionItemParagraph(c: Collector, text: string, line: number, made: readonly DraftAction[], phaseFor: (line: number) => DraftPhase): boolean {
  const trimmed = text.trim();
  return strayItem(c, trimmed, line, phaseFor) || verifyLine(c, trimmed, line, made) || reviewLine(c, trimmed, line, made);
}

function strayItem(c: Collector, text: string, line: number, phaseFor: (line: number) => DraftPhase): boolean {
  const groups = STRAY.exec(text)?.groups;
  if (groups?.number === undefined || groups.rest === undefined) return false;
  const raw: RawItem = { number: groups.number.toLowerCase(), text: groups.rest, line, checked: undefined, struck: false, codeSpans: spansIn(groups.rest, line), fields: [], items: [], blocks: [] };
  const memory = memoryOf(c);
  const item = readItem(c, raw, [...c.knownRoles, ...memory.roles.values()]);
  if (item.owner === undefined) return false;
  if (item.cancelled !== undefined) cancel(c, item);
  else makeAction(c, item, phaseFor, undefined, undefined, `action item ${groups.number} written after the list, at line ${line} ("${item.written}: …")`);
  return true;
}

/** "verify for #1 and #7: `go test ./payments/... -run Retry -count=3`". */
function verifyLine(c: Collector, text: string, line: number, made: readonly DraftAction[]): boolean {
  const groups = VERIFY_LINE.exec(text)?.groups;
  if (groups?.refs === undefined || groups.rest === undefined) return false;
  const commands = spansIn(groups.rest, line).map((s) => s.value.trim()).filter((v) => v !== '');
  if (commands.length === 0) return false;
  for (const action of targets(c, groups.refs, line, made)) {
    for (const command of commands) if (!action.verify.some((v) => v.value === command)) action.verify.push({ value: command, line, text: command });
    action.lines.push(line);
    action.why.push(`verify command from line ${line}`);
  }
  return true;
}

/** "@erin pls review #1 and #7 before merge". */
function reviewLine(c: Collector, text: string, line: number, made: readonly DraftAction[]): boolean {
  const groups = REVIEW_LINE.exec(text)?.groups;
  if (groups?.handle === undefined || groups.refs === undefined) return false;
  const memory = memoryOf(c);
  const given = groups.role !== undefined && isRoleText(groups.role) ? groups.role.trim() : undefined;
  const role = given ?? memory.roles.get(key(groups.handle)) ?? groups.handle;
  for (const action of targets(c, groups.refs, line, made)) {
    if (action.owners.some((o) => o.toLowerCase() === role.toLowerCase())) {
      c.warn(line, `@${groups.handle} reviews "${action.title}", which @${groups.handle}'s role (${role}) owns; no reviewer added`);
      continue;
    }
    c.addSupport(action, [role], line);
    action.context.push(`Review: @${groups.handle}${given === undefined ? '' : ` (${given})`}${groups.rest === undefined || groups.rest.trim() === '' ? '' : `, ${groups.rest.trim()}`} (line ${line})`);
    action.lines.push(line);
    action.why.push(`reviewer @${groups.handle} from line ${line}`);
  }
  return true;
}

/** The actions "#1 and #7" name; a cancelled or unknown number is reported. */
function targets(c: Collector, refs: string, line: number, made: readonly DraftAction[]): DraftAction[] {
  const memory = memoryOf(c);
  return taskRefs(refs).flatMap((ref) => {
    const found = made.find((a) => a.number === ref.ref) ?? memory.numbered.get(ref.ref);
    if (found !== undefined) return [found];
    const cancelled = memory.cancelled.get(ref.ref);
    c.warn(line, cancelled === undefined ? `#${ref.ref} names no action item; ignored` : `#${ref.ref} is cancelled (line ${cancelled}); ignored`);
    return [];
  });
}

function cancel(c: Collector, item: ReadItem): void {
  const { number, line } = item.raw;
  if (number !== undefined) memoryOf(c).cancelled.set(number, line);
  c.warn(line, `action item${number === undefined ? '' : ` ${number}`} is ${item.cancelled ?? 'cancelled'}: no action ("${item.title}")`);
}

function makeAction(
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
    const role = person.role ?? memory.roles.get(key(person.handle));
    if (role !== undefined) return role;
    if (!memory.unnamed.has(key(person.handle))) {
      memory.unnamed.add(key(person.handle));
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

/** "#1, #4" read as task references; "#5b" is one too. */
function taskRefs(text: string): DependencyRef[] {
  return parseDependencyText(text).map((ref) => {
    const lettered = ref.kind === 'workstream' ? /^#(\d+[a-z])$/iu.exec(ref.ref)?.[1] : undefined;
    return lettered === undefined ? ref : { kind: 'task' as const, ref: lettered.toLowerCase(), label: '#', text: ref.text };
  });
}

/** Command-like code spans of the item become verify candidates; a path (`payments/client.go`) does not. */
function verifyFromItem(action: DraftAction, raw: RawItem): void {
  for (const span of raw.codeSpans) {
    const at = raw.text.indexOf(`\`${span.value}\``);
    const command = itemCommand(span.value, at < 0 ? '' : raw.text.slice(0, at));
    if (command !== undefined && !action.verify.some((v) => v.value === command)) action.verify.push({ value: command, line: span.line, text: span.value });
  }
}

/**
 * A code span that is a command: one that commandSpan knows, or, in an item, a tool with a checking
 * sub-command (`k6 run …`, `promtool check rules …`) or a span the text asks to run ("check with `…`").
 */
function itemCommand(value: string, before: string): string | undefined {
  const known = commandSpan(value);
  if (known !== undefined) return known;
  const text = value.trim();
  if (!/\s/u.test(text)) return undefined;
  return TOOL_VERB.test(text) || VERIFY_LEAD.test(before) ? text : undefined;
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

function rawOfItem(item: ListItem): RawItem {
  return {
    number: item.number === undefined ? undefined : String(item.number),
    text: item.text,
    line: item.line,
    checked: item.checked,
    struck: item.struck === true,
    codeSpans: item.codeSpans,
    fields: item.fields,
    items: item.items,
    blocks: item.blocks,
  };
}

function firstLine(raw: RawItem): string {
  return (raw.text.split('\n')[0] ?? '').trim().replace(CHECK_BOX, '');
}

/** Reads an item's first line: owner, status, estimate, "after #n", title. */
function readItem(c: Collector, raw: RawItem, knownRoles: readonly string[]): ReadItem {
  const first = (raw.text.split('\n')[0] ?? '').trim();
  const box = CHECK_BOX.exec(first)?.groups?.mark;
  const checked = raw.checked ?? (box === undefined ? undefined : box !== ' ');
  const unboxed = first.replace(CHECK_BOX, '');
  const handles = handleHead(unboxed);
  const roles = handles === undefined ? roleHead(c, unboxed, knownRoles) : undefined;
  const owner: Owner | undefined = handles ?? roles;
  const rest = handles?.rest ?? roles?.rest ?? unboxed;
  const written = owner === undefined ? '' : unboxed.slice(0, unboxed.length - rest.length).replace(/[\s:—–-]+$/u, '');

  let text = rest;
  let done = checked === true;
  const strip = (pattern: RegExp): boolean => {
    const before = text;
    text = text.replace(pattern, '');
    return text !== before;
  };
  if (strip(DONE_MARK) || strip(DONE_TAIL)) done = true;
  let cancelled: string | undefined;
  if (strip(CANCEL_MARK)) cancelled = 'marked cancelled';
  const tail = CANCEL_TAIL.exec(text) ?? CANCEL_CAPS.exec(text);
  if (tail !== null && tail.groups?.why !== undefined) {
    cancelled = `cancelled ("${tail.groups.why.trim()}")`;
    text = text.slice(0, tail.index);
  }
  if (raw.struck) {
    const why = CANCEL_ANYWHERE.exec(text);
    cancelled = `struck through${why === null ? '' : ` ("${why[0].trim()}")`}`;
    if (why !== null) text = text.slice(0, why.index);
  }

  let estimate: DurationText | undefined;
  let after: string | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    const needs = after === undefined ? AFTER_TAIL.exec(text) : null;
    if (needs?.groups?.refs !== undefined && needs.index > 0) {
      after = needs.groups.refs.trim();
      text = text.slice(0, needs.index);
      changed = true;
      continue;
    }
    const piece = estimate === undefined ? TAIL_PIECE.exec(text) : null;
    const duration = piece?.groups?.piece === undefined ? undefined : parseDurationText(piece.groups.piece);
    if (piece !== null && duration !== undefined && piece.index > 0) {
      estimate = duration;
      text = text.slice(0, piece.index);
      changed = true;
    }
  }
  const body = text.replace(/[\s,;:—–-]+$/u, '').trim() || rest.trim();
  return { raw, written, owner, body, title: titleOf(body), done, cancelled, estimate, after };
}

/** "@alice (backend):", "@bob", "@a + @b:": the people an item starts with, and the text after them. */
function handleHead(text: string): { people: Person[]; rest: string } | undefined {
  const people: Person[] = [];
  let rest = text;
  for (;;) {
    const match = HANDLE.exec(rest);
    const handle = match?.groups?.handle;
    if (match === null || handle === undefined) break;
    const role = match.groups?.role;
    const roled = role !== undefined && isRoleText(role);
    people.push({ handle, ...(roled ? { role: role.trim() } : {}) });
    rest = rest.slice(roled ? match[0].length : handle.length + 1);
    const join = JOIN.exec(rest);
    if (join === null) break;
    rest = rest.slice(join[0].length);
  }
  // The handle ends at a colon, a dash or a space: "@alice's notes" names nobody.
  const separator = /^\s*[:—–-]\s*|^\s+/u.exec(rest);
  if (people.length === 0 || separator === null || rest.length === separator[0].length) return undefined;
  return { people, rest: rest.slice(separator[0].length) };
}

/** "SRE:", "backend on-call:": a role the document knows, or one that reads as a role. */
function roleHead(c: Collector, text: string, knownRoles: readonly string[]): { roles: string[]; rest: string } | undefined {
  const groups = ROLE_HEAD.exec(text)?.groups;
  const name = groups?.name?.trim();
  if (name === undefined || groups?.rest === undefined || fieldKind(name) !== 'other') return undefined;
  const roles = c.ownersIn(name) ?? splitOwners(name, knownRoles);
  return roles === undefined ? undefined : { roles, rest: groups.rest };
}

/** The text in "@alice (backend)" is a role: a few words, not a duration or a note ("maybe", "on-call"). */
function isRoleText(text: string): boolean {
  const inner = text.trim();
  return /^[\p{L}][\p{L}\d &+/.-]{0,38}$/u.test(inner) && inner.split(/\s+/u).length <= 4 && !NOT_ROLES.test(inner) && parseDurationText(inner) === undefined;
}

/**
 * An action's title: the task before its details ("fix retry storm in `payments/client.go`" of "… — exp backoff
 * + jitter, …"), without the command it is checked with (", check with `promtool …`").
 */
function titleOf(body: string): string {
  // A question in parentheses at the end ("(gobreaker?)") is a note, not the task.
  const head = (body.split(/\s+[—–]\s+|\s+-\s+/u)[0] ?? body).replace(/\s*\([^()]*\?\)\s*$/u, '');
  const pieces = splitTopLevel(head).filter((piece) => {
    const bare = piece.replace(/^[,;]\s*/u, '');
    const command = COMMAND_PIECE.exec(bare.trim())?.groups?.command;
    return command === undefined || itemCommand(command, bare.slice(0, bare.indexOf('`'))) === undefined;
  });
  const title = pieces.join('').replace(/^[\s,;]+|[\s,;:.]+$/gu, '');
  return title === '' ? body : title;
}

/** Splits at commas and semicolons outside parentheses and code spans; each piece keeps its separator in front. */
function splitTopLevel(text: string): string[] {
  const pieces: string[] = [];
  let depth = 0;
  let code = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '`') code = !code;
    else if (!code && char === '(') depth++;
    else if (!code && char === ')') depth = Math.max(0, depth - 1);
    else if (!code && depth === 0 && (char === ',' || char === ';') && i > start) {
      pieces.push(text.slice(start, i));
      start = i;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

function spansIn(text: string, line: number): CodeSpan[] {
  return [...text.matchAll(/`([^`]+)`/gu)].map((m) => ({ value: m[1] ?? '', line }));
}

function key(handle: string): string {
  return handle.toLowerCase();
}
