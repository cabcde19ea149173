/**
 * What a person or a check decides at the end of a phase, written as lists and lines rather than tables: a
 * go/no-go list (an approval of the phase it guards, its measurable items also gate checks of the phase it
 * closes) and "done = …" lines (each part a gate check).
 */
import { commandSpan } from './commands.js';
import type { Collector, Scope } from './collect-context.js';
import { addMetricCheck, approvalList } from './collect-lists.js';
import type { DraftPhase } from './draft.js';
import { metricFromLine } from './metric-text.js';
import type { ListBlock, ParagraphBlock } from './outline-blocks.js';

/**
 * A go/no-go list guards the phase its title names ("… before Milestone 3 starts"), or the phase it opens: one
 * titled so ("Pre-launch go/no-go", "Entry criteria") or written in its phase before any of the phase's work;
 * otherwise it ends its phase and guards the next.
 */
export function goNoGo(c: Collector, list: ListBlock, scope: Scope, phase: DraftPhase | undefined): void {
  if (phase === undefined && !c.hasPhases) {
    // No phase headings: the decision separates the work before it from the work after it.
    const closing = c.draft.phases.at(-1);
    c.startMainPhase(undefined, { line: list.line, criteria: list.items.map((item) => item.text.split('\n')[0] ?? '') });
    if (closing !== undefined) measurableCriteria(c, closing, list, scope);
    return;
  }
  const guarded = c.guardedBy(scope.trail.at(-1) ?? '', phase, phase !== undefined && phase.actions.length === 0);
  approvalList(c, guarded, list.items, list.line);
  // What a criterion measures or runs is also checked by baton, at the gate of the phase the decision closes.
  const closing = guarded === undefined ? phase : c.draft.phases[c.draft.phases.indexOf(guarded) - 1];
  if (closing !== undefined) measurableCriteria(c, closing, list, scope);
}

/** Go/no-go items with a command or a number target ("Regression suite green: `npm run …`", "p95 ≤ 250 ms") as gate checks. */
function measurableCriteria(c: Collector, phase: DraftPhase, list: ListBlock, scope: Scope): void {
  for (const item of list.items) {
    const text = item.text.split('\n')[0] ?? '';
    const command = item.codeSpans.map((span) => commandSpan(span.value)).find((cmd) => cmd !== undefined);
    const metric = metricFromLine(text);
    if (command === undefined && metric.target === undefined) continue;
    addMetricCheck(c, phase, metric, item.line, command, `measurable go/no-go criterion under "${scope.trail.at(-1) ?? ''}"`);
  }
}

const DONE_LINE = /^(?:done|definition of done|dod|done when|finished when|fertig wenn|hecho cuando|terminé quand)\s*(?:=|:|when|wenn|cuando|quand)\s*(?<what>.+)$/iu;

/**
 * "done = `make test-payments` green + k6 shows < 1% errors at 200 rps": what finishes the work, each part a
 * gate check (a command in it runs; a number in it is a metric to measure). False unless every line is one.
 */
export function doneLines(c: Collector, block: ParagraphBlock, phase: DraftPhase | undefined): boolean {
  const lines = block.text.split('\n');
  const parts = lines.map((text) => DONE_LINE.exec(text.trim())?.groups?.what);
  if (parts.some((p) => p === undefined)) return false;
  parts.forEach((what, i) => {
    for (const piece of (what ?? '').split(/\s+\+\s+|\s*;\s*|,\s+and\s+/u)) {
      const spans = [...piece.matchAll(/`([^`]+)`/gu)].map((m) => commandSpan(m[1] ?? '')).filter((cmd): cmd is string => cmd !== undefined);
      addMetricCheck(c, phase, metricFromLine(piece.trim()), block.line + i, spans[0], `what "done" means, at line ${block.line + i}`);
    }
  });
  return true;
}
