/**
 * What an action item writes after its task: its T-shirt size in a code span or brackets ("`M`", "[L]";
 * size-legend.ts makes it a duration), whether it is done ("[DONE]", "(done)", "✅", "— done") or cancelled
 * (struck through, "[cancelled]", "— cancelled, too big", with why), how long it takes ("— 2h" at the end) and
 * which items come first ("after #1, #4", "blocked by #416"). An issue of another repository ("blocked by
 * acme/infra#88") is no item of the list: it is read apart, as a blocker outside the plan — also on a line of its
 * own ("Blocked by acme/infra#88 (VPC peering)").
 */
import { parseDependencyText } from './dependency-text.js';
import type { DependencyRef } from './dependency-text.js';
import { parseDurationText } from './duration-text.js';
import type { DurationText } from './duration-text.js';
import { SIZE_CODE } from './size-legend.js';

/** What an item's tails say, and the text left before them. */
export interface ItemTails {
  /** The text without its tails. */
  readonly rest: string;
  /** Marked done: "[DONE]", "✅", "— done". */
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

/** "`M`", "[L]" standing after the title (before the end, a dash tail or the owner), never inside the task. */
const SIZE_MARK = new RegExp(String.raw`\s*(?:\x60(?<code>${SIZE_CODE})\x60|\[(?<bracket>${SIZE_CODE})\])(?=\s*(?:$|[—–(\[\x60]|-\s))`, 'u');

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

/** "#1, #4" read as task references; "#5b" is one too. */
export function taskRefs(text: string): DependencyRef[] {
  return parseDependencyText(text).map((ref) => {
    const lettered = ref.kind === 'workstream' ? /^#(\d+[a-z])$/iu.exec(ref.ref)?.[1] : undefined;
    return lettered === undefined ? ref : { kind: 'task' as const, ref: lettered.toLowerCase(), label: '#', text: ref.text };
  });
}

/**
 * Reads the tails of an item's text (after its issue number and owner): first its size, then its status, then
 * from the end its estimate and what it waits for, in any order.
 */
export function readTails(text: string, struck: boolean): ItemTails {
  const sized = sizeOf(text);
  const status = statusOf(sized.rest, struck);
  const needs = needsOf(status.rest);
  return { ...sized, ...status, ...needs };
}

/** "`M`" or "[L]" after the title: the size, as written, and the text without it. */
function sizeOf(text: string): Pick<ItemTails, 'rest' | 'size'> {
  const sized = SIZE_MARK.exec(text);
  const code = sized?.groups?.code ?? sized?.groups?.bracket;
  if (sized === null || code === undefined || sized.index === 0) return { rest: text, size: undefined };
  return { rest: text.slice(0, sized.index) + text.slice(sized.index + sized[0].length), size: { code, text: sized[0].trim() } };
}

/** Done and cancelled marks, wherever written; a struck-through item is cancelled, with the reason it gives. */
function statusOf(start: string, struck: boolean): Pick<ItemTails, 'rest' | 'done' | 'cancelled'> {
  let text = start;
  const strip = (pattern: RegExp): boolean => {
    const before = text;
    text = text.replace(pattern, '');
    return text !== before;
  };
  const done = strip(DONE_MARK) || strip(DONE_TAIL);
  let cancelled: string | undefined;
  if (strip(CANCEL_MARK)) cancelled = 'marked cancelled';
  const tail = CANCEL_TAIL.exec(text) ?? CANCEL_CAPS.exec(text);
  if (tail !== null && tail.groups?.why !== undefined) {
    cancelled = `cancelled ("${tail.groups.why.trim()}")`;
    text = text.slice(0, tail.index);
  }
  if (struck) {
    const why = CANCEL_ANYWHERE.exec(text);
    // "~~#417 Fallback — dropped, the bucket is enough~~": the reason read as a tail above.
    const reason = why?.[0].trim() ?? tail?.groups?.why?.trim();
    cancelled = `struck through${reason === undefined ? '' : ` ("${reason}")`}`;
    if (why !== null) text = text.slice(0, why.index);
  }
  return { rest: text, done, cancelled };
}

/** "— 2h" and "after #1, #4" at the end, one of each, in either order. */
function needsOf(start: string): Pick<ItemTails, 'rest' | 'estimate' | 'after' | 'afterWord' | 'external'> {
  let text = start;
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
  return { rest: text, estimate, after, afterWord, external };
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
