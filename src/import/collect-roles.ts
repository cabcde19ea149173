/**
 * Roles a document introduces before any work: a roles table ("| Role | Runs as | Focus |", "| Rol |
 * Responsabilidades |") or a list of roles ("- **Platform** — Nx workspace, CI"). Each becomes an agent with
 * its description; a "Runs as" column that names a CLI baton drives chooses the agent's adapter. A role the
 * document calls a person ("a human", "not an agent", "es una persona") approves rather than works, so it is
 * not an agent.
 */
import type { AdapterName } from '../plan/model.js';
import type { Collector } from './collect-context.js';
import type { ListBlock, TableBlock } from './outline-blocks.js';

const ROLE_HEADER = /^(?:roles?|rol(?:es|le|len)?|rôles?|agents?|agentes?|who|wer|qui|quién|teams?|equipos?|équipes?|persona|people)$/iu;
const ADAPTER_HEADER = /^(?:runs as|runs on|run as|adapter|tool|cli|use|runtime|engine|model|ejecuta(?: como)?|läuft (?:als|mit)|outil)$/iu;
const HUMAN = /\b(?:a human|human|not an agent|not a bot|kein agent|keine? ki|es una persona|una persona|no (?:es )?un agente|une personne|pas un agent|a person)\b/iu;

/**
 * The AI adapter a cell names, or undefined: "claude-code", "Claude Code", "codex", "Gemini CLI", "aider". Not
 * `shell`: a shell agent runs commands, and imported work is prompts (`--agent-default shell` is the dry run).
 */
function adapterNamed(text: string): AdapterName | undefined {
  const t = text.toLowerCase().replace(/`/gu, '').trim();
  if (/^claude(?:[\s-]?code)?$/u.test(t)) return 'claude-code';
  if (/^(?:openai )?codex(?: cli)?$/u.test(t)) return 'codex';
  if (/^gemini(?: cli)?$/u.test(t)) return 'gemini';
  if (/^aider$/u.test(t)) return 'aider';
  return undefined;
}

/** Whether a description says the role is a person who decides, not an agent. */
function isHumanRole(text: string): boolean {
  return HUMAN.test(text);
}

const FILES_HEADER = /^(?:may (?:write|edit|touch|change)|writes?|owns?|owned paths|paths?|files?|directories|folders|scope|darf (?:schreiben|ändern)|schreibt|dateien|pfade|peut écrire|fichiers|chemins|puede escribir|archivos|rutas)$/iu;

const HANDLE_HEADER = /^(?:handles?|github|person|people|who|name|member|assignee|@)$/iu;

/**
 * A roles table: its first column names roles and no column names tasks, or it pairs people's handles with
 * roles ("| Handle | Role |"), which action items written with @handles then use. False when it is not one.
 */
export function roleTable(c: Collector, table: TableBlock): boolean {
  const first = table.header[0]?.trim() ?? '';
  const roleColumn = table.header.findIndex((cell, i) => i > 0 && ROLE_HEADER.test(cell.trim()));
  if (isHandleTable(table) && roleColumn !== -1) return handleTable(c, table, roleColumn);
  if (!ROLE_HEADER.test(first) || table.rows.length === 0) return false;
  const adapterColumn = table.header.findIndex((cell) => ADAPTER_HEADER.test(cell.trim()));
  // "May write", "Owns", "Paths": the files the role's work may touch, which become its actions' leases.
  const filesColumn = table.header.findIndex((cell, i) => i > 0 && FILES_HEADER.test(cell.trim()));
  for (const row of table.rows) {
    const name = (row.cells[0] ?? '').replace(/\*\*/gu, '').trim();
    if (name === '') continue;
    const rest = row.cells.map((cell, i) => ({ head: table.header[i] ?? '', cell: cell.trim() })).filter((x, i) => i > 0 && i !== adapterColumn && x.cell !== '');
    const description = rest.map((x) => (rest.length > 1 ? `${x.head}: ${x.cell}` : x.cell)).join('; ');
    if (isHumanRole(description)) {
      c.warn(row.line, `"${name}" is a person in the document (${description}); not an agent`);
      continue;
    }
    const use = adapterColumn === -1 ? undefined : adapterNamed(row.cells[adapterColumn] ?? '');
    // Paths in code spans, not what a note in parentheses excludes ("(read-only: `api/**`)"), not "`POST /orders`".
    const cellText = (row.cells[filesColumn] ?? '').replace(/\([^()]*\)/gu, '');
    const paths = filesColumn === -1 ? [] : [...cellText.matchAll(/`([^`]+)`/gu)].map((m) => (m[1] ?? '').trim()).filter((p) => /^[\w@.*{},[\]/-]+$/u.test(p) && /[/.*]/u.test(p));
    if (adapterColumn !== -1 && use === undefined) c.warn(row.line, `"${name}" runs as "${row.cells[adapterColumn] ?? ''}", which is not an AI adapter baton drives (claude-code, codex, gemini, aider); the default is used`);
    const role = c.addRole(name, row.line, description === '' ? undefined : description, use);
    if (paths.length > 0) c.roleFiles(role, { value: paths, line: row.line, text: row.cells[filesColumn] ?? '' });
  }
  return true;
}

/** People by handle: a "Handle"/"GitHub" column, or a name column whose cells are mostly @handles. */
function isHandleTable(table: TableBlock): boolean {
  const first = table.header[0]?.trim() ?? '';
  if (!HANDLE_HEADER.test(first) || table.rows.length === 0) return false;
  const handles = table.rows.filter((row) => /^[`*]*@/u.test((row.cells[0] ?? '').trim())).length;
  return /^(?:handles?|github|@)$/iu.test(first) || handles * 2 >= table.rows.length;
}

/**
 * Handles are known before the walk, so that action items written above the who's-who table (it is often at the
 * end) still get their people's roles. Only the mapping is read here; the table itself is read in its place.
 */
export function preloadHandles(c: Collector, tables: readonly TableBlock[]): void {
  for (const table of tables) {
    const roleColumn = table.header.findIndex((cell, i) => i > 0 && ROLE_HEADER.test(cell.trim()));
    if (!isHandleTable(table) || roleColumn === -1) continue;
    for (const { handle, role, human } of handleRows(table, roleColumn)) if (!human) c.handles.set(handle, role);
  }
}

function handleTable(c: Collector, table: TableBlock, roleColumn: number): boolean {
  for (const { handle, role, notes, human, line } of handleRows(table, roleColumn)) {
    if (human) c.warn(line, `@${handle} (${role}) is a person in the document; not an agent`);
    else c.handles.set(handle, c.addRole(role, line, notes === '' ? undefined : notes));
  }
  return true;
}

/** The rows of a handle table that name both a handle ("jlee", without "@", lower case) and a role. */
function handleRows(table: TableBlock, roleColumn: number): { handle: string; role: string; notes: string; human: boolean; line: number }[] {
  return table.rows.flatMap((row) => {
    const handle = (row.cells[0] ?? '').replace(/[*`]/gu, '').trim().replace(/^@/u, '').toLowerCase();
    const role = (row.cells[roleColumn] ?? '').replace(/\*\*/gu, '').trim();
    const notes = row.cells.filter((_, i) => i !== 0 && i !== roleColumn).join(' ').trim();
    return handle === '' || role === '' ? [] : [{ handle, role, notes, human: isHumanRole(`${role} ${notes}`), line: row.line }];
  });
}

