/**
 * Orders what was collected: each action's estimate (its own field, else its "Day N-M" span, else its phase's
 * duration), its `needs` (stated dependencies, else the day order of its group), and each phase's `after`.
 *
 * Phase order: a phase waits for the previous one unless its actions say otherwise. An action that names an
 * earlier phase ("Phase 1 completion (can run parallel to Phase 3.1)") or says "None" loosens its phase's
 * `after` to what every action of the phase still needs; the actions that need more wait for it through
 * `requires: [phase:…]`. A dependency stated twice with different content keeps both (the stricter reading)
 * and is reported with both lines.
 */
import type { Draft, DraftAction, DraftPhase, ImportNote } from './draft.js';
import { resolveDependency, resolveSubject } from './resolve-refs.js';
import type { Constraint } from './resolve-refs.js';
import { spanSeconds } from './collect.js';

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

/**
 * Every dependency statement of an action merged. Two places that disagree are both kept (the stricter
 * reading) and reported; one that only leaves out part of the other ("C1 after B2" on a critical path, "after
 * B2 and B3" in the table) agrees with it. The lines of one source (a diagram's edges) are one statement.
 */
function statedConstraint(draft: Draft, action: DraftAction, warnings: ImportNote[]): Constraint | undefined {
  const bySource = new Map<string, Constraint>();
  action.dependencies.forEach((dep, i) => {
    const constraint = resolveDependency(draft, action, dep, warnings);
    const key = dep.source ?? `#${i}`;
    const known = bySource.get(key);
    bySource.set(key, known === undefined ? constraint : union(known, constraint));
  });
  const [first, ...rest] = bySource.values();
  if (first === undefined) return undefined;
  let merged = first;
  for (const next of rest) {
    if (disagree(merged, next)) {
      warnings.push({
        line: next.line,
        message: `"${action.title}": dependencies at line ${merged.line} ("${merged.text}") and line ${next.line} ("${next.text}") disagree; keeping both (the stricter)`,
      });
    }
    merged = union(merged, next);
  }
  return merged;
}

function union(a: Constraint, b: Constraint): Constraint {
  return {
    phases: new Set([...a.phases, ...b.phases]),
    actions: new Set([...a.actions, ...b.actions]),
    none: a.none && b.none,
    partial: a.partial && b.partial,
    line: a.line,
    text: `${a.text}; ${b.text}`,
  };
}

/**
 * An explicit "None" against a dependency, or two statements that name different work. A chain names one path
 * only, so it disagrees only when it names work the other leaves out.
 */
