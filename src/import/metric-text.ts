/**
 * Success metrics as documents state them — "First build: 120s → ≤15s", "| Build time | 120s | ≤ 90s |",
 * "Test pass rate | 100%" — read into a gate check's `metric`, `baseline` and `target`. A target must be a
 * comparison with a number (the plan's `target` field), so "±5% variance" is kept as words and reported,
 * never guessed. Units are dropped from the numbers (the metric's command reports in the document's unit);
 * a baseline in another unit than its target ("1.5-2 GB" → "≤100 MB") is left out rather than compared wrongly.
 *
 * Comparisons may be words, in English and German: "under 250 ms" is `< 250`, "at most 3" `<= 3`, "over 99.9%"
 * `> 99.9`, "at least 95%" `>= 95` ("unter", "höchstens", "über", "mindestens"); `=>` before a number is `>=`.
 * A criterion without a colon ("p99 latency under 250 ms at 300 rps") is read too: the words before the
 * comparison name the metric, and what follows the number ("at 300 rps") is context, never the target; a
 * baseline may follow in words ("< 2 % (hoy estamos en 3,1 %)", "≤ 5 s (today: 8 s)", "(was 120 s)").
 *
 * Numbers may have a currency before them ("≤ $3,000" is `<= 3000`, in dollars), a decimal comma ("3,1 %",
 * "< 0,1 %") or thousands separators ("10,000 rps", "1.234,5"): a comma followed by exactly three digits groups
 * thousands, as in "1,000", unless the number cannot be grouped so ("0,125", "3,1415"); any other comma is a
 * decimal point. A space (or the no-break spaces of French typography) before three digits groups thousands too:
 * "3 000 €" is 3000.
 */
import type { TableBlock } from './outline-blocks.js';

/** A metric read from a line or a table row. */
export interface MetricText {
  /** The metric's name as written: "First build". */
  readonly name: string;
  /** The name as an output field: "first_build". */
  readonly metric: string;
  /** `<= 15`: an operator and a number, as the plan's `target` expects. */
  readonly target?: string;
  readonly baseline?: number;
  /** Words that were not read as a number comparison ("±5% variance"), to be reported. */
  readonly unread?: string;
  /** What follows the target's number: "at 300 rps" in "under 250 ms at 300 rps". */
  readonly context?: string;
}

interface Amount {
  readonly op?: string;
  readonly value: number;
  readonly unit: string;
  /** What follows the amount in its text, trimmed. */
  readonly rest: string;
}

/** Comparison words and the operator each means; a longer phrase comes before one it ends with. */
const OP_WORDS: readonly (readonly [string, string])[] = [
  // Negated words first: "not above 250 ms" is `<= 250`, never `> 250`.
  ['no more than|not more than|no higher than|not higher than|no greater than|not greater than|not above|not over|not exceeding|not to exceed|at most|höchstens|nicht mehr als|nicht über|nicht höher als', '<='],
  ['no less than|not less than|no fewer than|not fewer than|no lower than|not lower than|not below|not under|at least|mindestens|nicht weniger als|nicht unter|nicht niedriger als', '>='],
  ['under|below|less than|fewer than|lower than|smaller than|unter|unterhalb von|weniger als|kleiner als|niedriger als', '<'],
  ['over|above|more than|greater than|higher than|über|oberhalb von|mehr als|größer als|höher als', '>'],
];
const WORD_OP = OP_WORDS.flatMap(([words]) => words.split('|')).sort((a, b) => b.length - a.length).map((w) => w.replace(/ /gu, '\\s+')).join('|');
const SIGN_OP = '<=|>=|=<|=>|==|!=|<|>|=|≤|≥|⩽|⩾';
/**
 * A number and its unit, which may be a currency written before it ("$3,000") or after it ("3,000 €"); a period
 * or comma right after it ends a sentence or a clause.
 */
const NUMBER = String.raw`(?<currency>[$€£¥]\s?)?(?<value>-?(?:[1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|\d+(?:[.,]\d+)*))\s*(?<unit>%|[$€£¥]|[a-zµ]+)?(?![\d-]|[.,]\d)`;

const AMOUNT = new RegExp(String.raw`^\s*(?:(?<op>${SIGN_OP})|(?<word>${WORD_OP})\s+)?\s*${NUMBER}`, 'iu');
/** A comparison inside a line: a sign or a word (not inside another word) and a number. */
const COMPARISON = new RegExp(String.raw`(?:(?<op>${SIGN_OP})|(?<![\p{L}\p{N}])(?<word>${WORD_OP})\s+)\s*${NUMBER}`, 'iu');
const ARROW = /\s*(?:→|->|=>|⇒|⟶)\s*/u;

