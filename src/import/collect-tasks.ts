/**
 * Work written as rows rather than headings: task tables ("| Task | Owner | Support | Priority | Duration |",
 * columns recognised by their names in a tolerant way) and todo lines ("5. [pending] Build Config Optimizer:
 * CARGO_TARGET_DIR isolation (Phase 2)", as AI planners write them, often inside a code block). Each row or
 * line is one action of the phase it names, or of the phase it is written in.
 */
import type { Collector, Scope } from './collect-context.js';
import { parseDependencyText } from './dependency-text.js';
import type { DraftAction, DraftPhase } from './draft.js';
import { parseDurationText } from './duration-text.js';
import { priorityOf, riskOf } from './field-words.js';
import { approveFor } from './collect-lists.js';
import type { TableBlock } from './outline-blocks.js';
import { findNamedAction } from './find-action.js';
import { isNumberColumn } from './task-label.js';

type Column = 'number' | 'start' | 'end' | 'task' | 'owner' | 'support' | 'priority' | 'duration' | 'dependencies' | 'phase' | 'risk' | 'parallel' | 'status';

const COLUMNS: readonly (readonly [Column, RegExp])[] = [
  ['dependencies', /d[eé]pend|prereq|after|needs|blocked|requires|abhängig|^après$|^nach$/iu],
  ['support', /support|review|helper|backup|secondary|assist|with/iu],
  ['owner', /owner|assignee|responsible|agent|role|who|^wer$|^qui$|^quién$|lead|^team$|^squad$|^dri$|verantwortlich|zuständig|responsable|propriétaire|equipo|équipe/iu],
  ['priority', /prio/iu],
  ['duration', /duration|estimate|effort|time|zeit|heure|hora|days|hours|points?|^pts$|^sp$|story points|dauer|aufwand|durée|duración/iu],
  ['parallel', /parallel/iu],
  ['risk', /risk|risiko|risque|riesgo/iu],
  ['status', /status|state|done|zustand/iu],
  ['phase', /^(?:phase|week|sprint|stage|milestone|woche)$/iu],
  ['task', /task|action|work|deliverable|activity|aufgabe|tâche|tarea|todo|step|item|name|title|what|package|component|service|module|repo|story|stories|ticket|issue|epic|paquete|paket|composant/iu],
];

/** Calendar columns: a plan's dates say when, not how long work takes on its own. */
const DATE_COLUMNS: readonly (readonly [Column, RegExp])[] = [
  ['start', /^(?:start|starts|from|begin|beginn|début|inicio|start date)$/iu],
  ['end', /^(?:end|ends|to|until|finish|due|ende|fin|end date|due date)$/iu],
];

/** Which column holds what, or undefined when the table is not a task table (no task column, nothing else known). */
function taskColumns(header: readonly string[]): Partial<Record<Column, number>> | undefined {
  const columns: Partial<Record<Column, number>> = {};
  header.forEach((cell, index) => {
    const kind = isNumberColumn(cell) ? 'number' : DATE_COLUMNS.find(([, pattern]) => pattern.test(cell.trim()))?.[0] ?? COLUMNS.find(([, pattern]) => pattern.test(cell.trim()))?.[0];
    if (kind !== undefined && columns[kind] === undefined) columns[kind] = index;
  });
  const known = ['owner', 'duration', 'priority', 'dependencies'].filter((k) => columns[k as Column] !== undefined);
  return columns.task === undefined || known.length === 0 ? undefined : columns;
}

/**
 * One action per row of a task table; returns the actions made. A row that names work described before (the
 * same task number, or the same title in the same phase) adds to that action instead. A table that only says
 * what depends on what ("| Workstream | Depends on |") holds dependency statements, resolved once the whole
 * document is read.
 */
