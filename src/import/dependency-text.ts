/**
 * Dependency phrases as documents write them after `**Dependencies**:` — "Phase 1 completion", "Phase 2.1
 * complete", "Cache Warm-up partially", "Task 3 (needs the cache)", "Tasks 1-3", "None (can start
 * immediately)", "Agent 2 (Performance Benchmarker) output", "Job orchestration from DevOps Engineer" — read
 * into references the importer can resolve against the phases and workstreams it found. Resolving is not done
 * here: a reference names what the text names, as written.
 *
 * Lists are split at commas and semicolons, and at "and"/"&"/"+" only where what follows starts a new
 * reference (a keyword, a number, "None"): "Benchmark & Coverage Optimization" is one workstream's name.
 *
 * The words are English, German, French and Spanish: "None" is also "Keine", "rien", "aucune", "ninguna", and
 * lead-ins before a reference ("after", "nach Abschluss von", "fin de la", "après l'", "después de la") are
 * dropped, with the article that follows them.
 */
import { splitOwners } from './parenthetical.js';

/** What a dependency refers to. `none` is an explicit "None", which overrides the order implied by phases. */
export type DependencyKind = 'phase' | 'task' | 'workstream' | 'none';

/** One reference read from a dependency phrase. */
export interface DependencyRef {
  readonly kind: DependencyKind;
  /** A phase's or task's number as written (`1`, `2.1`), a workstream's name (`Cache Warm-up`, `Agent 2`), or `none`. */
  readonly ref: string;
  /** The word that introduced a number, as written: `Phase`, `Week`, `Task`, `Step`. */
  readonly label?: string;
  /** "partially", "partly", "teilweise": the dependent may start on partial results. */
  readonly partial?: true;
  /** The reason given: "needs the cache", "can start immediately". */
  readonly why?: string;
  /** Who produces it, when named: "(Performance Benchmarker)", "from DevOps Engineer". */
  readonly owner?: string;
  /** The piece of text this reference was read from. */
  readonly text: string;
}

