/**
 * Recognisers over a heading's title: is it a phase ("Phase 1: Foundation (Parallel Execution)", "Week 1: …",
 * "Day 1-2: …", "Stage 3", "Woche 1"), and does it name an owner ("3.2 Cache Warm-up (Build Engineer)")? Each
 * returns data or `undefined`, with the words it matched so that `baton import --explain` can say why.
 *
 * Languages: English, German, French and Spanish label words (Phase/Phase/Phase/Fase, Stage/Stufe/Étape/Etapa,
 * Week/Woche/Semaine/Semana, Day/Tag/Jour/Día, Sprint, Milestone/Meilenstein/Jalon/Hito) and mode words (see
 * mode-words.ts). The two recognisers compose: a phase's `name` keeps an owner group, so `ownerOf(phase.name)`
 * reads "Day 5-6: Job Orchestration (DevOps Engineer)".
 */
import type { DurationText } from './duration-text.js';
import { findDurationText } from './duration-text.js';
import { findModeWords, modeOf } from './mode-words.js';
import type { PhaseMode } from './mode-words.js';
import { splitOwners, trailingGroups } from './parenthetical.js';
import type { TitleGroup } from './parenthetical.js';

/** What the leading label of a phase-like heading calls the period. */
export type PhaseKind = 'phase' | 'stage' | 'sprint' | 'milestone' | 'week' | 'day';

/** A title without its leading emoji and numbering, which are reported rather than lost. */
export interface TitleLead {
  readonly rest: string;
  /** Leading numbering as written: `3.2`, `1.`, `A)`, `3`. */
  readonly numbering?: string;
  /** Leading emoji and symbols as written: `🚀`; U+FFFD for one an earlier lossy copy lost. */
  readonly emoji?: string;
}

/** One label of a phase heading: "Week 1", "Phase 1". */
export interface PhaseLabel {
  readonly kind: PhaseKind;
  /** The number as written: `1`, `2.1`, `1-2`, `4 & 5`, `II`. */
  readonly number: string;
  readonly text: string;
}

/** A heading read as a phase. */
export interface PhaseHeading extends Omit<TitleLead, 'rest'> {
  /** The primary label's kind: a phase or stage when the title names one, else its first label. */
  readonly kind: PhaseKind;
  readonly number: string;
  /** The title without labels, mode and duration groups: "Quick Wins". An owner group stays. */
  readonly name: string;
  readonly mode?: PhaseMode;
  readonly duration?: DurationText;
  /** Every label, in order: "Week 1: Phase 1 - …" has two. */
  readonly labels: readonly PhaseLabel[];
  /** The words that made this a phase, as written. */
  readonly matched: readonly string[];
}

/** A heading that names its owners in parentheses. */
export interface OwnerHeading extends Omit<TitleLead, 'rest'> {
  /** The title without numbering, emoji and the owner group: "Cache Warm-up". */
  readonly name: string;
  /** The owners, the primary first; the others support or review. */
  readonly owners: readonly string[];
  /** The owner group as written: `(Build Engineer)`. */
  readonly matched: readonly string[];
}

const LABEL_WORDS: readonly (readonly [PhaseKind, string])[] = [
  ['phase', 'phases?|phasen|fases?'],
  ['stage', 'stages?|stufen?|etappen?|étapes?|etapas?'],
  ['sprint', 'sprints?'],
  ['milestone', 'milestones?|meilensteine?|jalons?|hitos?'],
  ['week', 'weeks?|wochen?|semaines?|semanas?'],
  ['day', 'days?|tage?|jours?|d[ií]as?'],
];

const NUMBER_WORDS = 'one|two|three|four|five|six|seven|eight|nine|ten|eins|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn';
const NUMBER = String.raw`\d+(?:\.\d+)*(?:\s*(?:-|–|—|&|\+|,|and|und|to|bis)\s*\d+(?:\.\d+)*)*|[IVX]{1,4}|[A-Z]|${NUMBER_WORDS}`;
const LABEL = new RegExp(
  `^(?:${LABEL_WORDS.map(([kind, words]) => `(?<${kind}>${words})`).join('|')})\\s+(?<number>${NUMBER})(?![\\p{L}\\d])\\s*(?:[:.|\\-–—]\\s*)?`,
  'iu',
);

