/**
 * A workstream's content read into its action: checklist items become steps (done ones marked), field lines
 * apply (dependencies, priority, timeline, risk), a success-metrics list becomes gate checks of its phase,
 * command-looking code spans become verify candidates, and every other line becomes prompt context.
 */
import type { Collector, Scope } from './collect-context.js';
import { actionField, metaLine } from './collect-fields.js';
import { addMetricCheck, itemsIntoAction, metricList, verifyFrom } from './collect-lists.js';
import { tableTasks, todoLines } from './collect-tasks.js';
import type { DraftAction } from './draft.js';
import { fieldKind, isCriteriaTitle } from './field-words.js';
import { metricsFromTable } from './metric-table.js';
import type { Block, CodeBlock, ParagraphBlock } from './outline-blocks.js';

/** Reads blocks into an action. */
export function blocksIntoAction(c: Collector, action: DraftAction, blocks: readonly Block[], scope: Scope): void {
  let metrics: { criteria: boolean } | undefined;
  for (const block of blocks) {
    if (block.kind === 'paragraph') {
      metrics = paragraphIntoAction(c, action, block) ?? metrics;
    } else if (block.kind === 'list') {
      if (metrics !== undefined) metricList(c, action.phase, block.items, scope, metrics.criteria);
      else itemsIntoAction(c, action, block.items);
      metrics = undefined;
    } else if (block.kind === 'table') {
      const rows = metricsFromTable(block);
      if (rows !== undefined) rows.forEach(({ metric, line, run }) => addMetricCheck(c, action.phase, metric, line, run, `metrics table of "${action.title}"`));
      else if (tableTasks(c, block, action.phase, scope) === undefined) action.context.push([block.header, ...block.rows.map((r) => r.cells)].map((cells) => `| ${cells.join(' | ')} |`).join('\n'));
      metrics = undefined;
    } else if (block.kind === 'code' && !todoLines(c, block.value, block.line + 1, scope)) {
      codeIntoAction(action, block);
    }
  }
  c.mapped++;
}

/** Returns the metrics state when the paragraph ends with a success-metrics field whose list follows. */
function paragraphIntoAction(c: Collector, action: DraftAction, block: ParagraphBlock): { criteria: boolean } | undefined {
  let metrics: { criteria: boolean } | undefined;
  const fieldLines = new Set(block.fields.map((f) => f.line));
  for (const field of block.fields) {
    metrics = actionField(c, action, field) ? undefined : { criteria: isCriteriaTitle(field.name) };
  }
  const text = block.text
    .split('\n')
    .filter((line, i) => !fieldLines.has(block.line + i) && !metaLine(c, action, line, block.line + i))
    .join('\n')
    .trim();
  if (text !== '') action.context.push(text);
  // Commands on a rollback line undo the work; they never check it.
  const undo = new Set(block.fields.filter((f) => fieldKind(f.name) === 'rollback').map((f) => f.line));
  verifyFrom(action, block.codeSpans.filter((span) => !undo.has(span.line)));
  return metrics;
}

/**
 * A code block in a workstream. Plans write day-by-day task lists in them ("# Day 1-2: Database Schema" then
 * "- Create migration …"): those lines become steps; other lines (commands to run) stay as context.
 */
function codeIntoAction(action: DraftAction, block: CodeBlock): void {
  const other: string[] = [];
  block.value.split('\n').forEach((raw, i) => {
    const line = block.line + 1 + i;
    const text = raw.trim();
    const item = /^(?:[-*]|\d+[.)])\s+(.+)$/u.exec(text)?.[1];
    const heading = /^#+\s+(.+)$/u.exec(text)?.[1];
    if (item !== undefined) action.steps.push({ text: `  ${item}`, line });
    else if (heading !== undefined) action.steps.push({ text: heading, line });
    else if (text !== '') other.push(raw);
  });
  if (other.length > 0) action.context.push(`\`\`\`${block.lang ?? ''}\n${other.join('\n')}\n\`\`\``);
}