const PHASE_WORDS = /^(?:phases?|phasen|stages?|stufen?|sprints?|weeks?|wochen?|milestones?|meilensteine?|fases?|étapes?)$/iu;
const TASK_WORDS = /^(?:tasks?|steps?|items?|todos?|aufgaben?|schritte?|tâches?|tareas?|pasos?|#)$/iu;
const STREAM_WORDS = /^(?:agents?|tracks?|workstreams?|streams?|teams?)$/iu;
const KEYED = /^(?<word>[\p{L}]+|#)\s*(?<number>\d+(?:\.\d+)*(?:\s*(?:-|–|to|bis)\s*\d+(?:\.\d+)*)?|[A-Z])(?![\p{L}\d])(?<rest>.*)$/u;
const NONE =
  /^(?:none|nothing|n\/a|no dependenc(?:y|ies)|keine?(?: abhängigkeiten)?|nichts|aucune?(?: dépendances?)?|rien|néant|ningun[oa]?|ninguna|nada|sin dependencias|[-–—])(?![\p{L}])(?<rest>.*)$/iu;
/** Words before a reference that add nothing to it, in English, German, French and Spanish. */
const LEAD_WORDS = [
  'depends on|dependent on|requires|required|needs|after|blocked by|waits? for|following|(?:completion|end) of',
  'abhängig von|(?:abschluss|fertigstellung|ende) (?:von|der|des)|nach|benötigt',
  'dépend(?:ant)? d[eu]|nécessite|requiert|après|suite à|(?:à la )?fin d(?:e|u|es)|une fois (?:terminée?s?|achevée?s?)',
  'depende de|requiere|después de|tras|al (?:finalizar|terminar|completar)|(?:al )?final de|fin de|finalización de',
].join('|');
/** Lead-in words, one or more ("nach Abschluss von"), and an article after them ("fin de la", "después de la", "après l'"). */
const LEAD_IN = new RegExp(`^(?:(?:${LEAD_WORDS})\\s+)+(?:(?:the|der|die|das|dem|des|la|le|les|el|los|las)\\s+|l['’]\\s*)?`, 'iu');
const STATUS = new Set(
  'complete completed completion done finished output outputs result results deliverable deliverables or and fully abgeschlossen fertig erledigt ergebnis ergebnisse'.split(' '),
);
const PARTIAL = /^(?:partial|partially|partly|teilweise|partiellement|parcialmente)$/iu;
const SEPARATOR = /\s*[,;]\s*|\s+(?:and|und|et|y)\s+|\s*[&+]\s*/iuy;
const MAX_RANGE = 100;

/** Reads a dependency phrase into references, in the order written. Text that names nothing gives `[]`. */
export function parseDependencyText(text: string): DependencyRef[] {
  const refs: DependencyRef[] = [];
  let previous: DependencyRef | undefined;
  for (const piece of splitPieces(text.trim().replace(/\.$/u, ''))) {
    const body = piece.text.replace(LEAD_IN, '');
    if (body === '') continue;
    // "Tasks 1, 2 and 3": a bare number takes the word before it; "Tarea 8 + 2 semanas sin incidencias" is no task 2.
    const inherited = previous !== undefined && /^\d+(?:\.\d+)*(?:\s*(?:-|–|to|bis)\s*\d+)?\s*(?:\(|$)/u.test(body) && previous.kind !== 'workstream' && previous.kind !== 'none';
    if (piece.soft && previous?.kind === 'workstream' && !startsReference(body) && refs.at(-1) === previous) {
      refs.pop();
      previous = readWorkstream(`${previous.text}${piece.separator}${body}`);
      refs.push(previous);
      continue;
    }
    const read = inherited ? readKeyed(`${previous?.label ?? ''} ${body}`).map((ref) => ({ ...ref, text: body })) : readPiece(body);
    refs.push(...read);
    previous = read.at(-1) ?? previous;
  }
  return refs;
}

interface Piece {
  readonly text: string;
  /** Separated from the previous piece by and/&/+ rather than a comma or semicolon. */
  readonly soft: boolean;
  readonly separator: string;
}

/** Splits at top-level separators (not inside parentheses). */
function splitPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let depth = 0;
  let start = 0;
  let separator = '';
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    SEPARATOR.lastIndex = i;
    const match = depth === 0 ? SEPARATOR.exec(text) : null;
    if (match === null || i === start) continue;
    pieces.push({ text: text.slice(start, i).trim(), soft: !/[,;]/u.test(separator), separator });
    separator = match[0];
    start = i + match[0].length;
    i = start - 1;
  }
  pieces.push({ text: text.slice(start).trim(), soft: !/[,;]/u.test(separator), separator });
  return pieces.filter((p) => p.text !== '').map((p, i) => (i === 0 ? { ...p, soft: false } : p));
}

function startsReference(body: string): boolean {
  if (NONE.test(body) || /^\d/u.test(body)) return true;
  const word = KEYED.exec(body)?.groups?.word ?? '';
  return PHASE_WORDS.test(word) || TASK_WORDS.test(word) || STREAM_WORDS.test(word);
}

function readPiece(body: string): DependencyRef[] {
  const none = NONE.exec(body);
  if (none !== null) return [{ kind: 'none', ref: 'none', ...notes(none.groups?.rest ?? ''), text: body }];
  const keyed = readKeyed(body);
  return keyed.length > 0 ? keyed : [readWorkstream(body)];
}

/** "Phase 1 completion", "Tasks 1-3", "Agent 2 (Performance Benchmarker) output"; `[]` when not keyed. */
function readKeyed(body: string): DependencyRef[] {
  const groups = KEYED.exec(body)?.groups;
  const word = groups?.word ?? '';
  const number = groups?.number ?? '';
  const kind = PHASE_WORDS.test(word) ? 'phase' : TASK_WORDS.test(word) ? 'task' : STREAM_WORDS.test(word) ? 'workstream' : undefined;
  if (kind === undefined || number === '') return [];
  const extra = notes(groups?.rest ?? '');
  if (kind === 'workstream') return [{ kind, ref: `${word} ${number}`, ...extra, text: body }];
  return expandRange(number).map((ref) => ({ kind, ref, label: word, ...extra, text: body }));
}

/** "1-3" → 1, 2, 3; a range of dotted numbers ("2.1-2.3") or a huge one stays as written. */
function expandRange(number: string): string[] {
  const range = /^(\d+)\s*(?:-|–|to|bis)\s*(\d+)$/u.exec(number);
  if (range === null) return [number.replace(/\s+/gu, '')];
  const from = Number(range[1]);
  const to = Number(range[2]);
  if (to < from || to - from >= MAX_RANGE) return [number];
  return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
}

/** A named workstream: "Cache Warm-up partially", "Job orchestration from DevOps Engineer", "Matrix optimization complete". */
function readWorkstream(body: string): DependencyRef {
  const { text, group } = withoutGroup(body);
  const from = /^(?<name>.+?)\s+(?:from|by|von)\s+(?<owner>.+)$/u.exec(text)?.groups;
  const name = trimStatus(from?.name ?? text);
  const extra = group === undefined ? {} : notes(`(${group})`);
  const owner = from?.owner ?? extra.owner;
  return {
    kind: 'workstream',
    ref: name.name,
    ...(name.partial || extra.partial === true ? { partial: true as const } : {}),
    ...(extra.why === undefined ? {} : { why: extra.why }),
    ...(owner === undefined ? {} : { owner }),
    text: body,
  };
}

/** Reads what follows a reference: a parenthesised reason or owner, "partially", status words, other words as the reason. */
function notes(rest: string): Pick<DependencyRef, 'partial' | 'why' | 'owner'> {
  const { text, group } = withoutGroup(rest);
  const words = text.split(/\s+/u).filter((w) => w !== '' && !/^[-–—:]$/u.test(w));
  const partial = words.some((w) => PARTIAL.test(w));
  const other = words.filter((w) => !PARTIAL.test(w) && !STATUS.has(w.toLowerCase()));
  const owner = group === undefined ? undefined : splitOwners(group)?.join(' + ');
  const why = owner === undefined && group !== undefined ? group : other.length > 0 ? other.join(' ') : undefined;
  return {
    ...(partial ? { partial: true as const } : {}),
    ...(why === undefined ? {} : { why }),
    ...(owner === undefined ? {} : { owner }),
  };
}

/** The text without its first parenthesised group, and that group's inner text. */
function withoutGroup(text: string): { text: string; group?: string } {
  const match = /\(([^()]*)\)/u.exec(text);
  if (match === null) return { text: text.trim() };
  return { text: (text.slice(0, match.index) + text.slice(match.index + match[0].length)).replace(/\s+/gu, ' ').trim(), group: (match[1] ?? '').trim() };
}

/** Strips status words from the end of a name ("… complete", "… partially"), noting a partial one. */
function trimStatus(text: string): { name: string; partial: boolean } {
  const words = text.trim().split(/\s+/u);
  let partial = false;
  while (words.length > 1) {
    const last = words.at(-1) ?? '';
    if (PARTIAL.test(last)) partial = true;
    else if (!STATUS.has(last.toLowerCase())) break;
    words.pop();
  }
  return { name: words.join(' '), partial };
}