export function tableTasks(c: Collector, table: TableBlock, where: DraftPhase | (() => DraftPhase), scope: Scope): DraftAction[] | undefined {
  const columns = taskColumns(table.header);
  if (columns === undefined) return undefined;
  const cell = (cells: readonly string[], column: Column): string => (columns[column] === undefined ? '' : (cells[columns[column]] ?? '').trim());
  if (isDependencyTable(columns)) {
    for (const row of table.rows) dependencyRow(c, table, row.line, (column) => cell(row.cells, column));
    return [];
  }
  const phase = typeof where === 'function' ? where() : where;
  const before = c.actions();
  const points = columns.duration !== undefined && /\b(?:points?|pts|sp|story)\b/iu.test(table.header[columns.duration] ?? '');
  if (columns.start !== undefined && columns.end !== undefined && columns.duration === undefined) {
    c.warn(table.line, `the table's start and end dates are not read as estimates (a calendar is not an effort); add a duration column or "Estimate:" lines`);
  }
  return table.rows.flatMap((row) => {
    const title = cell(row.cells, 'task');
    if (title === '') return [];
    const number = cell(row.cells, 'number').replace(/^#/u, '');
    // "Frontend-Agent / Backend-Agent": a spaced slash between names lists them (unlike "Go/No-Go").
    // A note in parentheses after the owner ("Network Engineer (DNS / CDN)") is not part of its name.
    const owners = cell(row.cells, 'owner')
      .split(/\s+\/\s+(?![^()]*\))/u)
      .map((name) => name.replace(/\s*\([^()]*\)\s*$/u, ''))
      .flatMap((name) => c.ownersIn(name) ?? ownerWords(name));
    const support = c.ownersIn(cell(row.cells, 'support')) ?? [];
    const rowPhase = c.phase(cell(row.cells, 'phase').toLowerCase()) ?? phase;
    const known = findNamedAction(before, /^\d+(?:\.\d+)*$/u.test(number) ? `Task ${number}: ${title}` : title, title, { phase: rowPhase });
    const why = `row of the task table at line ${table.line} (columns: ${table.header.join(', ')})`;
    if (known !== undefined) {
      known.lines.push(row.line);
      known.why.push(`also a ${why}`);
      c.addOwners(known, owners, row.line, `the row at line ${row.line}`);
      c.addSupport(known, support, row.line);
      rowFields(c, known, row.line, (column) => cell(row.cells, column), points);
      return [];
    }
    const action = c.addAction({ title, owners, phase: rowPhase, line: row.line, ...(/^\w+(?:\.\w+)*$/u.test(number) ? { number } : {}), ...spanOf(scope), why: [why] });
    c.addSupport(action, support, row.line);
    c.listed.add(action);
    rowFields(c, action, row.line, (column) => cell(row.cells, column), points);
    return [action];
  });
}

/** A table with a task column and a dependencies column but nothing else known: what depends on what. */
function isDependencyTable(columns: Partial<Record<Column, number>>): boolean {
  return columns.dependencies !== undefined && columns.owner === undefined && columns.duration === undefined && columns.priority === undefined && columns.support === undefined;
}

function dependencyRow(c: Collector, table: TableBlock, line: number, cell: (column: Column) => string): void {
  const subject = cell('number') !== '' && /^\d/u.test(cell('number')) ? `Task ${cell('number').replace(/^#/u, '')}` : cell('task');
  const text = cell('dependencies');
  if (subject === '' || text === '') return;
  c.statement(subject, { refs: parseDependencyText(text), line, text }, `row of the dependency table at line ${table.line}`);
}

/** A slot of the day, "09:15–12:00": its length, as a duration. */
function clockSpan(text: string): { seconds: number; text: string } | undefined {
  const m = /^(\d{1,2}):(\d{2})\s*[-–—]\s*(\d{1,2}):(\d{2})$/u.exec(text.trim());
  if (m === null) return undefined;
  const minutes = Number(m[3]) * 60 + Number(m[4]) - (Number(m[1]) * 60 + Number(m[2]));
  // "23:00–01:30" runs past midnight.
  const length = minutes > 0 ? minutes : minutes + 24 * 60;
  return length > 0 && length < 24 * 60 ? { seconds: length * 60, text: text.trim() } : undefined;
}

function ownerWords(text: string): string[] {
  return text === '' || /^(?:-|–|n\/a|tbd|none)$/iu.test(text) ? [] : [text];
}

function spanOf(scope: Scope): { span?: NonNullable<Scope['span']> } {
  return scope.span === undefined ? {} : { span: scope.span };
}