/** Leading emoji and symbols; U+FFFD stands for an emoji an earlier lossy copy lost (see mojibake.ts). */
const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\p{So}|\uFE0F|\u200D|\u20E3|\uFFFD)+\s*/u;
const LEADING_NUMBER = /^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[A-Za-z][.)]|\([A-Za-z\d]\)|[IVX]{1,4}\.)(?=\s)\s*/u;

/** A bare number of one or two digits before a space ("3 🧪 Test Hardening Loop"); a year ("2026 Roadmap") is none. */
const BARE_NUMBER = /^\d{1,2}\s+/u;
const SYMBOL_AFTER = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{So}|\uFFFD)/u;
const WORD_AFTER = /^\p{L}[\p{L}\p{M}]*(?![\p{L}\p{M}\d])/u;

/**
 * Words after a bare number that make it a quantity rather than numbering ("3 Days of Testing", "2 Weeks",
 * "10 Dienste", "1 out of 3"): units of time, size and rate in English, German, French and Spanish, multipliers,
 * common German count nouns (whose plural has no -s), and words that join numbers. Any English plural ("4 Agents",
 * "10 Services") is a count too; see {@link isCountWord}.
 */
const QUANTITY_WORDS = new RegExp(
  `^(?:${[
    'ms|µs|ns|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|quarters?|q',
    'sprints?|iterations?|rounds?|times|x|k|m|b|kb|mb|gb|tb|kib|mib|gib|rps|qps|rpm|px|pt|percent|pct|people|persons?',
    'sekunden?|minuten?|std|stunden?|tage?n?|wochen?|monate?n?|jahre?n?|mal|prozent|stück',
    'personen|leute|agenten|dienste|entwickler(?:innen)?|aufgaben|schritte|dateien|nutzer(?:innen)?|mitarbeiter(?:innen)?',
    'jours?|semaines?|mois|ans?|années?|heures?|fois|d[ií]as?|semanas?|mes(?:es)?|años?|horas?|veces|vez|personas?',
    'of|to|and|or|per|by|vs|out|von|bis|und|oder|pro|je|de|et|à|a|y|o|por|sur',
  ].join('|')})$`,
  'iu',
);

/** A unit, count or joining word after a bare number, or an English plural other than "-ss", "-us", "-is". */
function isCountWord(word: string): boolean {
  return QUANTITY_WORDS.test(word) || (/s$/iu.test(word) && !/(?:ss|us|is)$/iu.test(word));
}

/**
 * Leading numbering: "3.2", "1.", "A)", or a bare number when what follows is an emoji or symbol or a word that
 * is not a unit or count ("3 Test Hardening Loop", but not "3 Days of Testing", "4 Agents", "3x faster").
 */
function leadingNumber(text: string): string | undefined {
  const numbered = LEADING_NUMBER.exec(text)?.[0];
  if (numbered !== undefined) return numbered;
  const bare = BARE_NUMBER.exec(text)?.[0];
  if (bare === undefined) return undefined;
  const after = text.slice(bare.length);
  if (SYMBOL_AFTER.test(after)) return bare;
  const word = WORD_AFTER.exec(after)?.[0];
  return word === undefined || isCountWord(word) ? undefined : bare;
}

/** Separates leading emoji and numbering ("🚀 1. ", "3.2 ", "A) ", "3 🧪 ") from the words of a title. */
export function stripLead(title: string): TitleLead {
  let rest = title.trim();
  let emoji = '';
  let numbering: string | undefined;
  for (let changed = true; changed; ) {
    changed = false;
    const symbol = LEADING_EMOJI.exec(rest);
    if (symbol !== null) {
      emoji += symbol[0].trim();
      rest = rest.slice(symbol[0].length);
      changed = true;
    }
    const number = numbering === undefined ? leadingNumber(rest) : undefined;
    if (number !== undefined) {
      numbering = number.trim();
      rest = rest.slice(number.length);
      changed = true;
    }
  }
  return { rest, ...(numbering === undefined ? {} : { numbering }), ...(emoji === '' ? {} : { emoji }) };
}

