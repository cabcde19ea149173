/**
 * What a parenthesised note at the end of a heading is. Documents put four different things there, and the
 * importer must not confuse them: owners ("Cache Warm-up (Build Engineer)", "(A + B)"), execution modes
 * ("(Parallel Execution)"), durations ("(2h)", "(3 Days)") and plain notes ("(optional)", "(156 KB)",
 * "(To Be Verified)"). Taking a note for an owner would invent an agent; taking an owner for a note would lose
 * who does the work, so an owner must look like one: each name ends in a role noun ("Engineer", "Agents"),
 * is a role noun followed by a short name ("Agent Alpha", "Track C"), is a role the document names elsewhere
 * (`knownRoles`), or is a short capitalised name among several ("A + B", "Alice & Bob").
 */
import { findDurationText, parseDurationText } from './duration-text.js';
import { findModeWords } from './mode-words.js';

/** What a parenthesised group holds. */
export type GroupKind = 'owner' | 'mode' | 'duration' | 'note';

/** A parenthesised group at the end of a title, as written (with its parentheses) and classified. */
export interface TitleGroup {
  readonly kind: GroupKind;
  /** The group as written, parentheses included: `(Build Engineer)`. */
  readonly text: string;
  /** The text between the parentheses, trimmed. */
  readonly inner: string;
  /** Where the group starts in the title. */
  readonly index: number;
}

/** Role nouns (English and German), matched as whole words, singular or plural. */
const ROLE_NOUNS = new Set(
  ('engineer architect specialist developer dev dba manager lead owner agent team analyst analyser analyzer designer ' +
    'tester reviewer optimizer optimiser validator benchmarker writer admin administrator ops devops qa sre pm po ' +
    'bot coordinator orchestrator expert consultant scientist researcher officer maintainer contributor operator ' +
    'auditor planner strategist programmer coder assistant track squad crew group guild workstream role human ' +
    'entwickler ingenieur architekt leiter leitung verantwortlicher prüfer gutachter ' +
    'desarrollador desarrolladora ingeniero ingeniera analista diseñador diseñadora arquitecto arquitecta equipo ' +
    'développeur développeuse ingénieur ingénieure architecte concepteur testeur équipe chef')
    .split(' '),
);

/** Role nouns that also end German compounds ("Entwicklerteam", "Projektleiter"). */
const ROLE_SUFFIXES = ['team', 'entwickler', 'leiter', 'ingenieur', 'architekt'];

/** Separators between several owners: `+`, `&`, `,`, and/und/et/y. Not `/`: "(Go/No-Go)" is a note. */
const OWNER_SEPARATOR = /\s*(?:[+&,]|\band\b|\bund\b|\bet\b|\by\b)\s*/iu;

/**
 * The parenthesised groups at the end of a title, last one last ("Cache (Build Engineer) (2h)" has two), each
 * classified. Text in parentheses in the middle of a title is not a group: it is part of the name.
 */
export function trailingGroups(title: string, knownRoles: readonly string[] = []): TitleGroup[] {
  const groups: TitleGroup[] = [];
  let rest = title.trimEnd();
  for (let match = /\(([^()]*)\)$/u.exec(rest); match !== null; match = /\(([^()]*)\)$/u.exec(rest)) {
    const inner = (match[1] ?? '').trim();
    groups.unshift({ kind: classifyGroup(inner, knownRoles), text: match[0], inner, index: match.index });
    rest = rest.slice(0, match.index).trimEnd();
  }
  return groups;
}

/** Classifies the text inside a pair of parentheses; see the module comment for why owners are strict. */
export function classifyGroup(inner: string, knownRoles: readonly string[] = []): GroupKind {
  if (findModeWords(inner).length > 0) return 'mode';
  if (parseDurationText(inner) !== undefined) return 'duration';
  if (splitOwners(inner, knownRoles) !== undefined) return 'owner';
  if (findDurationText(inner) !== undefined) return 'duration';
  return 'note';
}

/**
 * The owners named in a group's text, first (primary) first, or `undefined` when the text does not read as a
 * list of owners.
 */
export function splitOwners(inner: string, knownRoles: readonly string[] = []): string[] | undefined {
  const labelled = labelledOwners(inner);
  if (labelled !== undefined) return labelled;
  const names = inner.split(OWNER_SEPARATOR).map((name) => name.trim());
  // A name with a colon carries a label this reader does not know ("ETA: Friday"): not a list of owners.
  if (names.length === 0 || names.some((name) => name === '' || name.includes(':'))) return undefined;
  const known = new Set(knownRoles.map((role) => role.toLowerCase()));
  const several = names.length > 1;
  return names.every((name) => isOwnerName(name, known, several)) ? names : undefined;
}

