/**
 * The lines after an action-item list that are about its items: an item written outside the list ("5b. @dave:
 * …"), "verify for #1 and #7: `cmd`", "@erin pls review #1 and #7". They name the items by number, so they are
 * read with what the document remembers of its last list (collect-items.ts).
 */
import { isRoleText } from './action-item-owner.js';
import { REFS, taskRefs } from './action-item-tails.js';
import { readItem, spansIn } from './action-item-text.js';
import type { RawItem } from './action-item-text.js';
import type { Collector } from './collect-context.js';
import { cancel, makeAction, memoryOf, roleOfHandle } from './collect-items.js';
import type { DraftAction, DraftPhase } from './draft.js';

const STRAY = /^(?<number>\d+[a-z]?)[.)]\s+(?<rest>\S.*)$/iu;
const VERIFY_LINE = new RegExp(String.raw`^(?:verify|verification|check|checks|tests?|run)\s+(?:for|of|on)\s+(?<refs>${REFS})\s*[:—–-]\s*(?<rest>.+)$`, 'iu');
const REVIEW_LINE = new RegExp(
  String.raw`^@(?<handle>[\p{L}\d_](?:[\p{L}\d_.-]*[\p{L}\d_])?)(?:\s*\((?<role>[^()]{1,40})\))?[,:]?\s+(?:(?:pls|plz|please|can you|could you|to|will|should|must|shall)\s+)*(?:code[- ])?(?:review|reviews|reviewing|look at|looks at)\s+(?<refs>${REFS})(?<rest>.*)$`,
  'iu',
);

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
  const given = groups.role !== undefined && isRoleText(groups.role) ? groups.role.trim() : undefined;
  const role = roleOfHandle(c, groups.handle, given) ?? groups.handle;
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