/** Words that say a number is where things stand now: "(today: 8 s)", "(hoy estamos en 3,1 %)", "(was 120 s)". */
const BASELINE_WORDS =
  "today|currently|current|was|were|now|baseline|last(?=\\s+\\p{L}+\\s*:)|hoy|actualmente|actual|ahora|heute|derzeit|aktuell|zurzeit|bisher|" +
  "aujourd['’]hui|actuellement|actuel(?:le)?";
/**
 * A baseline word, up to three words ("estamos en", "liegt bei", "before tuning"), maybe a colon, then a number:
 * "(today: 8 s)", "(hoy estamos en 3,1 %)", "(baseline before tuning: ~40 s)", "(last rehearsal: 52 min)".
 */
const BASELINE = new RegExp(String.raw`(?<![\p{L}])(?:${BASELINE_WORDS})(?![\p{L}])\s*[:=]?(?:\s+[\p{L}'’]+){0,3}?\s*[:=]?\s*[~≈]?\s*${NUMBER}`, 'iu');

/** Units of a span of time over which something is observed: "no errors over 48h" states no target. */
const WINDOW_UNIT = /^(?:h|hrs?|hours?|d|days?|weeks?|months?|runs?|iterations?|std|stunden?|tagen?|wochen?|monaten?|läufen?)$/u;

/** Words between a metric's name and its comparison: "latency stays under", "pass rate of at least", "finished in under". */
const LINKING_WORDS = /(?:\s+(?:of|is|are|be|to be|should be|must be|stays?|remains?|kept|at|in|within|von|ist|sind|bleibt|soll|muss|sein|bei|liegt|bleiben))+\s*$/iu;

/** The metric key for a name: lower snake case, ASCII. */
export function metricKey(name: string): string {
  const key = name.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').toLowerCase().replace(/[^a-z0-9]+/gu, '_').replace(/^_+|_+$/gu, '');
  return /^[a-z_]/u.test(key) ? key : `m_${key}`;
}

/**
 * "First build: 120s → ≤15s (8x improvement)", "Full test suite: <150s", "p99 latency under 250 ms at 300 rps",
 * "No job failures" (a criterion).
 */
export function metricFromLine(text: string): MetricText {
  const colon = /^(?<name>(?:[^:`(]|`[^`]*`|\([^)]*\)|\((?![^)]*\))){1,80}?):\s*(?<value>.*)$/su.exec(text.trim());
  if (colon === null) return criterionOf(text.trim());
  const name = (colon.groups?.name ?? text).trim();
  const value = colon.groups?.value ?? '';
  const [before, after] = /^\s*=>/u.test(value) ? [value] : value.split(ARROW, 2);
  if (after !== undefined) return metricOf(name, after, before);
  return metricOf(name, value, undefined);
}

/**
 * A line without a colon: a comparison in it ("p99 latency under 250 ms at 300 rps", "Flake rate < 1%") is its
 * target, named by the words before it; the line stays the check's name. A sign inside a code span is no
 * comparison, `=>` after a number is an arrow, and "over" a span of time ("no errors over 48h") is a window.
 */
