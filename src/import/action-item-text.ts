/**
 * The text of one action item — "1. @alice (backend): fix retry storm in `payments/client.go` — 2h, after #3" —
 * read apart: who (action-item-owner.ts: an @handle, with a role in parentheses, or a role: "SRE:", "backend
 * on-call:"), what, and its tails (action-item-tails.ts: status, size, how long, which items come first). The title
 * is the task before its details, without the command it is checked with.
 *
 * A tracking issue writes the same things in other places — "- [ ] #418 Redis cluster (@priya) `M` — blocked by
 * #416": the issue number first (then it is the item's number, the one "#418" elsewhere names), the owner after
 * the title, the size and "blocked by" as tails.
 *
 * Pure reading: nothing is recorded here.
 */
import { commandSpan } from './commands.js';
import type { Collector } from './collect-context.js';
import { handleHead, ownerAfterTitle, ownerOf } from './action-item-owner.js';
import type { Owner, Person } from './action-item-owner.js';
import { readTails } from './action-item-tails.js';
import type { ItemTails } from './action-item-tails.js';
import type { CodeSpan, Field } from './inline-text.js';
import type { Block, ListItem } from './outline-blocks.js';

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

/** An item read: its owner, its task text, its tails and what was written around it. */
export interface ReadItem extends Omit<ItemTails, 'rest'> {
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
  /** Checked, or marked done. */
  readonly done: boolean;
}

/** "#418 " at the start: the issue the item tracks. */
const ISSUE_HEAD = /^#(?<number>\d+)(?![\p{L}\d])\s*(?:[:.)|]\s*|[—–-]\s+)?(?=\S)/u;
const CHECK_BOX = /^\[(?<mark>[ xX])\]\s+/u;

/** A code span that the item asks to run: "check with `promtool check rules …`". */
const VERIFY_LEAD = /(?:\b(?:check|checked|verify|verified|test|tested|validate|validated|confirm)(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|\brun)\s*$/iu;
/** A tool and a checking sub-command: `k6 run load/retry-storm.js`, `promtool check rules …`. */
const TOOL_VERB = /^[a-z][\w-]*\s+(?:run|test|check|verify|lint|validate|vet)(?:\s|$)/u;
const COMMAND_PIECE = /^(?:(?:(?:check|verify|test|validate|confirm)(?:ed)?(?:\s+(?:it|this|that))?\s+(?:with|using|via|by running)|run(?:ning)?|via|using|with)\s+)?`(?<command>[^`]+)`[.\s]*$/iu;

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
  const { rest: text, done, ...tails } = readTails(rest, raw.struck);
  const body = text.replace(/[\s,;:—–-]+$/u, '').trim() || rest.trim();
  const number = issue?.groups?.number ?? raw.number;
  return { raw, number, issue: issue !== null, written, owner, body, title: titleOf(body), done: checked === true || done, ...tails };
}

/** The people an item's first line names as its owners, wherever written; [] when none. */
export function ownersWritten(line: string): Person[] {
  const text = line.replace(ISSUE_HEAD, '');
  return handleHead(text)?.people ?? ownerAfterTitle(text)?.people ?? [];
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
