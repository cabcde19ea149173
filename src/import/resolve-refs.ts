/**
 * Dependency references (dependency-text.ts) resolved against what the document holds: "Phase 1 completion"
 * is a phase, "Phase 3.1" a workstream of phase 3, "Task 2" a numbered action, "Job orchestration from
 * DevOps Engineer" the action whose title holds those words (owned by that role when one is named). What
 * cannot be found is reported, never guessed at random.
 */
import { parseDependencyText } from './dependency-text.js';
import { findDurationText } from './duration-text.js';
import type { DependencyRef } from './dependency-text.js';
import { normalTitle } from './find-action.js';
import type { Draft, DraftAction, DraftDependency, DraftPhase, ImportNote } from './draft.js';

/** What one dependency statement asks for. */
export interface Constraint {
  readonly phases: Set<DraftPhase>;
  readonly actions: Set<DraftAction>;
  /** The statement said "None": no implicit order either. */
  readonly none: boolean;
  /** It names one path only (a critical-path chain): the work may need more. */
  readonly partial: boolean;
  readonly line: number;
  readonly text: string;
}

const STOP = new Set('the a an of and or for to from by with in on der die das und von'.split(' '));

/** Resolves one statement; unresolved references are reported in `warnings`. */
export function resolveDependency(draft: Draft, self: DraftAction | undefined, dep: DraftDependency, warnings: ImportNote[]): Constraint {
  const constraint: Constraint = { phases: new Set(), actions: new Set(), none: false, partial: dep.partial === true, line: dep.line, text: dep.text };
  let none = false;
  for (const ref of dep.refs) {
    if (ref.kind === 'none') {
      none = true;
      continue;
    }
    const found = resolveRef(draft, self, ref);
    if (found === undefined && ref.kind === 'workstream' && findDurationText(ref.ref) !== undefined) {
      warnings.push({ line: dep.line, message: `dependency "${ref.text}" is a wait, which a plan cannot express; ignored (start the work by hand when it is over)` });
    } else if (found === undefined && self !== undefined && resolvesToSelf(draft, self, ref)) {
      warnings.push({ line: dep.line, message: `"${self.title}" depends on itself ("${ref.text}"); ignored` });
    } else if (found === undefined && ref.kind === 'task' && taskNumbered(draft.phases.flatMap((p) => p.actions).filter((a) => a !== self), self, ref.ref).length > 1) {
      const lines = taskNumbered(draft.phases.flatMap((p) => p.actions).filter((a) => a !== self), self, ref.ref).map((a) => a.lines[0] ?? 0);
      warnings.push({ line: dep.line, message: `dependency "${ref.text}" could be any of the work numbered ${ref.ref} (lines ${lines.join(', ')}); ignored` });
    } else if (found === undefined) warnings.push({ line: dep.line, message: `dependency "${ref.text}" names nothing found in the document; ignored` });
    else if ('found' in found) found.found.forEach((a) => constraint.actions.add(a));
    else constraint.phases.add(found);
  }
  return { ...constraint, none: none && constraint.phases.size === 0 && constraint.actions.size === 0 };
}

/**
 * What a dependency statement written apart is about (draft.ts `DependencyStatement`): the actions or the phase
 * its subject names, or undefined when it names nothing found.
 */
export function resolveSubject(draft: Draft, subject: string): DraftPhase | { found: DraftAction[] } | undefined {
  const ref = parseDependencyText(subject).find((r) => r.kind !== 'none');
  const found = ref === undefined ? undefined : resolveRef(draft, undefined, ref);
  if (found !== undefined || !subject.includes('/')) return found;
  // "Benchmarker/Architect/Analyzer (parallel)": each of several, when each names something.
  const pieces = subject.replace(/\([^()]*\)/gu, '').split('/').map((piece) => resolveSubject(draft, piece.trim()));
  if (pieces.some((p) => p === undefined || !('found' in p))) return undefined;
  return { found: pieces.flatMap((p) => (p !== undefined && 'found' in p ? p.found : [])) };
}

