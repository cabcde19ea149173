/**
 * The text of one action item — "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3" —
 * read apart: who (an @handle, with a role in parentheses, or a role: "SRE:", "backend on-call:"), what, how long
 * ("— 2h" at the end) and which items come first ("after #1, #4"). An item marked done ("[DONE]", "(done)", "✅",
 * `[x]`) is read done; one struck through or "cancelled" is read cancelled, with why. The title is the task before
 * its details, without the command it is checked with.
 *
 * A tracking issue writes the same things in other places — "- [ ] #418 Redis cluster (@priya) `M` — blocked by
 * #416": the issue number first (then it is the item's number, the one "#418" elsewhere names), the owner after
 * the title ("(@priya)", "— @priya"), a T-shirt size in a code span or brackets (size-legend.ts makes it a
 * duration), "blocked by" as "after". An issue of another repository ("blocked by acme/infra#88") is no item of
 * the list: it is read apart, as a blocker outside the plan.
 *
 * Pure reading: nothing is recorded here. The only thing asked of the document is which roles a name means
 * (`ownersIn`), so "SRE:" is read as the document spells its roles.
 */
import { commandSpan } from './commands.js';
import type { Collector } from './collect-context.js';
import { parseDependencyText } from './dependency-text.js';
import type { DependencyRef } from './dependency-text.js';
import { parseDurationText } from './duration-text.js';
import type { DurationText } from './duration-text.js';
import { fieldKind } from './field-words.js';
import type { CodeSpan, Field } from './inline-text.js';
import type { Block, ListItem } from './outline-blocks.js';
import { splitOwners } from './parenthetical.js';
import { SIZE_CODE } from './size-legend.js';

/** A person named by handle, with the role written beside it. */
interface Person {
  readonly handle: string;
  readonly role?: string;
}

/** Who an item names at its start (or, by handle, after its title): people by handle, or roles. */
type Owner = { readonly people: readonly Person[] } | { readonly roles: readonly string[] };

