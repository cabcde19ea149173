/**
 * A number as documents write it, with the comparison before it and the unit after it: an amount ("≤ 15s",
 * "under 250 ms", "≤ $3,000").
 *
 * Comparisons may be words, in English and German: "under 250 ms" is `< 250`, "at most 3" `<= 3`, "over 99.9%"
 * `> 99.9`, "at least 95%" `>= 95` ("unter", "höchstens", "über", "mindestens"); `=>` before a number is `>=`.
 *
 * Numbers may have a currency before them ("≤ $3,000" is `<= 3000`, in dollars), a decimal comma ("3,1 %",
 * "< 0,1 %") or thousands separators ("10,000 rps", "1.234,5"): a comma followed by exactly three digits groups
 * thousands, as in "1,000", unless the number cannot be grouped so ("0,125", "3,1415"); any other comma is a
 * decimal point. A space (or the no-break spaces of French typography) before three digits groups thousands too:
 * "3 000 €" is 3000.
 */

/** A number, the comparison before it and its unit. */
export interface Amount {
  readonly op?: string;
  readonly value: number;
  readonly unit: string;
  /** What follows the amount in its text, trimmed. */
  readonly rest: string;
}

/** Comparison words and the operator each means; a longer phrase comes before one it ends with. */
const OP_WORDS: readonly (readonly [string, string])[] = [
  // Negated words first: "not above 250 ms" is `<= 250`, never `> 250`.
  [
    'no more than|not more than|no higher than|not higher than|no greater than|not greater than|no longer than|not longer than|not above|not over|never above|never over|never more than|' +
      'does not go above|doesn\'t go above|does not exceed|doesn\'t exceed|must not exceed|should not exceed|never exceeds?|not exceeding|not to exceed|within|at most|höchstens|nicht mehr als|nicht über|nicht höher als',
    '<=',
  ],
  [
    'no less than|not less than|no fewer than|not fewer than|no lower than|not lower than|no shorter than|not below|not under|never below|never under|never less than|' +
      'does not drop below|doesn\'t drop below|does not fall below|must not drop below|at least|mindestens|nicht weniger als|nicht unter|nicht niedriger als',
    '>=',
  ],
  ['under|below|less than|fewer than|lower than|smaller than|unter|unterhalb von|weniger als|kleiner als|niedriger als', '<'],
  ['over|above|more than|greater than|higher than|über|oberhalb von|mehr als|größer als|höher als', '>'],
];
const WORD_OP = OP_WORDS.flatMap(([words]) => words.split('|')).sort((a, b) => b.length - a.length).map((w) => w.replace(/ /gu, '\\s+')).join('|');
const SIGN_OP = '<=|>=|=<|=>|==|!=|<|>|=|≤|≥|⩽|⩾';
/**
 * A number and its unit, which may be a currency written before it ("$3,000") or after it ("3,000 €"); a period
 * or comma right after it ends a sentence or a clause.
 */
export const NUMBER = String.raw`(?<currency>[$€£¥]\s?)?(?<value>-?(?:[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)*))\s*(?<unit>%|[$€£¥]|[a-zµ]+)?(?![\d-]|[.,]\d)`;

const AMOUNT = new RegExp(String.raw`^\s*(?:(?<op>${SIGN_OP})|(?<word>${WORD_OP})\s+)?\s*${NUMBER}`, 'iu');
/** A comparison inside a line: a sign or a word (not inside another word) and a number. */
export const COMPARISON = new RegExp(String.raw`(?:(?<op>${SIGN_OP})|(?<![\p{L}\p{N}])(?<word>${WORD_OP})\s+)\s*${NUMBER}`, 'iu');

/** A number with an optional comparison and unit at the start of a cell; a range ("1.5-2 GB") is none. */
export function amountOf(text: string): Amount | undefined {
  const plain = text.replace(/\*+/gu, '');
  const match = AMOUNT.exec(plain);
  return match === null ? undefined : amountFrom(match, plain.slice(match[0].length));
}

/** The amount a match of NUMBER (after a comparison, or not) found, with the text that follows it. */
export function amountFrom(match: RegExpExecArray, rest: string): Amount | undefined {
  const groups = match.groups;
  const value = groups?.value === undefined ? undefined : numberOf(groups.value);
  if (groups === undefined || value === undefined) return undefined;
  const op = groups.op !== undefined ? normalOp(groups.op) : groups.word !== undefined ? wordOp(groups.word) : undefined;
  return {
    ...(op === undefined ? {} : { op }),
    value,
    unit: (groups.unit ?? groups.currency ?? '').trim().toLowerCase(),
    rest: rest.trim(),
  };
}

/**
 * "3,1" 3.1, "0,1" 0.1, "1,000" 1000, "10,000" 10000, "1.234,5" 1234.5, "3 000" 3000, "3,1415" 3.1415; "1.2.3"
 * (a version) is no number. A comma before exactly three digits groups thousands when the number can be grouped
 * so; a space before three digits always does.
 */
export function numberOf(text: string): number | undefined {
  if (/^-?[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$/u.test(text)) return Number(text.replace(/[ \u00a0\u202f]/gu, '').replace(',', '.'));
  if (/^-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/u.test(text)) return Number(text.replace(/,/gu, ''));
  if (/^-?[1-9]\d{0,2}(?:\.\d{3})+,\d+$/u.test(text)) return Number(text.replace(/\./gu, '').replace(',', '.'));
  if (/^-?\d+(?:[.,]\d+)?$/u.test(text)) return Number(text.replace(',', '.'));
  return undefined;
}

function normalOp(op: string): string {
  return ({ '≤': '<=', '⩽': '<=', '=<': '<=', '≥': '>=', '⩾': '>=', '=>': '>=', '=': '==' } as Record<string, string>)[op] ?? op;
}

function wordOp(word: string): string | undefined {
  const words = word.toLowerCase().replace(/\s+/gu, ' ');
  return OP_WORDS.find(([list]) => list.split('|').includes(words))?.[1];
}