function disagree(a: Constraint, b: Constraint): boolean {
  const within = <T>(x: Set<T>, y: Set<T>): boolean => [...x].every((v) => y.has(v));
  const aInB = within(a.phases, b.phases) && within(a.actions, b.actions);
  const bInA = within(b.phases, a.phases) && within(b.actions, a.actions);
  if (a.none !== b.none) return true;
  if (a.partial && !b.partial) return !aInB;
  if (b.partial && !a.partial) return !bInA;
  return !(aInB && bInA);
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

/**
 * Two places that make work wait for each other ("Task 1: depends on Task 2" here, "Task 2: depends on Task 1"
 * there) would make a plan that cannot run. Walking the needs in document order, a need that closes a loop is
 * dropped and reported with both actions' lines. A sequential phase's order counts as needs that stay.
 */
function breakCycles(draft: Draft, warnings: ImportNote[]): void {
  const state = new Map<DraftAction, 'open' | 'done'>();
  const implied = (action: DraftAction): DraftAction[] => {
    if (action.phase.mode?.value !== 'sequential') return [];
    const i = action.phase.actions.indexOf(action);
    const before = action.phase.actions[i - 1];
    return before === undefined ? [] : [before];
  };
  const visit = (action: DraftAction): void => {
    state.set(action, 'open');
    for (const need of [...implied(action), ...action.needs]) {
      if (state.get(need) === 'open') {
        if (!action.needs.has(need)) continue;
        action.needs.delete(need);
        warnings.push({
          line: action.lines[0] ?? 0,
          message: `"${action.title}" (line ${action.lines[0] ?? 0}) and "${need.title}" (line ${need.lines[0] ?? 0}) wait for each other; the need of "${action.title}" on "${need.title}" is dropped`,
        });
      } else if (state.get(need) === undefined) visit(need);
    }
    state.set(action, 'done');
  };
  for (const action of draft.phases.flatMap((p) => p.actions)) if (state.get(action) === undefined) visit(action);
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

/** The phase's `after`: stated at the phase, or the loosest order all its actions accept (see the module comment). */
function phaseOrder(draft: Draft, phase: DraftPhase, stated: ReadonlyMap<DraftAction, Constraint | undefined>, warnings: ImportNote[]): void {
  const index = draft.phases.indexOf(phase);
  const own = phase.dependencies.map((dep) => resolveDependency(draft, undefined, dep, warnings));
  if (statedPhaseOrder(draft, phase, own, warnings)) return;
  if (phase.parallelWith !== undefined && draft.phases.indexOf(phase.parallelWith.phase) < index) {
    const other = phase.parallelWith.phase;
    const before = draft.phases[draft.phases.indexOf(other) - 1];
    phase.after = other.after ?? (before === undefined ? [] : [before]);
    phase.afterWhy = `"${phase.parallelWith.text}" (line ${phase.parallelWith.line}): starts when ${other.title} may start`;
    return;
  }
  if (index === 0 || phase.actions.length === 0) return;
  if (joinsParallel(draft, phase, index)) return;
  const wants = phase.actions.map((action) => wanted(draft, action, stated.get(action), index, warnings));
  const loosest = Math.min(...wants.map((w) => Math.max(-1, ...w.map((p) => draft.phases.indexOf(p)))));
  if (loosest === index - 1) return;
  const after = draft.phases[loosest];
  phase.after = after === undefined ? [] : [after];
  phase.afterWhy = 'loosened by its actions\' stated dependencies';
  phase.actions.forEach((action, i) => {
    for (const p of wants[i] ?? []) if (draft.phases.indexOf(p) > loosest) action.requires.add(p);
  });
}

/** After "Stage C (runs in parallel with Stage B)" the next phase waits for B and C, not C alone. */
function joinsParallel(draft: Draft, phase: DraftPhase, index: number): boolean {
  const previous = draft.phases[index - 1];
  const alongside = previous?.parallelWith?.phase;
  const from = alongside === undefined ? -1 : draft.phases.indexOf(alongside);
  if (previous === undefined || alongside === undefined || from < 0 || from >= index - 1) return false;
  // Every phase from the one it runs beside up to it: "Phase 4 (parallel with Phase 2)" leaves 2, 3 and 4 open.
  phase.after = draft.phases.slice(from, index);
  phase.afterWhy = `waits for ${phase.after.map((p) => p.title).join(', ')}, which run side by side`;
  return true;
}

/**
 * What a phase's own statements say ("**Dependencies**: Phase 1 completion", "- Phase 3: depends on Schema").
 * Work they name is needed by each action of the phase; earlier phases they name become its `after` (added to
 * the previous one when the statement is a chain, which names one path only); a later phase is reported and
 * ignored, and a statement that names nothing found (already reported) keeps the order phases imply. Returns
 * true when `after` was decided here.
 */
function statedPhaseOrder(draft: Draft, phase: DraftPhase, own: readonly Constraint[], warnings: ImportNote[]): boolean {
  const index = draft.phases.indexOf(phase);
  const named = [...new Set(own.flatMap((c) => [...c.phases]))];
  for (const p of named) {
    if (draft.phases.indexOf(p) >= index) warnings.push({ line: own[0]?.line ?? 0, message: `${phase.title} depends on ${p.title}, which is not an earlier phase; ignored` });
  }
  const work = own.flatMap((c) => [...c.actions]);
  for (const action of phase.actions) {
    for (const need of work) if (need !== action && !isLater(need, action)) action.needs.add(need);
  }
  const earlier = named.filter((p) => draft.phases.indexOf(p) < index);
  const none = own.some((c) => c.none) && named.length === 0 && work.length === 0;
  if (earlier.length === 0 && !none) return false;
  const previous = draft.phases[index - 1];
  const partial = own.every((c) => c.partial);
  phase.after = partial && previous !== undefined ? [...new Set([...earlier, previous])] : earlier;
  phase.afterWhy = `stated at line ${own[0]?.line ?? 0}: "${own.map((c) => c.text).join('; ')}"`;
  return true;
}

/** The phases an action waits for: those it names, none for "None", else the previous phase (the default). */
function wanted(draft: Draft, action: DraftAction, constraint: Constraint | undefined, index: number, warnings: ImportNote[]): DraftPhase[] {
  const previous = draft.phases[index - 1];
  if (constraint === undefined || (constraint.phases.size === 0 && !constraint.none)) return previous === undefined ? [] : [previous];
  if (constraint.partial && previous !== undefined) return [...new Set([...constraint.phases, previous])].filter((p) => draft.phases.indexOf(p) < index);
  const phases = [...constraint.phases].filter((p) => {
    const ok = draft.phases.indexOf(p) < index;
    if (!ok) warnings.push({ line: constraint.line, message: `"${action.title}" depends on ${p.title}, which is not an earlier phase; ignored` });
    return ok;
  });
  return phases;
}
