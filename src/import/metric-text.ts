/**
 * Success metrics as documents state them — "First build: 120s → ≤15s", "| Build time | 120s | ≤ 90s |",
 * "Test pass rate | 100%" — read into a gate check's `metric`, `baseline` and `target`. A target must be a
 * comparison with a number (the plan's `target` field), so "±5% variance" is kept as words and reported,
 * never guessed. Units are dropped from the numbers (the metric's command reports in the document's unit);
 * a baseline in another unit than its target ("1.5-2 GB" → "≤100 MB") is left out rather than compared wrongly.
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
}

interface Amount {
  readonly op?: string;
  readonly value: number;
  readonly unit: string;
}

const AMOUNT = /^\s*(?<op><=|>=|==|!=|<|>|=|≤|≥|⩽|⩾)?\s*(?<value>-?\d+(?:[.,]\d+)?)\s*(?<unit>%|[a-zµ]+)?(?![\d.,-])/iu;
const ARROW = /\s*(?:→|->|=>|⇒|⟶)\s*/u;

/** The metric key for a name: lower snake case, ASCII. */
export function metricKey(name: string): string {
  const key = name.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').toLowerCase().replace(/[^a-z0-9]+/gu, '_').replace(/^_+|_+$/gu, '');
  return /^[a-z_]/u.test(key) ? key : `m_${key}`;
}

/** "First build: 120s → ≤15s (8x improvement)", "Full test suite: <150s", "No job failures" (a criterion). */
export function metricFromLine(text: string): MetricText {
  const colon = /^(?<name>(?:[^:`]|`[^`]*`){1,80}?):\s*(?<value>.*)$/su.exec(text.trim());
  const name = (colon?.groups?.name ?? text).trim();
  const value = colon?.groups?.value ?? '';
  const [before, after] = value.split(ARROW, 2);
  if (after !== undefined) return metricOf(name, after, before);
  return metricOf(name, value, undefined);
}

/** A success-metrics table: one metric per row, or undefined when the header names no target or baseline. */
export function metricsFromTable(table: TableBlock): { metric: MetricText; line: number }[] | undefined {
  const header = table.header.map((cell) => cell.toLowerCase());
  const target = header.findIndex((h) => /target|goal|ziel|objecti|threshold|slo|soll|expected/u.test(h));
  const baseline = header.findIndex((h) => /baseline|current|before|today|actual|\bist\b|now|from|ausgangs|aktuell|vorher/u.test(h));
  if (target === -1 && baseline === -1) return undefined;
  const named = header.findIndex((h) => /metric|kpi|measure|criteri|name|indicator|kennzahl|metrik/u.test(h));
  const nameColumn = named === -1 ? 0 : named;
  return table.rows.map((row) => {
    const name = (row.cells[nameColumn] ?? '').trim();
    return { metric: metricOf(name, row.cells[target] ?? '', baseline === -1 ? undefined : row.cells[baseline]), line: row.line };
  });
}

function metricOf(name: string, targetText: string, baselineText: string | undefined): MetricText {
  const target = amountOf(targetText);
  const base = baselineText === undefined ? undefined : amountOf(baselineText);
  const sameUnit = base !== undefined && (target === undefined || base.unit === '' || target.unit === '' || base.unit === target.unit);
  const baseline = sameUnit && base.op === undefined ? base.value : undefined;
  const unread = target === undefined && targetText.trim() !== '' && /\d/u.test(targetText) ? targetText.trim() : undefined;
  return {
    name,
    metric: metricKey(name),
    ...(target === undefined ? {} : { target: targetString(target, baseline) }),
    ...(baseline === undefined ? {} : { baseline }),
    ...(unread === undefined ? {} : { unread }),
  };
}

/** A number with an optional comparison and unit at the start of a cell; a range ("1.5-2 GB") is none. */
function amountOf(text: string): Amount | undefined {
  const match = AMOUNT.exec(text.replace(/\*+/gu, ''));
  const groups = match?.groups;
  if (groups?.value === undefined) return undefined;
  const op = groups.op === undefined ? undefined : normalOp(groups.op);
  return { ...(op === undefined ? {} : { op }), value: Number(groups.value.replace(',', '.')), unit: (groups.unit ?? '').toLowerCase() };
}

function normalOp(op: string): string {
  return ({ '≤': '<=', '⩽': '<=', '≥': '>=', '⩾': '>=', '=': '==' } as Record<string, string>)[op] ?? op;
}

/** A bare target compares the way the work moves: down from a higher baseline, up from a lower one, else equal. */
function targetString(target: Amount, baseline: number | undefined): string {
  const op = target.op ?? (baseline === undefined || baseline === target.value ? '==' : baseline > target.value ? '<=' : '>=');
  return `${op} ${target.value}`;
}
