/**
 * Each phase's `after`. A phase waits for the previous one unless it says otherwise: its own statements
 * (earlier phases it names; work it names is needed by each of its actions), "runs in parallel with" another
 * phase, or its actions, when every one of them names an earlier phase or says "None" ("Phase 1 completion (can
 * run parallel to Phase 3.1)"): `after` is then loosened to what they all still need, and the actions that need
 * more wait through `requires: [phase:…]`.
 */
import type { Draft, DraftAction, DraftPhase, ImportNote } from './draft.js';
import { resolveDependency } from './resolve-refs.js';
import type { Constraint } from './resolve-refs.js';

/** The phase's `after`: stated at the phase, or the loosest order all its actions accept (see the module comment). */
export function phaseOrder(draft: Draft, phase: DraftPhase, stated: ReadonlyMap<DraftAction, Constraint | undefined>, warnings: ImportNote[]): void {
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
    for (const need of work) if (need !== action && !isLater(draft, need, action)) action.needs.add(need);
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

function isLater(draft: Draft, need: DraftAction, action: DraftAction): boolean {
  return draft.phases.indexOf(need.phase) > draft.phases.indexOf(action.phase);
}