/** Reads a title as a phase-like heading: one or more labels ("Week 1: Phase 1 - …"), a name, a mode, a duration. */
export function phaseHeading(title: string): PhaseHeading | undefined {
  const { rest: afterLead, ...lead } = stripLead(title);
  const labels: PhaseLabel[] = [];
  let rest = afterLead;
  for (let label = readLabel(rest); label !== undefined; label = readLabel(rest)) {
    labels.push(label.label);
    rest = rest.slice(label.length);
  }
  const primary = labels.find((l) => l.kind === 'phase' || l.kind === 'stage') ?? labels[0];
  if (primary === undefined) return undefined;
  const groups = trailingGroups(rest);
  const modeGroups = groups.filter((g) => g.kind === 'mode');
  const durationGroup = groups.find((g) => g.kind === 'duration');
  const name = withoutGroups(rest, [...modeGroups, ...(durationGroup === undefined ? [] : [durationGroup])]);
  const modeWords = findModeWords(modeGroups.length > 0 ? modeGroups.map((g) => g.inner).join(' ') : name);
  const mode = modeOf(modeWords);
  const duration = durationGroup === undefined ? undefined : durationIn(durationGroup.inner);
  const matched = [
    ...labels.map((l) => l.text),
    ...(modeGroups.length > 0 ? modeGroups.map((g) => g.text) : modeWords.map((w) => w.word)),
    ...(durationGroup === undefined ? [] : [durationGroup.text]),
  ];
  return {
    ...lead,
    kind: primary.kind,
    number: primary.number,
    name,
    ...(mode === undefined ? {} : { mode }),
    ...(duration === undefined ? {} : { duration }),
    labels,
    matched,
  };
}

/**
 * Reads the owners a title names in its last parenthesised owner group: "3.2 Cache Warm-up (Build Engineer)",
 * "Cache (A + B)", "(A & B)", "(A, B)". Modes, durations and notes in parentheses are not owners (see
 * parenthetical.ts); `knownRoles` (roles the document defines elsewhere) are accepted as owners whatever they
 * look like.
 */
export function ownerOf(title: string, knownRoles: readonly string[] = []): OwnerHeading | undefined {
  const { rest, ...lead } = stripLead(title);
  const group = trailingGroups(rest, knownRoles).findLast((g) => g.kind === 'owner');
  if (group === undefined) return undefined;
  const owners = splitOwners(group.inner, knownRoles);
  if (owners === undefined) return undefined;
  return { ...lead, name: withoutGroups(rest, [group]), owners, matched: [group.text] };
}

function readLabel(text: string): { label: PhaseLabel; length: number } | undefined {
  const match = LABEL.exec(text);
  if (match === null) return undefined;
  const groups = match.groups ?? {};
  const kind = LABEL_WORDS.find(([k]) => groups[k] !== undefined)?.[0];
  const number = groups.number;
  if (kind === undefined || number === undefined) return undefined;
  const word = groups[kind] ?? '';
  return { label: { kind, number, text: `${word} ${number}` }, length: match[0].length };
}

/** The title with some of its trailing groups cut out, and the separators left dangling at its end trimmed. */
function withoutGroups(text: string, groups: readonly TitleGroup[]): string {
  let out = text;
  for (const group of [...groups].sort((a, b) => b.index - a.index)) {
    out = out.slice(0, group.index) + out.slice(group.index + group.text.length);
  }
  return out.replace(/\s+/gu, ' ').replace(/[\s:–—-]+$/u, '').trim();
}

function durationIn(text: string): DurationText | undefined {
  const found = findDurationText(text);
  if (found === undefined) return undefined;
  const { index: _index, ...duration } = found;
  return duration;
}
