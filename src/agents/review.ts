/**
 * Review verdicts. A reviewer agent ends its final message with a verdict that baton can read without a model:
 * a line `VERDICT: approve` or `VERDICT: request_changes` followed by `- reason` lines. Models drift from any
 * format, so the reader also takes what they write instead — markdown bold, other cases, synonyms
 * (`changes requested`, `reject`), a JSON object `{"verdict": …, "reasons": […]}` bare or fenced — and, since a
 * reviewer may quote the format or change its mind while writing, the last verdict in the message wins.
 */

export type Verdict = 'approve' | 'request_changes';

export interface ReviewVerdict {
  readonly verdict: Verdict;
  /** What must change (request_changes), or remarks (approve). Never empty for request_changes. */
  readonly reasons: readonly string[];
}

/** The reason recorded when a reviewer requests changes without saying which. */
export const NO_REASON = 'no reason given';

/** The instruction given to reviewers (the review prompt quotes it): the one format baton asks for. */
export const VERDICT_INSTRUCTIONS = [
  'End your final message with your verdict, exactly in this form:',
  '',
  '```',
  'VERDICT: approve',
  '```',
  'or',
  '```',
  'VERDICT: request_changes',
  '- <what must change, where, and why>',
  '- <one line per change>',
  '```',
  'Request changes only for what must be fixed before merging; each reason names the file or behaviour.',
].join('\n');

interface Candidate {
  /** Where it starts in the message: the last one wins. */
  readonly at: number;
  readonly result: ReviewVerdict | { readonly problem: string };
}

const VERDICT_LINE = /^[\s>#*_-]*[*_]*(?:[a-z]+\s+)?verdict[*_]*\s*[:=]\s*[*_]*\s*(.*)$/i;
const BULLET = /^\s*(?:[-*•+]|\d+[.)])\s+(.*\S)\s*$/;
const REASONS_HEADER = /^[\s#*_]*reasons?[*_]*\s*:?[*_]*\s*$/i;

/**
 * Reads the reviewer's verdict from its final message: the last `VERDICT:` line or verdict JSON object in it.
 * A problem (saying what was expected) when there is none, or when the last one names no known verdict.
 */
export function parseVerdict(message: string): ReviewVerdict | { problem: string } {
  const lines = message.split(/\r?\n/);
  const candidates = [...lineVerdicts(lines), ...jsonVerdicts(lines)];
  const last = candidates.reduce<Candidate | undefined>((best, c) => (best === undefined || c.at >= best.at ? c : best), undefined);
  if (last === undefined) {
    return { problem: 'no verdict found: expected a line "VERDICT: approve" or "VERDICT: request_changes" (or a JSON object {"verdict": …, "reasons": […]})' };
  }
  return last.result;
}

/** `approve`, `**Approved** ✅`, `REQUEST CHANGES`, `changes_requested`, `reject` → a verdict; else undefined. */
export function verdictOf(text: string): Verdict | undefined {
  const words = text.toLowerCase().replace(/[*_`"'.,!:;()[\]]/g, ' ').replace(/[\s-]+/g, ' ').trim();
  if (/^(?:approved?|approving|lgtm|accept(?:ed)?)\b/.test(words)) return 'approve';
  if (/^(?:request(?:ing|ed)? changes?|changes? requested|reject(?:ed)?|needs? changes)\b/.test(words)) {
    return 'request_changes';
  }
  return undefined;
}

function lineVerdicts(lines: readonly string[]): Candidate[] {
  const found: Candidate[] = [];
  for (const [index, line] of lines.entries()) {
    const match = VERDICT_LINE.exec(line);
    if (match === null) continue;
    const value = match[1] ?? '';
    const verdict = verdictOf(value);
    if (verdict === undefined) {
      found.push({ at: index, result: { problem: `the verdict says ${JSON.stringify(value.trim())}; expected "approve" or "request_changes"` } });
      continue;
    }
    const inline = inlineReason(value);
    const reasons = [...(inline === undefined ? [] : [inline]), ...reasonsAfter(lines, index + 1)];
    found.push({ at: index, result: withDefault(verdict, reasons) });
  }
  return found;
}

/** Text after the verdict word on its line (`request_changes — tests missing`), if any. */
function inlineReason(value: string): string | undefined {
  const rest = value
    .replace(/^[*_`\s]*(?:request(?:ing|ed)?[\s_-]+changes?|changes?[\s_-]+requested|needs?[\s_-]+changes|approved?|approving|lgtm|accept(?:ed)?|rejected|reject)[*_`\s]*/i, '')
    .replace(/^[\s—–:;,.()-]+|[\s)]+$/g, '')
    .replace(/^(?:[✅❌✔✓✗\s]|\uFE0F)+$/u, '');
  return rest === '' ? undefined : rest;
}

/** The bullet lines after a verdict line: blank lines and a `Reasons:` header may come first; indented lines continue a bullet. */
function reasonsAfter(lines: readonly string[], start: number): string[] {
  const reasons: string[] = [];
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const bullet = BULLET.exec(line);
    if (bullet !== null) reasons.push(bullet[1] ?? '');
    else if (line.trim() === '' || REASONS_HEADER.test(line)) {
      if (reasons.length > 0 && line.trim() === '') break;
    } else if (reasons.length > 0 && /^\s+\S/.test(line)) reasons[reasons.length - 1] += ` ${line.trim()}`;
    else break;
  }
  return reasons;
}

/**
 * JSON objects with a `verdict` key. One starts on a line that begins with `{` (or holds `{"verdict"`) and ends on
 * a line ending in `}`; fences around it do not matter, since only those lines are read.
 */
function jsonVerdicts(lines: readonly string[]): Candidate[] {
  const found: Candidate[] = [];
  for (const [index, line] of lines.entries()) {
    const column = line.trimStart().startsWith('{') ? line.indexOf('{') : line.search(/\{\s*"verdict"/);
    if (column < 0) continue;
    const object = jsonObjectFrom(lines, index, column);
    if (object === undefined || !Object.hasOwn(object, 'verdict')) continue;
    found.push({ at: index, result: verdictFromJson(object) });
  }
  return found;
}

/** At most this many lines are tried for one JSON object. */
const MAX_JSON_LINES = 60;

function jsonObjectFrom(lines: readonly string[], start: number, column: number): Record<string, unknown> | undefined {
  let text = '';
  for (let i = start; i < lines.length && i < start + MAX_JSON_LINES; i++) {
    text += `${(lines[i] ?? '').slice(i === start ? column : 0)}\n`;
    if (!(lines[i] ?? '').trimEnd().endsWith('}')) continue;
    try {
      const value: unknown = JSON.parse(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
      return undefined;
    } catch {
      // Not closed yet (a nested object ended on this line): read on.
    }
  }
  return undefined;
}

function verdictFromJson(object: Record<string, unknown>): ReviewVerdict | { problem: string } {
  const raw = object['verdict'];
  const verdict = typeof raw === 'string' ? verdictOf(raw) : undefined;
  if (verdict === undefined) return { problem: `the verdict says ${JSON.stringify(raw)}; expected "approve" or "request_changes"` };
  const given = object['reasons'] ?? object['reason'];
  const list = Array.isArray(given) ? given : given === undefined || given === null ? [] : [given];
  const reasons = list.map((r) => (typeof r === 'string' ? r.trim() : JSON.stringify(r))).filter((r) => r !== '');
  return withDefault(verdict, reasons);
}

function withDefault(verdict: Verdict, reasons: readonly string[]): ReviewVerdict {
  return { verdict, reasons: verdict === 'request_changes' && reasons.length === 0 ? [NO_REASON] : reasons };
}