/** Actions numbered so, those of the asking action's phase first: tables often restart at 1 in each phase. */
function taskNumbered(candidates: readonly DraftAction[], self: DraftAction | undefined, number: string): DraftAction[] {
  const all = candidates.filter((a) => a.number === number);
  const near = all.filter((a) => a.phase === self?.phase);
  return near.length > 0 ? near : all;
}

function resolvesToSelf(draft: Draft, self: DraftAction, ref: DependencyRef): boolean {
  const found = resolveRef(draft, undefined, ref);
  return found !== undefined && 'found' in found && found.found.length === 1 && found.found[0] === self;
}

function resolveRef(draft: Draft, self: DraftAction | undefined, ref: DependencyRef): DraftPhase | { found: DraftAction[] } | undefined {
  if (ref.kind === 'phase') return phaseRef(draft, ref);
  const candidates = draft.phases.flatMap((p) => p.actions).filter((a) => a !== self);
  // "A1", or a diagram's "1.2 Freeze flags": the number an action was given.
  // A bare leading number ("2 semanas sin incidencias") is a count, not an action's number.
  const lead = (/^[A-Za-z]{1,3}-?\d+(?:\.\d+)*(?![\p{L}\d])|^\d+(?:\.\d+)+(?![\p{L}\d])|^\d+$/u.exec(ref.ref.trim())?.[0] ?? undefined)?.toLowerCase();
  const numbered = lead === undefined ? [] : candidates.filter((a) => a.number !== undefined && a.number.toLowerCase() === lead);
  if (ref.kind === 'workstream' && numbered.length === 1) return { found: numbered };
  if (ref.kind === 'task') {
    const own = self?.phase.number;
    const numbered = taskNumbered(candidates, self, ref.ref);
    const found = numbered.length === 1 ? numbered[0] : candidates.find((a) => own !== undefined && a.phase.number === own && a.number === `${own}.${ref.ref}`);
    return found === undefined || numbered.length > 1 ? undefined : { found: [found] };
  }
  const byName = byWords(candidates, ref.ref, ref.owner, self?.phase);
  if (byName.length > 0) return { found: byName };
  const owned = ownedBy(candidates, ref.ref);
  const samePhase = owned.filter((a) => a.phase === self?.phase);
  return owned.length > 0 ? { found: samePhase.length > 0 ? samePhase : owned } : undefined;
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
function byWords(actions: readonly DraftAction[], name: string, owner: string | undefined, near: DraftPhase | undefined): DraftAction[] {
  const exact = actions.filter((a) => normal(a.title) === normal(name));
  if (exact.length > 0) return exact;
  const words = significant(name);
  if (words.length === 0) return [];
  const matches = actions.filter((a) => {
    const title = new Set(significant(a.title));
    return words.every((w) => title.has(w));
  });
  const owned = owner === undefined ? matches : matches.filter((a) => a.owners.some((o) => normal(o) === normal(owner)));
  const best = owned.length > 0 ? owned : matches;
  // Several match ("Service Developer: Foundations" and "…: Production rollout"): the one in the asking phase.
  const chosen = best.find((a) => a.phase === near) ?? best[0];
  return chosen === undefined ? [] : [chosen];
}

function significant(text: string): string[] {
  return normal(text).split(' ').filter((w) => w !== '' && !STOP.has(w)).map((w) => w.slice(0, 5));
}

const normal = normalTitle;

/**
 * Actions owned by the role a reference names: "DevOps Engineer" exactly, or, when one role only ends so,
 * its last word(s) ("Architect" for "System Architect"), as documents shorten roles once introduced.
 */
function ownedBy(actions: readonly DraftAction[], name: string): DraftAction[] {
  const wanted = normal(name);
  const exact = actions.filter((a) => a.owners.some((o) => normal(o) === wanted));
  if (exact.length > 0 || wanted === '') return exact;
  const roles = new Set(actions.flatMap((a) => a.owners.map(normal)).filter((o) => o.endsWith(` ${wanted}`)));
  if (roles.size !== 1) return [];
  return actions.filter((a) => a.owners.some((o) => roles.has(normal(o))));
}