/** An item as read from a list or a line after it. */
export interface RawItem {
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
export interface ReadItem {
  readonly raw: RawItem;
  /** How the others name it: the issue number ("418" of "#418 …") when it starts so, else the list's number. */
  readonly number: string | undefined;
  /** The item starts with an issue number: the number is "#418" when written. */
  readonly issue: boolean;
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
  /** The word it was written with: "after", "blocked by". */
  readonly afterWord: string | undefined;
  /** Issues of other repositories it waits for ("acme/infra#88" of "blocked by acme/infra#88"). */
  readonly external: readonly string[];
  /** A T-shirt size ("M" of "`M`" or "[M]"), and how it was written. */
  readonly size: { readonly code: string; readonly text: string } | undefined;
}

const HANDLE = /^@(?<handle>[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?)(?:\s*\((?<role>[^()]{1,40})\))?/u;
const NAME = String.raw`@[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?`;
const NAMES_JOIN = String.raw`\s*(?:[,&+/]|\band\b)\s*`;
/** What may follow an owner written after the title: the end, a size, a dash or a comma before a tail. */
const OWNER_END = String.raw`(?=\s*(?:$|[—–,;:\[\x60]|-\s))`;
/** "(@priya)", "(@a, @b)" after the title. */
const OWNER_PAREN = new RegExp(String.raw`\s*\(\s*(?<names>${NAME}(?:${NAMES_JOIN}${NAME})*)\s*\)${OWNER_END}`, 'u');
/** "— @priya", "- @dana (backend)" after the title. */
const OWNER_DASH = new RegExp(String.raw`\s+[—–-]\s+(?<names>${NAME}(?:\s*\([^()]{1,40}\))?(?:${NAMES_JOIN}${NAME}(?:\s*\([^()]{1,40}\))?)*)${OWNER_END}`, 'u');
/** "#418 " at the start: the issue the item tracks. */
const ISSUE_HEAD = /^#(?<number>\d+)(?![\p{L}\d])\s*(?:[:.)|]\s*|[—–-]\s+)?(?=\S)/u;
/** "`M`", "[L]" standing after the title (before the end, a dash tail or the owner), never inside the task. */
const SIZE_MARK = new RegExp(String.raw`\s*(?:\x60(?<code>${SIZE_CODE})\x60|\[(?<bracket>${SIZE_CODE})\])(?=\s*(?:$|[—–(\[\x60]|-\s))`, 'u');
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
export const REFS = String.raw`#[\p{L}\d]+(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*#?[\p{L}\d]+)*`;
/** An issue of another repository: "acme/infra#88", "infra#88", or its address. */
const REPO_REF = String.raw`(?:https?:\/\/[^\s,;()]+|[\w.-]+(?:\/[\w.-]+)?#\d+)`;
/** "#1, #4" and issues of other repositories among them: "#415, acme/infra#88". */
const ANY_REFS = String.raw`(?:${REPO_REF}|#[\p{L}\d]+)(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*(?:${REPO_REF}|#?[\p{L}\d]+))*`;
const NEEDS = String.raw`(?<word>after|needs|depends on|blocked by|waits? for|nach)`;
const AFTER_TAIL = new RegExp(String.raw`(?:^|\s*[,;—–(]|\s+-)\s*${NEEDS}\s+(?<refs>${ANY_REFS})\s*\)?[.\s]*$`, 'iu');
/** A line of its own that says what an item waits for: "Blocked by acme/infra#88 (VPC peering)". */
const BLOCKER_LINE = new RegExp(String.raw`^${NEEDS}\s+(?<refs>${ANY_REFS})(?<rest>(?:\s*[(—–:,;.-].*)?)$`, 'iu');
const TAIL_PIECE = /(?:\s*[,;—–(]|\s+-)\s*(?<piece>[^,;—–()]{1,30}?)\s*\)?[.\s]*$/u;

/** A code span that the item asks to run: "check with `promtool check rules …`". */
const VERIFY_LEAD = /(?:\b(?:check|checked|verify|verified|test|tested|validate|validated|confirm)(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|\brun)\s*$/iu;
/** A tool and a checking sub-command: `k6 run load/retry-storm.js`, `promtool check rules …`. */
const TOOL_VERB = /^[a-z][\w-]*\s+(?:run|test|check|verify|lint|validate|vet)(?:\s|$)/u;
const COMMAND_PIECE = /^(?:(?:(?:check|verify|test|validate|confirm)(?:ed)?(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|run(?:ning)?|via|using|with)\s+)?`(?<command>[^`]+)`[.\s]*$/iu;

/** "#1, #4" read as task references; "#5b" is one too. */
export function taskRefs(text: string): DependencyRef[] {
  return parseDependencyText(text).map((ref) => {
    const lettered = ref.kind === 'workstream' ? /^#(\d+[a-z])$/iu.exec(ref.ref)?.[1] : undefined;
    return lettered === undefined ? ref : { kind: 'task' as const, ref: lettered.toLowerCase(), label: '#', text: ref.text };
  });
}

/**
 * A code span that is a command: one that commandSpan knows, or, in an item, a tool with a checking
 * sub-command (`k6 run …`, `promtool check rules …`) or a span the text asks to run ("check with `…`").
 */
export function itemCommand(value: string, before: string): string | undefined {
  const known = commandSpan(value);
  if (known !== undefined) return known;
  const text = value.trim();
  if (!/\s/u.test(text)) return undefined;
  return TOOL_VERB.test(text) || VERIFY_LEAD.test(before) ? text : undefined;
}

/** A list item as an item to read. */
export function rawOfItem(item: ListItem): RawItem {
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

/** The first line of an item, without its check box: where its owner is written. */
export function firstLine(raw: RawItem): string {
  return (raw.text.split('\n')[0] ?? '').trim().replace(CHECK_BOX, '');
}

/** Reads an item's first line: issue number, owner, status, size, estimate, "after #n", title. */
export function readItem(c: Pick<Collector, 'ownersIn'>, raw: RawItem, knownRoles: readonly string[]): ReadItem {
  const first = (raw.text.split('\n')[0] ?? '').trim();
  const box = CHECK_BOX.exec(first)?.groups?.mark;
  const checked = raw.checked ?? (box === undefined ? undefined : box !== ' ');
  const unboxed = first.replace(CHECK_BOX, '');
  const issue = ISSUE_HEAD.exec(unboxed);
  const line = issue === null ? unboxed : unboxed.slice(issue[0].length);
  const found = ownerOf(c, line, knownRoles);
  const { owner, written } = found ?? { owner: undefined, written: '' };
  const rest = found?.rest ?? line;

  let text = rest;
  let size: ReadItem['size'];
  const sized = SIZE_MARK.exec(text);
  const code = sized?.groups?.code ?? sized?.groups?.bracket;
  if (sized !== null && code !== undefined && sized.index > 0) {
    size = { code, text: sized[0].trim() };
    text = text.slice(0, sized.index) + text.slice(sized.index + sized[0].length);
  }
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
    // "~~#417 Fallback — dropped, the bucket is enough~~": the reason read as a tail above.
    const reason = why?.[0].trim() ?? tail?.groups?.why?.trim();
    cancelled = `struck through${reason === undefined ? '' : ` ("${reason}")`}`;
    if (why !== null) text = text.slice(0, why.index);
  }

  let estimate: DurationText | undefined;
  let after: string | undefined;
  let afterWord: string | undefined;
  let external: string[] = [];
  for (let changed = true, needed = false; changed; ) {
    changed = false;
    const needs = needed ? null : AFTER_TAIL.exec(text);
    if (needs?.groups?.refs !== undefined && needs.index > 0) {
      ({ after, external } = splitRefs(needs.groups.refs));
      afterWord = needs.groups.word?.toLowerCase();
      needed = true;
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
  const number = issue?.groups?.number ?? raw.number;
  return { raw, number, issue: issue !== null, written, owner, body, title: titleOf(body), done, cancelled, estimate, after, afterWord, external, size };
}

/**
 * Who an item names: people at its start ("@alice (backend): …") or after its title ("… (@priya) `M`", "… —
 * @dana"), else roles at its start ("SRE: …"); the text without them, and the owner as written.
 */
function ownerOf(c: Pick<Collector, 'ownersIn'>, text: string, knownRoles: readonly string[]): { owner: Owner; written: string; rest: string } | undefined {
  const head = handleHead(text);
  const after = head === undefined ? ownerAfterTitle(text) : undefined;
  if (after !== undefined) return { owner: { people: after.people }, written: after.written, rest: after.rest };
  // Handles before roles: "Docs: write the page (@kofi)" is kofi's.
  const found = head ?? roleHead(c, text, knownRoles);
  if (found === undefined) return undefined;
  return { owner: found, written: text.slice(0, text.length - found.rest.length).replace(/[\s:—–-]+$/u, ''), rest: found.rest };
}

/** "(@priya)" or "— @dana (backend)" after an item's title: the people, as written, and the text without them. */
export function ownerAfterTitle(text: string): { people: Person[]; written: string; rest: string } | undefined {
  for (const pattern of [OWNER_PAREN, OWNER_DASH]) {
    const match = pattern.exec(text);
    const names = match?.groups?.names;
    if (match === null || names === undefined || match.index === 0) continue;
    const { people, rest } = peopleAt(names);
    if (people.length === 0 || rest.trim() !== '') continue;
    return { people, written: names.trim(), rest: text.slice(0, match.index) + text.slice(match.index + match[0].length) };
  }
  return undefined;
}

/** The people an item's first line names as its owners, wherever written; [] when none. */
export function ownersWritten(line: string): Person[] {
  const text = line.replace(ISSUE_HEAD, '');
  return handleHead(text)?.people ?? ownerAfterTitle(text)?.people ?? [];
}

/** "@alice (backend):", "@bob", "@a + @b:": the people an item starts with, and the text after them. */
export function handleHead(text: string): { people: Person[]; rest: string } | undefined {
  const { people, rest } = peopleAt(text);
  // The handle ends at a colon, a dash or a space: "@alice's notes" names nobody.
  const separator = /^\s*[:—–-]\s*|^\s+/u.exec(rest);
  if (people.length === 0 || separator === null || rest.length === separator[0].length) return undefined;
  return { people, rest: rest.slice(separator[0].length) };
}

/** "@a (backend) + @b": the handles a text starts with, each with the role written beside it, and what follows. */
function peopleAt(text: string): { people: Person[]; rest: string } {
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
  return { people, rest };
}

/** "#415, acme/infra#88": the items of this list ("#415"), and the issues of other repositories apart. */
function splitRefs(refs: string): { after: string | undefined; external: string[] } {
  const external = [...refs.matchAll(new RegExp(REPO_REF, 'gu'))].map((m) => m[0]);
  const inside = refs
    .replace(new RegExp(REPO_REF, 'gu'), '')
    .replace(/^(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*)+|(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*)+$/giu, '')
    .trim();
  return { after: inside === '' ? undefined : inside, external };
}

/**
 * A line of its own that says what an item waits for ("Blocked by acme/infra#88 (VPC peering)", "needs #416"):
 * the items of this list, the issues of other repositories, and the note after them; undefined for any other line.
 */
export function readBlocker(text: string): { after: string | undefined; word: string; external: string[]; note: string } | undefined {
  const groups = BLOCKER_LINE.exec(text.trim())?.groups;
  if (groups?.refs === undefined) return undefined;
  return { ...splitRefs(groups.refs), word: (groups.word ?? 'after').toLowerCase(), note: (groups.rest ?? '').trim() };
}

/** "SRE:", "backend on-call:": a role the document knows, or one that reads as a role. */
function roleHead(c: Pick<Collector, 'ownersIn'>, text: string, knownRoles: readonly string[]): { roles: string[]; rest: string } | undefined {
  const groups = ROLE_HEAD.exec(text)?.groups;
  const name = groups?.name?.trim();
  if (name === undefined || groups?.rest === undefined || fieldKind(name) !== 'other') return undefined;
  const roles = c.ownersIn(name) ?? splitOwners(name, knownRoles);
  return roles === undefined ? undefined : { roles, rest: groups.rest };
}

/** The text in "@alice (backend)" is a role: a few words, not a duration or a note ("maybe", "on-call"). */
export function isRoleText(text: string): boolean {
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

/** The code spans of a line read outside a list. */
export function spansIn(text: string, line: number): CodeSpan[] {
  return [...text.matchAll(/`([^`]+)`/gu)].map((m) => ({ value: m[1] ?? '', line }));
}

/** How a handle is looked up: "@Alice" and "@alice" are one person. */
export function handleKey(handle: string): string {
  return handle.toLowerCase();
}
