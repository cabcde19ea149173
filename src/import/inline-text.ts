/**
 * Inline Markdown (the inside of a paragraph, list item, heading or table cell) read into what the importer
 * needs: its text without emphasis markers, its code spans (commands live there), and its field lines —
 * `**Dependencies**: Phase 1 completion`, `**Priority:** Critical` — which documents write one per line at
 * the start of a paragraph or list item. Each carries the 1-based line it came from.
 */
import type { PhrasingContent } from 'mdast';
import { fieldKind } from './field-words.js';
import { isPlainField } from './plain-fields.js';

/** An inline code span: `` `npm test` ``. */
export interface CodeSpan {
  readonly value: string;
  readonly line: number;
}

/** A field line: `**Name**: value` or `**Name:** value` at the start of a line, or a plain `Estimate: 2 days` (see plain-fields.ts). */
export interface Field {
  readonly name: string;
  /** The rest of the line as plain text; empty for a role block's head (`**DevOps Engineer**:`). */
  readonly value: string;
  readonly line: number;
}

/** Inline content read: text (line breaks kept), code spans and field lines. */
export interface InlineText {
  readonly text: string;
  readonly codeSpans: readonly CodeSpan[];
  readonly fields: readonly Field[];
}

/** How inline code appears in text: with its backticks (for prompts, which are Markdown) or bare (for titles). */
export type CodeStyle = 'backticks' | 'bare';

interface Part {
  readonly text: string;
  readonly strong: boolean;
}

interface Line {
  readonly line: number;
  readonly parts: Part[];
}

/** Reads inline nodes that start on `line` (the line of their parent when they carry no position). */
export function readInline(nodes: readonly PhrasingContent[], line: number, code: CodeStyle = 'backticks'): InlineText {
  const codeSpans: CodeSpan[] = [];
  const lines: Line[] = [{ line, parts: [] }];
  const current = (): Line => lines.at(-1) ?? { line, parts: [] };
  for (const node of nodes) {
    const start = node.position?.start.line ?? current().line;
    if (node.type === 'text') {
      node.value.split('\n').forEach((piece, i) => {
        if (i > 0) lines.push({ line: start + i, parts: [] });
        current().parts.push({ text: piece, strong: false });
      });
    } else if (node.type === 'break') {
      lines.push({ line: (node.position?.end.line ?? current().line + 1), parts: [] });
    } else {
      current().parts.push({ text: plainText(node, code, codeSpans, start), strong: node.type === 'strong' });
    }
  }
  const fields = lines.map(fieldOf).filter((field): field is Field => field !== undefined);
  const text = lines.map((l) => l.parts.map((p) => p.text).join('')).join('\n').trim();
  return { text, codeSpans, fields };
}

/** The plain text of one inline node, collecting the code spans inside it. */
function plainText(node: PhrasingContent, code: CodeStyle, codeSpans: CodeSpan[], line: number): string {
  switch (node.type) {
    case 'text':
      return node.value;
    case 'inlineCode':
      codeSpans.push({ value: node.value, line: node.position?.start.line ?? line });
      return code === 'backticks' ? `\`${node.value}\`` : node.value;
    case 'break':
      return '\n';
    case 'image':
    case 'imageReference':
      return node.alt ?? '';
    case 'html':
    case 'footnoteReference':
      return '';
    default:
      return node.children.map((child) => plainText(child, code, codeSpans, child.position?.start.line ?? line)).join('');
  }
}

/** A line that starts with bold text ending in a colon, or followed by one, is a field; so is a plain line with a field's name. */
function fieldOf(line: Line): Field | undefined {
  // Leading blanks and emoji ("> ⚠️ **Approval:** …") are decoration, not part of the field's name.
  const parts = line.parts.filter((part, i) => !(i === 0 && part.text.replace(DECORATION, '') === ''));
  const [head, ...rest] = parts;
  if (head !== undefined && !head.strong) return plainField(line);
  if (head === undefined) return undefined;
  const name = head.text.trim();
  const after = rest.map((p) => p.text).join('');
  // "**Timebox: everything below done by Fri EOD.**": the whole line is bold, the field name is before its colon.
  const inside = /^(?<name>[\p{L}][\p{L} ./&-]{0,30}?):\s+(?<value>\S.*)$/u.exec(name)?.groups;
  if (inside?.name !== undefined && inside.value !== undefined && after.trim() === '' && fieldKind(inside.name) !== 'other') {
    return { name: inside.name.trim(), value: inside.value.trim(), line: line.line };
  }
  if (name.endsWith(':') && name.length > 1) return { name: name.slice(0, -1).trim(), value: after.trim(), line: line.line };
  if (!after.trimStart().startsWith(':') || name === '') return undefined;
  return { name, value: after.trimStart().slice(1).trim(), line: line.line };
}

const DECORATION = /[\s\p{Extended_Pictographic}\uFE0F\u200D]+/gu;

const PLAIN = /^(?<name>[\p{L}][\p{L} '.]{0,24}?)\s*:\s+(?<value>\S.*)$/u;

/** "Estimate: 2 days", "Depends on: Platform Engineer rollout": a plain line whose name is a known field's. */
function plainField(line: Line): Field | undefined {
  const groups = PLAIN.exec(line.parts.map((p) => p.text).join('').trim())?.groups;
  if (groups?.name === undefined || groups.value === undefined || !isPlainField(groups.name, groups.value)) return undefined;
  return { name: groups.name.trim(), value: groups.value.trim(), line: line.line };
}