function criterionOf(text: string): MetricText {
  const plain = text.replace(/\*+/gu, '');
  const match = COMPARISON.exec(plain.replace(/`[^`]*`/gu, (span) => ' '.repeat(span.length)));
  const amount = match === null ? undefined : amountFrom(match, plain.slice(match.index + match[0].length));
  if (match === null || amount === undefined) return { name: text, metric: metricKey(text) };
  const named = lastClause(plain.slice(0, match.index)).replace(LINKING_WORDS, '').trim();
  const arrow = match.groups?.op === '=>' && /\d\s*(?:%|[a-zµ]+)?\s*$/iu.test(named);
  const window = /^(?:over|über)$/iu.test(match.groups?.word ?? '') && WINDOW_UNIT.test(amount.unit);
  if (named === '' || arrow || window) return { name: text, metric: metricKey(text) };
  const stated = statedBaseline(amount);
  const context = contextOf(stated?.context ?? amount.rest);
  return {
    name: text,
    metric: metricKey(named),
    target: targetString(amount, stated?.baseline),
    ...(stated === undefined ? {} : { baseline: stated.baseline }),
    ...(context === '' ? {} : { context }),
  };
}

/** A row of a metrics table: its metric, its line and the command that measures it, when a column names one. */
export interface MetricRow {
  readonly metric: MetricText;
  readonly line: number;
  /** The code span of the row's command column ("Measured by", "Command", "Check"): the gate check's command. */
  readonly run?: string;
}

const TARGET_HEADER = /target|goal|ziel|objecti|objetivo|meta\b|cible|threshold|soll|expected/u;
const BASELINE_HEADER = /baseline|current|before|today|actual|actuel|\bist\b|now|from|ausgangs|aktuell|vorher|hoy|l[ií]nea base|départ/u;
const NAME_HEADER = /metric|métrica|métrique|kpi|measure|criteri|name|indicat|kennzahl|metrik|\bslos?\b/u;
/** A column that says how a metric is measured: its code span is the command. */
const COMMAND_HEADER =
  /measured|how (?:to|we|you|it is|it's|is it) measure|command|\bchecks?\b|verif|medido|comando|gemessen|befehl|prüf|mesur[ée]e? (?:par|avec)|commande|\bscripts?\b/u;
/**
 * Headers that name the command column unless they head the metric's own column: "| Metric | … | Query |" holds
 * commands, "| Query | Before | Target |" names the queries measured.
 */
const WEAK_COMMAND_HEADER = /measurement|\bmesures?\b|\bmessung\b|\bsources?\b|\bquer(?:y|ies)\b|\bconsultas?\b|\btools?\b|\boutils?\b|\bherramientas?\b|\bwerkzeuge?\b/u;

/**
 * A success-metrics table: one metric per row, or undefined when the header names no target or baseline. A
 * column of commands ("Measured by", "How we measure", "Query" after the metric's column, or any other column
 * whose cells are mostly command-like code spans) gives each row its `run`; "SLO" names the target column only
 * when no other column does ("| Metric | Current | SLO |"), else it names the metric ("| SLO | Baseline | Target |").
 */
export function metricsFromTable(table: TableBlock): MetricRow[] | undefined {
  const header = table.header.map((cell) => cell.toLowerCase());
  const stated = header.findIndex((h) => COMMAND_HEADER.test(h));
  const column = (pattern: RegExp, ...taken: number[]): number => header.findIndex((h, i) => !taken.includes(i) && pattern.test(h));
  const strongTarget = column(TARGET_HEADER, stated);
  const target = strongTarget === -1 ? column(/\bslos?\b/u, stated) : strongTarget;
  const baseline = column(BASELINE_HEADER, stated, target);
  if (target === -1 && baseline === -1) return undefined;
  const named = column(NAME_HEADER, stated, target, baseline);
  const nameColumn = named !== -1 ? named : Math.max(0, header.findIndex((_, i) => ![stated, target, baseline].includes(i)));
  const command = stated !== -1 ? stated : commandColumn(table, header, [nameColumn, target, baseline]);
  return table.rows.map((row) => {
    const name = (row.cells[nameColumn] ?? '').trim();
    const span = command === -1 ? undefined : commandOf(row.cells[command] ?? '');
    // A column no header calls one of commands gives only spans that look like commands (not `grafana/orders`).
    const run = command === stated || looksLikeCommand(span) ? span : undefined;
    const metric = metricOf(name, row.cells[target] ?? '', baseline === -1 ? undefined : row.cells[baseline]);
    return { metric, line: row.line, ...(run === undefined ? {} : { run }) };
  });
}

/**
 * The column of commands when no header says so outright: one headed by a weaker word ("Query", "Source",
 * "Mesure"), else one whose non-empty cells are mostly command-like code spans. Never the metric's, target's or
 * baseline's column (`taken`); -1 when there is none.
 */
function commandColumn(table: TableBlock, header: readonly string[], taken: readonly number[]): number {
  const free = header.map((_, i) => i).filter((i) => !taken.includes(i));
  const weak = free.find((i) => WEAK_COMMAND_HEADER.test(header[i] ?? ''));
  if (weak !== undefined) return weak;
  return (
    free.find((i) => {
      const cells = table.rows.map((row) => (row.cells[i] ?? '').trim()).filter((cell) => cell !== '' && !/^[-–—]$/u.test(cell));
      const commands = cells.filter((cell) => /^`[^`]+`$/u.test(cell) && looksLikeCommand(commandOf(cell)));
      return commands.length > 0 && commands.length * 2 > cells.length;
    }) ?? -1
  );
}

