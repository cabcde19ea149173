/**
 * Dependencies written apart from the work they order: a "Dependencies" section whose lines say "Task 2
 * (needs the schema): depends on Task 1" or "Task 5: Task 4", a "Critical path: A → B → C" chain, a mermaid
 * `graph` whose edges say `A --> B`. Each becomes a statement about its subject (draft.ts), resolved against
 * the whole document in link.ts and merged with what the work's own section says: when the two disagree the
 * stricter is kept and both lines are named.
 */
import type { Collector, Scope } from './collect-context.js';
import type { ListBlock, ListItem, ParagraphBlock } from './outline-blocks.js';
import { parseDependencyText } from './dependency-text.js';
import { isApprovalText } from './field-words.js';

/**
 * A heading or field about dependencies or their order ("Dependencies", "Task dependencies", "Critical path").
 * A meeting or a chore about dependencies ("Dependency Sync", "Dependency upgrades") is not.
 */
export function isDependencyTitle(text: string): boolean {
  const about = /\b(?:dependenc\w*|depends|prerequisites?|abhängigkeit\w*|voraussetzung\w*|dépendances?|dependencias?|critical path|kritischer pfad|chemin critique|ruta crítica|camino crítico|execution order|order of work|reihenfolge|sequencing)\b/iu;
  const chore = /\b(?:sync|meetings?|stand-?ups?|resolution|management|health|updates?|upgrades?|audits?|install\w*|versions?|packages?|bumps?|vulnerabilit\w*|scan\w*|injection)\b/iu;
  return about.test(text) && !chore.test(text);
}

/** A chain of work in order: "A → B → C", "A -> B", "A ⇒ B". */
const ARROW = /\s*(?:-{1,2}>|→|⟶|➔|➜|⇒|=>)\s*/u;
const VERB = /\s+(?=(?:depends on|dependent on|needs|requires|waits? for|blocked by|comes after|after|follows|hängt ab von|abhängig von|benötigt|braucht|wartet auf|nach|dépend de|depende de)\b)/iu;

/** Reads one line of a dependency section; returns false when it says nothing about order. */
function dependencyLine(c: Collector, text: string, line: number, why: string): boolean {
  const plain = text.replace(/`/gu, '').trim();
  if (ARROW.test(plain)) return chain(c, plain, line, why);
  const split = splitSubject(plain);
  if (split === undefined) return false;
  const refs = parseDependencyText(split.deps);
  if (refs.length === 0) return false;
  c.statement(split.subject, { refs, line, text: split.deps }, why);
  return true;
}

/** "A → B → C": B needs A, C needs B. A piece that names several ("A, B → C") makes C need each. */
export function chain(c: Collector, text: string, line: number, why: string): boolean {
  const links = text.split(ARROW).map((piece) => piece.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, '').trim());
  if (links.length < 2 || links.some((piece) => piece === '')) return false;
  for (let i = 1; i < links.length; i++) {
    const before = links[i - 1] ?? '';
    const after = links[i] ?? '';
    // "… → Gate approval": the approval is the phase's gate, not work to order.
    if (isApprovalText(before) || isApprovalText(after)) continue;
    c.statement(after, { refs: parseDependencyText(before), line, text: before, partial: true }, why);
  }
  return true;
}

/** "Task 2 (needs the schema): depends on Task 1" → subject "Task 2 (needs the schema)", deps "depends on Task 1". */
function splitSubject(text: string): { subject: string; deps: string } | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    if (char === '(') depth++;
    else if (char === ')') depth = Math.max(0, depth - 1);
    else if (char === ':' && depth === 0) return pair(text.slice(0, i), text.slice(i + 1));
  }
  const verb = VERB.exec(text);
  return verb === null ? undefined : pair(text.slice(0, verb.index), text.slice(verb.index));
}

function pair(subject: string, deps: string): { subject: string; deps: string } | undefined {
  const s = subject.trim();
  const d = deps.trim();
  return s === '' || d === '' ? undefined : { subject: s, deps: d };
}

/**
 * Edges of a mermaid flowchart under a dependency heading: `A[Build config] --> B[Tests]`, `A --> B & C`; node
 * labels name the work. Elsewhere a flowchart draws anything (who leads whom, a process), so it is not read.
 */
export function mermaidEdges(c: Collector, code: string, firstLine: number, why: string): boolean {
  const lines = code.split('\n');
  if (!/^\s*(?:graph|flowchart)\b/u.test(lines[0] ?? '')) return false;
  const labels = new Map<string, string>();
  const node = /(?<id>[\p{L}\p{N}_][\p{L}\p{N}_-]*)\s*(?:\[\(?|\(\(?|\{\{?|>)\s*"?(?<label>[^[\]{}()"]+)"?\s*(?:\)?\]|\)?\)|\}?\})/gu;
  for (const raw of lines) for (const m of raw.matchAll(node)) if (m.groups?.id !== undefined && m.groups.label !== undefined) labels.set(m.groups.id, m.groups.label.trim());
  const name = (piece: string): string => {
    const id = /^[\p{L}\p{N}_-]+/u.exec(piece.trim())?.[0] ?? piece.trim();
    return labels.get(id) ?? id;
  };
  let found = false;
  lines.forEach((raw, i) => {
    const parts = raw.replace(/%%.*$/u, '').split(/\s*(?:-{2,}>\|[^|]*\||-{2,}>|={2,}>|-\.+->)\s*/u);
    if (parts.length < 2) return;
    for (let k = 1; k < parts.length; k++) {
      for (const from of (parts[k - 1] ?? '').split('&')) {
        for (const to of (parts[k] ?? '').split('&')) {
          if (isApprovalText(name(from)) || isApprovalText(name(to))) continue;
          c.statement(name(to), { refs: parseDependencyText(name(from)), line: firstLine + i, text: name(from) }, why);
          found = true;
        }
      }
    }
  });
  return found;
}

/** The section is about dependencies ("## Dependencies", "### Critical path"): its lines order the work. */
export function inDependencySection(scope: Scope): boolean {
  return isDependencyTitle(scope.trail.at(-1) ?? '');
}

/** Lines of a paragraph in a dependency section; false when none of them says what depends on what. */
export function dependencyParagraph(c: Collector, block: ParagraphBlock, scope: Scope): boolean {
  const lines = block.text.split('\n');
  const read = lines.map((text, i) => dependencyLine(c, text, block.line + i, `line under "${scope.trail.at(-1) ?? ''}"`));
  if (!read.some(Boolean)) return false;
  lines.forEach((text, i) => {
    if (!read[i] && text.trim() !== '') c.warn(block.line + i, `line under "${scope.trail.at(-1) ?? ''}" says no dependency that could be read; not imported: ${text.trim()}`);
  });
  return true;
}

/** Items of a dependency list: each says what depends on what; one that cannot be read is reported. */
export function dependencyList(c: Collector, list: ListBlock, scope: Scope): void {
  const where = `item of the list under "${scope.trail.at(-1) ?? ''}"`;
  const visit = (items: readonly ListItem[]): void => {
    for (const item of items) {
      const text = item.text.split('\n')[0] ?? '';
      if (!dependencyLine(c, text, item.line, where)) c.warn(item.line, `${where} says no dependency that could be read; not imported: ${text}`);
      visit(item.items);
    }
  };
  visit(list.items);
}
