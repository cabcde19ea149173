/**
 * Dependency references (dependency-text.ts) resolved against what the document holds: "Phase 1 completion"
 * is a phase, "Phase 3.1" a workstream of phase 3, "Task 2" a numbered action, "Job orchestration from
 * DevOps Engineer" the action whose title holds those words (owned by that role when one is named). What
 * cannot be found is reported, never guessed at random.
 */
import type { DependencyRef } from './dependency-text.js';
import type { Draft, DraftAction, DraftDependency, DraftPhase, ImportNote } from './draft.js';

/** What one dependency statement asks for. */
export interface Constraint {
  readonly phases: Set<DraftPhase>;
  readonly actions: Set<DraftAction>;
  /** The statement said "None": no implicit order either. */
  readonly none: boolean;
  readonly line: number;
  readonly text: string;
}

const STOP = new Set('the a an of and or for to from by with in on der die das und von'.split(' '));

/** Resolves one statement; unresolved references are reported in `warnings`. */
export function resolveDependency(draft: Draft, self: DraftAction | undefined, dep: DraftDependency, warnings: ImportNote[]): Constraint {
  const constraint: Constraint = { phases: new Set(), actions: new Set(), none: false, line: dep.line, text: dep.text };
  let none = false;
  for (const ref of dep.refs) {
    if (ref.kind === 'none') {
      none = true;
      continue;
    }
    const found = resolveRef(draft, self, ref);
    if (found === undefined) warnings.push({ line: dep.line, message: `dependency "${ref.text}" names nothing found in the document; ignored` });
    else if ('found' in found) found.found.forEach((a) => constraint.actions.add(a));
    else constraint.phases.add(found);
  }
  return { ...constraint, none: none && constraint.phases.size === 0 && constraint.actions.size === 0 };
}

function resolveRef(draft: Draft, self: DraftAction | undefined, ref: DependencyRef): DraftPhase | { found: DraftAction[] } | undefined {
  if (ref.kind === 'phase') return phaseRef(draft, ref);
  const candidates = draft.phases.flatMap((p) => p.actions).filter((a) => a !== self);
  if (ref.kind === 'task') {
    const own = self?.phase.number;
    const found = candidates.find((a) => a.number === ref.ref) ?? candidates.find((a) => own !== undefined && a.phase.number === own && a.number === `${own}.${ref.ref}`);
    return found === undefined ? undefined : { found: [found] };
  }
  const byName = byWords(candidates, ref.ref, ref.owner);
  if (byName.length > 0) return { found: byName };
  const owned = candidates.filter((a) => a.owners.some((o) => normal(o) === normal(ref.ref)));
  return owned.length > 0 ? { found: owned } : undefined;
}

function phaseRef(draft: Draft, ref: DependencyRef): DraftPhase | { found: DraftAction[] } | undefined {
  const kind = /^(?:week|woche|semaine|semana)/iu.test(ref.label ?? '') ? 'week' : 'phase';
  const sub = /^(\d+)\.(\d+)$/u.exec(ref.ref);
  const phase = draft.phases.find((p) => p.key === `${kind} ${ref.ref}`) ?? findByAlias(draft, kind, ref.ref);
  if (phase !== undefined || sub === null) return phase;
  const parent = findByAlias(draft, kind, sub[1] ?? '');
  const action = parent?.actions.find((a) => a.number === ref.ref);
  return action === undefined ? undefined : { found: [action] };
}

function findByAlias(draft: Draft, kind: string, number: string): DraftPhase | undefined {
  return draft.phases.find((p) => p.key === `${kind} ${number}` || (p.number.split(/\s*(?:&|\+|,|and)\s*/u).includes(number) && p.key.startsWith(kind)));
}

/** Actions whose titles hold every significant word of the name (words compared by their first five letters). */
function byWords(actions: readonly DraftAction[], name: string, owner: string | undefined): DraftAction[] {
  const exact = actions.filter((a) => normal(a.title) === normal(name));
  if (exact.length > 0) return exact;
  const words = significant(name);
  if (words.length === 0) return [];
  const matches = actions.filter((a) => {
    const title = new Set(significant(a.title));
    return words.every((w) => title.has(w));
  });
  const owned = owner === undefined ? matches : matches.filter((a) => a.owners.some((o) => normal(o) === normal(owner)));
  return (owned.length > 0 ? owned : matches).slice(0, 1);
}

function significant(text: string): string[] {
  return normal(text).split(' ').filter((w) => w !== '' && !STOP.has(w)).map((w) => w.slice(0, 5));
}

function normal(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