/** A section that introduces the roles: "Roles", "Team", "Agents on this train", "Rollen". */
export function isRolesTitle(title: string): boolean {
  return /^(?:roles?|rollen?|rôles?|teams?|the team|equipos?|équipes?|agents?(?: on [\p{L}\s]+)?|people|who(?:'s| is) who|responsibilities|roles (?:and|&) responsibilities|verantwortlichkeiten)$/iu.test(title.trim());
}

/**
 * A list of roles under a roles heading ("- **Platform** — Nx workspace, CI", "- QA: contract tests"): each
 * item a short capitalised name and a description. False when an item does not read so (nothing recorded).
 */
export function roleList(c: Collector, list: ListBlock): boolean {
  const items = list.items.map((item) => /^(?<name>[\p{Lu}][^:—–]{1,80}?)\s*(?:[—–:]|\s-\s)\s*(?<text>.+)$/u.exec(item.text.split('\n')[0] ?? '')?.groups);
  // "Chef de projet (une personne, pas un agent)": the note in parentheses describes the role.
  const notes = items.map((groups) => /\(([^()]*)\)\s*$/u.exec(groups?.name ?? '')?.[1]);
  const roles = items.map((groups) => {
    const name = (groups?.name ?? '').replace(/\s*\([^()]*\)\s*$/u, '').trim();
    return name !== '' && name.split(/\s+/u).length <= 5 ? name : undefined;
  });
  if (roles.some((r) => r === undefined)) return false;
  list.items.forEach((item, i) => {
    const text = [notes[i], items[i]?.text?.trim()].filter((t) => t !== undefined && t !== '').join('; ');
    const role = roles[i] ?? '';
    if (isHumanRole(text)) c.warn(item.line, `"${role}" is a person in the document; not an agent`);
    else c.addRole(role, item.line, text === '' ? undefined : text);
  });
  return true;
}

/** "4 agents (Schema Designer, Indexer Engineer, API Developer, QA Analyst)": roles, each an agent. */
export function roster(c: Collector, text: string, line: number): boolean {
  const inner = /\(([^()]+)\)/u.exec(text)?.[1] ?? text.replace(/^\s*\d+\s+\p{L}+\s*[:–—-]?\s*/u, '');
  const names = inner.split(/\s*(?:,|;|\/|\s&\s|\s\+\s|\sand\s|\sund\s|\set\s|\sy\s)\s*/u).map((n) => n.trim()).filter((n) => n !== '');
  const roles = names.map((n) => c.ownersIn(n)?.[0]).filter((n): n is string => n !== undefined);
  if (roles.length === 0 || roles.length < names.length / 2) return false;
  for (const role of roles) c.addRole(role, line);
  return true;
}
