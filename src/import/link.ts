/**
 * Orders what was collected: dependencies written apart join the work they name, each action gets its
 * estimate (its own field, else its "Day N-M" span, else its phase's duration) and its `needs` (its merged
 * statements, link-constraints.ts; else, or beside a chain, the day order of its group), each phase its `after`
 * (link-phases.ts), and needs that wait for each other are broken (link-cycles.ts).
 */
import type { Draft, DraftAction, DraftPhase, ImportNote } from './draft.js';
import { resolveSubject } from './resolve-refs.js';
import type { Constraint } from './resolve-refs.js';
import { spanSeconds } from './day-span.js';
import { statedConstraint } from './link-constraints.js';
import { breakCycles } from './link-cycles.js';
import { phaseOrder } from './link-phases.js';

/** Links the draft in place; returns the warnings it found. */
export function link(draft: Draft): ImportNote[] {
  const warnings: ImportNote[] = [];
  draft.phases.forEach((p, i) => orderOf.set(p, i));
  placeStatements(draft, warnings);
  for (const phase of draft.phases) {
    for (const action of phase.actions) estimate(action);
  }
  const stated = new Map<DraftAction, Constraint | undefined>();
  for (const action of draft.phases.flatMap((p) => p.actions)) stated.set(action, statedConstraint(draft, action, warnings));
  for (const phase of draft.phases) {
    const bySpan = [...phase.actions].sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
    for (const action of bySpan) needsOf(action, stated.get(action), warnings);
    phaseOrder(draft, phase, stated, warnings);
  }
  breakCycles(draft, warnings);
  return warnings;
}

/** Dependencies written apart join the dependencies of what they are about (draft.ts `DependencyStatement`). */
function placeStatements(draft: Draft, warnings: ImportNote[]): void {
  for (const { subject, dependency, why } of draft.statements) {
    const found = resolveSubject(draft, subject);
    if (found === undefined) {
      warnings.push({ line: dependency.line, message: `dependency of "${subject}" (${why}): "${subject}" names no work found in the document; ignored` });
    } else if ('found' in found) {
      for (const action of found.found) {
        action.dependencies.push({ ...dependency, source: why });
        action.why.push(`dependency "${dependency.text}" from the ${why}`);
        action.lines.push(dependency.line);
      }
    } else {
      found.dependencies.push(dependency);
    }
  }
}

function estimate(action: DraftAction): void {
  if (action.estimate !== undefined) return;
  if (action.span !== undefined) {
    action.estimate = { value: spanSeconds(action.span), line: action.lines[0] ?? 0, text: spanText(action.span) };
    action.estimateFrom = `the span of its heading (${spanText(action.span)}, a working day each)`;
  } else if (action.phase.duration !== undefined) {
    action.estimate = action.phase.duration;
    action.estimateFrom = `its phase's duration "${action.phase.duration.text}" (line ${action.phase.duration.line})`;
  }
}

function spanText(span: { start: number; end: number }): string {
  return span.start === span.end ? `day ${span.start}` : `days ${span.start}-${span.end}`;
}

function needsOf(action: DraftAction, constraint: Constraint | undefined, warnings: ImportNote[]): void {
  const phases = action.phase.actions;
  if (constraint !== undefined) {
    for (const need of constraint.actions) {
      if (isLater(need, action)) warnings.push({ line: constraint.line, message: `"${action.title}" depends on "${need.title}", which comes in a later phase; ignored` });
      else action.needs.add(need);
    }
    // A chain ("Critical path: Schema → UI") names one path: the order of days still holds beside it.
    if (!constraint.partial && (constraint.actions.size > 0 || constraint.none || constraint.phases.size > 0)) return;
  }
  const span = action.span;
  if (span === undefined) return;
  const earlier = phases.filter((a) => a.span !== undefined && a.span.scope === span.scope && a.span.end < span.start);
  earlier.sort((a, b) => (b.span?.end ?? 0) - (a.span?.end ?? 0));
  const reached = new Set<DraftAction>();
  for (const a of earlier) {
    if (reached.has(a)) continue;
    action.needs.add(a);
    reach(a, reached);
  }
}

/** Everything an action waits for, directly or not. */
function reach(action: DraftAction, seen: Set<DraftAction>): void {
  for (const need of action.needs) {
    if (seen.has(need)) continue;
    seen.add(need);
    reach(need, seen);
  }
}

function isLater(need: DraftAction, action: DraftAction): boolean {
  return order(need.phase) > order(action.phase);
}

const orderOf = new WeakMap<DraftPhase, number>();
function order(phase: DraftPhase): number {
  return orderOf.get(phase) ?? 0;
}