function rowFields(c: Collector, action: DraftAction, line: number, cell: (column: Column) => string, pointsColumn = false): void {
  // A bare number in a "Points"/"SP" column is that many points.
  const inPoints = /^\d+(?:[.,]\d+)?$/u.test(cell('duration')) && pointsColumn ? `${cell('duration')} pts` : cell('duration');
  const duration = parseDurationText(inPoints, c.durations) ?? clockSpan(inPoints);
  if (duration !== undefined) c.setEstimate(action, { value: duration.seconds, line, text: duration.text });
  else if (/\b(?:pts?|points?|sp|story points?)\b/iu.test(inPoints)) c.warn(line, `duration "${cell('duration')}" of "${action.title}" is in story points, and the document says nowhere how long a point is ("1 pt = 4h"); estimate left at the default`);
  else if (cell('duration') !== '') c.warn(line, `duration "${inPoints}" of "${action.title}" has no unit; estimate left at the default`);
  const priority = priorityOf(cell('priority'));
  if (priority !== undefined) action.priority = { value: priority, line, text: cell('priority') };
  const risk = riskOf(cell('risk'));
  if (risk !== undefined) action.risk = { value: risk, line, text: cell('risk') };
  // A dash in a dependency cell is an empty cell, not an explicit "None" that would undo the order of days.
  const deps = cell('dependencies');
  if (deps !== '' && !/^[-–—]$/u.test(deps)) action.dependencies.push({ refs: parseDependencyText(deps), line, text: deps });
  if (/^(?:no|false|sequential|nein)$/iu.test(cell('parallel'))) action.context.push(`Parallel: ${cell('parallel')}`);
  if (/^(?:done|complete|completed|✅|x|erledigt|fertig)$/iu.test(cell('status'))) action.steps.push({ text: `Status: ${cell('status')}`, line, done: true });
}

const TODO = /^\s*(?:\d+[.)]|[-*])\s*(?:\[(?<status>[^\]]*)\]\s*)?(?<head>[^:]{2,80}):\s*(?<task>.+?)\s*$/u;
const PHASE_NOTE = /\s*\((?<phase>(?:phase|week|sprint|stage|woche|semaine|semana|fase)\s*\d+(?:\.\d+)?)\)\s*$/iu;

/**
 * Todo lines of a code block or a list: "N. [status] Role: task (Phase N)". A block is read this way only when
 * at least two of its lines name an owner, so an ordinary numbered list of notes is left alone. Lines that name
 * no owner are approvals when they say so, else warnings. Returns false when the text holds no todo lines.
 */
export function todoLines(c: Collector, text: string, firstLine: number, scope: Scope): boolean {
  const lines = text.split('\n').map((raw, i) => ({ raw, line: firstLine + i, match: TODO.exec(raw)?.groups }));
  const owned = lines.filter((l) => l.match?.head !== undefined && c.ownersIn(l.match.head) !== undefined);
  if (owned.length < 2) return false;
  for (const { raw, line, match } of lines) {
    if (match?.head === undefined || match.task === undefined) {
      if (raw.trim() !== '') c.warn(line, `line not read as a todo: ${raw.trim()}`);
      continue;
    }
    const phaseRef = PHASE_NOTE.exec(match.task)?.groups?.phase;
    const named = (phaseRef === undefined ? undefined : c.phase(phaseRef.replace(/\s+/gu, ' '))) ?? scope.phase;
    const task = match.task.replace(PHASE_NOTE, '');
    const owners = c.ownersIn(match.head);
    if (owners === undefined) {
      if (/approv|sign-?off|go\s*\/\s*no/iu.test(`${match.head} ${task}`)) approveFor(c, named, `${match.head}: ${task}`, line);
      else c.warn(line, `todo "${match.head}: ${task}" names no owner; not imported as an action`);
      continue;
    }
    const done = /^(?:x|done|completed?|finished|erledigt)$/iu.test(match.status ?? '');
    const action = c.addAction({ title: task, owners, phase: named ?? c.mainPhase(line), line, why: [`todo line "${raw.trim()}"${phaseRef === undefined ? '' : ` (phase from "${phaseRef}")`}`] });
    action.steps.push({ text: task, line, ...(match.status === undefined ? {} : { done }) });
    if (match.status !== undefined) action.context.push(`Status in the document: ${match.status}`);
  }
  return true;
}
