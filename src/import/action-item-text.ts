/**
 * The text of one action item — "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3" —
 * read apart: who (an @handle, with a role in parentheses, or a role: "SRE:", "backend on-call:"), what, how long
 * ("— 2h" at the end) and which items come first ("after #1, #4"). An item marked done ("[DONE]", "(done)", "✅",
 * `[x]`) is read done; one struck through or "cancelled" is read cancelled, with why. The title is the task before
 * its details, without the command it is checked with.
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

/** A person named by handle, with the role written beside it. */
interface Person {
  readonly handle: string;
  readonly role?: string;
}

/** Who an item names at its start: people by handle, or roles. */
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
export const REFS = String.raw`#[\p{L}\d]+(?:\s*(?:,|&|\+|\band\b|\bund\b)\s*#?[\p{L}\d]+)*`;
const AFTER_TAIL = new RegExp(String.raw`(?:^|\s*[,;—–(]|\s+-)\s*(?:after|needs|depends on|blocked by|waits? for|nach)\s+(?<refs>${REFS})\s*\)?[.\s]*$`, 'iu');
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

/** Reads an item's first line: owner, status, estimate, "after #n", title. */
export function readItem(c: Pick<Collector, 'ownersIn'>, raw: RawItem, knownRoles: readonly string[]): ReadItem {
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
export function handleHead(text: string): { people: Person[]; rest: string } | undefined {
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
