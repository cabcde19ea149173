/**
 * A success-metrics table — "| Build time | 120s | ≤ 90s | `./scripts/build-time.sh` |" — read one metric a row:
 * its columns are found by their headers (the metric's name, its target, its baseline, in several languages) and
 * each row's cells are read as metric-target.ts reads a target and a baseline. A column of commands ("Measured
 * by", "How we measure", "Query"…, or one whose cells are mostly command-like code spans) gives each row the
 * command its gate check runs.
 */
import { metricOf } from './metric-target.js';
import type { MetricText } from './metric-target.js';
import type { TableBlock } from './outline-blocks.js';

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
    const run = span !== undefined && !isQuery(span) && (command === stated || looksLikeCommand(span)) ? span : undefined;
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
  if (span === undefined || isQuery(span)) return false;
  return /\S\s+\S/u.test(span) || /^\.{0,2}\/[\w./-]+\.(?:sh|py|js|ts|rb|pl)$/u.test(span);
}

/** SQL or PromQL in a "Query" column is something to measure with, not a command to run. */
function isQuery(span: string): boolean {
  return /^(?:select|with|show|explain)\s/iu.test(span) || /^[a-z_:]+\s*\(/iu.test(span) || /\{[^}]*=/u.test(span);
}

/** The first code span of a command cell, unless it is a link: "`./scripts/slo.sh ci-p50`". */
function commandOf(cell: string): string | undefined {
  const span = /`([^`]+)`/u.exec(cell)?.[1]?.trim();
  return span === undefined || span === '' || /^[a-z]+:\/\//iu.test(span) ? undefined : span;
}