/** A code span that runs something: words with arguments (`./scripts/p99.sh v2-orders`) or a script (`./check.sh`). */
function looksLikeCommand(span: string | undefined): boolean {
  return span !== undefined && (/\S\s+\S/u.test(span) || /^\.{0,2}\/[\w./-]+\.(?:sh|py|js|ts|rb|pl)$/u.test(span));
}

/** The first code span of a command cell, unless it is a link: "`./scripts/slo.sh ci-p50`". */
function commandOf(cell: string): string | undefined {
  const span = /`([^`]+)`/u.exec(cell)?.[1]?.trim();
  return span === undefined || span === '' || /^[a-z]+:\/\//iu.test(span) ? undefined : span;
}

function metricOf(name: string, targetText: string, baselineText: string | undefined): MetricText {
  const target = amountOf(targetText);
  const base = baselineText === undefined ? undefined : amountOf(baselineText);
  const fromColumn = base !== undefined && sameUnit(base, target) && base.op === undefined ? base.value : undefined;
  const stated = fromColumn === undefined && target !== undefined ? statedBaseline(target) : undefined;
  const baseline = fromColumn ?? stated?.baseline;
  const context = contextOf(stated?.context ?? target?.rest ?? '');
  // A number inside a code span (`npm run test:e2e`) is part of a command, not a target.
  const unread = target === undefined && /\d/u.test(targetText.replace(/`[^`]*`/gu, '')) ? targetText.trim() : undefined;
  return {
    name,
    metric: metricKey(name),
    ...(target === undefined ? {} : { target: targetString(target, baseline) }),
    ...(baseline === undefined ? {} : { baseline }),
    ...(unread === undefined ? {} : { unread }),
    ...(target === undefined || context === '' ? {} : { context }),
  };
}

/** Words after a target, or nothing when only punctuation is left ("< 1%." ends a sentence). */
function contextOf(rest: string): string {
  return /^[\s.,;:!]*$/u.test(rest) ? '' : rest;
}

/** A baseline and its target are compared only in one unit, or where one of them has none. */
function sameUnit(base: Amount, target: Amount | undefined): boolean {
  return target === undefined || base.unit === '' || target.unit === '' || base.unit === target.unit;
}

/**
 * A baseline stated in words after the target ("< 2 % (hoy estamos en 3,1 %)", "≤ 5 s (today: 8 s with
 * SendGrid)"), with the context left once its clause is taken out: the parenthesis it is in, or the rest of the
 * text from its word on.
 */
function statedBaseline(target: Amount): { baseline: number; context: string } | undefined {
  const match = BASELINE.exec(target.rest);
  const base = match === null ? undefined : amountFrom(match, '');
  if (match === null || base === undefined || !sameUnit(base, target)) return undefined;
  const open = target.rest.lastIndexOf('(', match.index);
  const close = target.rest.indexOf(')', match.index);
  const inside = open !== -1 && !target.rest.slice(open, match.index).includes(')');
  const context = inside ? target.rest.slice(0, open) + (close === -1 ? '' : target.rest.slice(close + 1)) : target.rest.slice(0, match.index);
  return { baseline: base.value, context: context.replace(/\s+/gu, ' ').replace(/^[\s,;]+|[\s,;]+$/gu, '') };
}

/** The last clause of words before a comparison: "flake rate" in "Repeat until the suite is green and flake rate". */
function lastClause(text: string): string {
  return text.split(/[,;(]|\s(?:and|und|with|mit|while|until|bis|when|wenn)\s/iu).at(-1) ?? text;
}

/** A number with an optional comparison and unit at the start of a cell; a range ("1.5-2 GB") is none. */
function amountOf(text: string): Amount | undefined {
  const plain = text.replace(/\*+/gu, '');
  const match = AMOUNT.exec(plain);
  return match === null ? undefined : amountFrom(match, plain.slice(match[0].length));
}

function amountFrom(match: RegExpExecArray, rest: string): Amount | undefined {
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

/** A bare target compares the way the work moves: down from a higher baseline, up from a lower one, else equal. */
function targetString(target: Amount, baseline: number | undefined): string {
  const op = target.op ?? (baseline === undefined || baseline === target.value ? '==' : baseline > target.value ? '<=' : '>=');
  return `${op} ${target.value}`;
}