/** Labels of the people who support or review the work, in English, German, French and Spanish. */
const SUPPORT_WORDS =
  'support|apoyo|soutien|unterstützung|with|con|avec|mit|' +
  'reviewers?|review(?:ed)?(?:\\s+(?:by|durch))?|revisora?|revisi[óo]n|revisado\\s+por|prüfer(?:in)?|' +
  'relecture|relecteur|relectrice|relu\\s+par|revue(?:\\s+par)?';
const OWNER_WORDS = 'owners?|lead|responsible|responsables?|verantwortlich|zuständig|dri|assignee|propriétaire';
/** "Label: names"; the space before the colon may be a no-break one, as French typography puts there. */
const OWNER_LABEL = new RegExp(`^(?<label>${OWNER_WORDS}|${SUPPORT_WORDS})\\s*:\\s*(?<names>.+)$`, 'iu');
const SUPPORT_LABEL = new RegExp(`^(?:${SUPPORT_WORDS})$`, 'iu');
/** Where one labelled clause ends: a semicolon, or a comma before a label of up to three words and its colon. */
const CLAUSE_BREAK = /\s*,\s*(?=(?:\p{L}+\s+){0,2}\p{L}+\s*:)|\s*;\s*/u;

/**
 * "Responsable: DevOps, apoyo: Backend Engineer", "Owner: Alice; Support: QA", "Responsable : Développeur
 * back-end ; relecture : Architecte sécurité": names the document labels as owners are owners whatever they look
 * like. Owners first, supporters and reviewers after; undefined when nothing is labelled or a clause has a label
 * that is not known.
 */
function labelledOwners(inner: string): string[] | undefined {
  const pieces = inner.split(CLAUSE_BREAK).map((piece) => OWNER_LABEL.exec(piece.trim())?.groups);
  if (pieces.length === 0 || pieces.some((p) => p === undefined)) return undefined;
  const owners: string[] = [];
  const support: string[] = [];
  let placeholder = false;
  for (const piece of pieces) {
    const all = (piece?.names ?? '').split(OWNER_SEPARATOR).map((n) => n.trim()).filter((n) => n !== '');
    if (all.some((n) => n.split(/\s+/u).length > 5)) return undefined;
    // "(Owner: TBD)", "(Lead: to be decided)": nobody is named yet.
    const names = all.filter((n) => !PLACEHOLDER.test(n));
    placeholder ||= names.length < all.length;
    (SUPPORT_LABEL.test(piece?.label ?? '') ? support : owners).push(...names);
  }
  if (owners.length === 0) return placeholder ? [] : undefined;
  return [...owners, ...support];
}

const PLACEHOLDER = /^(?:tbd|tba|tbc|n\/a|none|nobody|unassigned|open|\?+|-|–|—|to be (?:decided|determined|confirmed|assigned)|à définir|por definir|offen)$/iu;

function isOwnerName(name: string, known: ReadonlySet<string>, several: boolean): boolean {
  if (known.has(name.toLowerCase())) return true;
  const words = name.split(/\s+/u);
  if (words.length > 5 || !words.every((word) => /^[\p{Lu}\p{Lt}]/u.test(word) || /^(?:of|de|der|du)$/u.test(word))) {
    return false;
  }
  const last = words.at(-1) ?? '';
  const first = words[0] ?? '';
  if (isRoleNoun(last)) return true;
  if (words.length === 2 && isRoleNoun(first) && isShortName(last)) return true;
  return several && words.length <= 2 && !/\d/u.test(name);
}

function isRoleNoun(word: string): boolean {
  const lower = word.toLowerCase();
  const singular = lower.replace(/(?:s|en|n|innen|in)$/u, '');
  if (ROLE_NOUNS.has(lower) || ROLE_NOUNS.has(singular)) return true;
  return lower.length > 6 && ROLE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** A name that can follow a role noun: a letter or number ("Track C", "Agent 2") or a Greek letter ("Agent Alpha"). */
function isShortName(word: string): boolean {
  return /^(?:\p{Lu}|\d+|alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|sigma|omega)$/iu.test(word);
}
