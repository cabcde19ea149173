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
  /** Leading numbering as written: `3.2`, `1.`, `A)`. */
  readonly numbering?: string;
  /** Leading emoji and symbols as written: `🚀`. */
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

const LEADING_EMOJI = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|\p{So}|\uFE0F|\u200D|\u20E3)+\s*/u;
const LEADING_NUMBER = /^(?:\d+(?:\.\d+)+\.?|\d+[.)]|[A-Za-z][.)]|\([A-Za-z\d]\)|[IVX]{1,4}\.)(?=\s)\s*/u;

/** Separates leading emoji and numbering ("🚀 1. ", "3.2 ", "A) ") from the words of a title. */
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
    const number = numbering === undefined ? LEADING_NUMBER.exec(rest) : null;
    if (number !== null) {
      numbering = number[0].trim();
      rest = rest.slice(number[0].length);
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
