/**
 * A section's own content, simplified from mdast to what the importer maps: paragraphs, lists (with task-list
 * state and nesting), tables (header and rows), code blocks and raw HTML. Block quotes are read through, since
 * documents put field lines in them ("> **Archived**: 2025-12-24"). Each block, item and row carries the
 * 1-based line it starts on, so every warning and every `--explain` line can point at the source.
 *
 * Strike-through markers are dropped from the text like other emphasis, but an item that is mostly struck
 * through (`~~…~~`), or whose first words are, says so: in action-item lists that is how work is cancelled.
 */
import type { BlockContent, DefinitionContent, List, ListItem as MdListItem, PhrasingContent, RootContent, Table } from 'mdast';
import { readInline } from './inline-text.js';
import type { CodeSpan, Field } from './inline-text.js';

/** A paragraph: its text (line breaks kept, inline code in backticks), field lines and code spans. */
export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly text: string;
  readonly line: number;
  readonly fields: readonly Field[];
  readonly codeSpans: readonly CodeSpan[];
}

/** A list; its items in order. */
export interface ListBlock {
  readonly kind: 'list';
  readonly ordered: boolean;
  readonly line: number;
  readonly items: readonly ListItem[];
}

/** One list item. */
export interface ListItem {
  /** The item's paragraphs as text, without a check marker. */
  readonly text: string;
  readonly line: number;
  /** `- [x]` → true, `- [ ]` → false; also a leading ✅/☑/✔ (true) or □/☐/⬜ (false), see `marker`. Absent otherwise. */
  readonly checked?: boolean;
  /** The check glyph the item started with, when `checked` came from one rather than from `[ ]`/`[x]`. */
  readonly marker?: string;
  /** The item's number in an ordered list. */
  readonly number?: number;
  /**
   * Wholly or mostly struck through (`~~…~~`): at least half of the item's own text is inside strike-through, or
   * its title is ("~~#417 Sliding-window fallback~~ dropped, the token bucket is enough").
   */
  readonly struck?: true;
  readonly fields: readonly Field[];
  readonly codeSpans: readonly CodeSpan[];
  /** Items of lists nested in this one. */
  readonly items: readonly ListItem[];
  /** Other content nested in the item: code blocks, tables. */
  readonly blocks: readonly Block[];
}

/** A table: header cells and rows of cells, each row with its line. */
export interface TableBlock {
  readonly kind: 'table';
  readonly line: number;
  readonly header: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly line: number }[];
  readonly codeSpans: readonly CodeSpan[];
}

/** A fenced or indented code block; `line` is the line of the opening fence. */
export interface CodeBlock {
  readonly kind: 'code';
  readonly lang?: string;
  readonly meta?: string;
  readonly value: string;
  readonly line: number;
}

/** Raw HTML, kept so that nothing is silently dropped. */
export interface HtmlBlock {
  readonly kind: 'html';
  readonly value: string;
  readonly line: number;
}

export type Block = ParagraphBlock | ListBlock | TableBlock | CodeBlock | HtmlBlock;

const CHECKED_GLYPHS = /^([✅☑✔✓☒]\uFE0F?)\s*/u;
const UNCHECKED_GLYPHS = /^([□☐⬜◻▢]\uFE0F?)\s*/u;

/** Reads block-level nodes into blocks; headings met here (inside a quote or an item) read as paragraphs. */
export function readBlocks(nodes: readonly (RootContent | BlockContent | DefinitionContent)[]): Block[] {
  return nodes.flatMap((node) => readBlock(node));
}

function readBlock(node: RootContent | BlockContent | DefinitionContent): Block[] {
  const line = node.position?.start.line ?? 1;
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return [{ kind: 'paragraph', ...readInline(node.children, line), line }];
    case 'list':
      return [readList(node)];
    case 'table':
      return [readTable(node)];
    case 'code':
      return [{ kind: 'code', ...optional('lang', node.lang), ...optional('meta', node.meta), value: node.value, line }];
    case 'html':
      return [{ kind: 'html', value: node.value, line }];
    case 'blockquote':
    case 'footnoteDefinition':
      return readBlocks(node.children);
    default:
      return [];
  }
}

function readList(list: List): ListBlock {
  const start = list.start ?? 1;
  const items = list.children.map((item, i) => readItem(item, list.ordered === true ? start + i : undefined));
  return { kind: 'list', ordered: list.ordered === true, line: list.position?.start.line ?? 1, items };
}

function readItem(item: MdListItem, number: number | undefined): ListItem {
  const line = item.position?.start.line ?? 1;
  const inline = item.children.flatMap((child) => (child.type === 'paragraph' ? [readInline(child.children, child.position?.start.line ?? line)] : []));
  const nested = readBlocks(item.children.filter((child) => child.type !== 'paragraph'));
  const text = inline.map((p) => p.text).join('\n');
  const glyph = item.checked == null ? (CHECKED_GLYPHS.exec(text) ?? UNCHECKED_GLYPHS.exec(text)) : null;
  const checked = item.checked ?? (glyph === null ? undefined : CHECKED_GLYPHS.test(text));
  const share = item.children.reduce((sum, child) => (child.type === 'paragraph' ? addShare(sum, struckShare(child.children, false)) : sum), { struck: 0, all: 0 });
  return {
    text: glyph === null ? text : text.slice(glyph[0].length),
    line,
    ...(checked === undefined ? {} : { checked }),
    ...(glyph?.[1] === undefined ? {} : { marker: glyph[1] }),
    ...(number === undefined ? {} : { number }),
    ...((share.all > 0 && share.struck * 2 >= share.all) || startsStruck(item) ? { struck: true as const } : {}),
    fields: inline.flatMap((p) => p.fields),
    codeSpans: inline.flatMap((p) => p.codeSpans),
    items: nested.flatMap((block) => (block.kind === 'list' ? block.items : [])),
    blocks: nested.filter((block) => block.kind !== 'list'),
  };
}

interface Share {
  readonly struck: number;
  readonly all: number;
}

function addShare(a: Share, b: Share): Share {
  return { struck: a.struck + b.struck, all: a.all + b.all };
}

/** How many visible characters (whitespace aside) of inline content there are, and how many are struck through. */
function struckShare(nodes: readonly PhrasingContent[], inside: boolean): Share {
  return nodes.reduce<Share>((sum, node) => {
    if (node.type === 'text' || node.type === 'inlineCode') {
      const count = node.value.replace(/\s+/gu, '').length;
      return addShare(sum, { struck: inside ? count : 0, all: count });
    }
    return 'children' in node ? addShare(sum, struckShare(node.children, inside || node.type === 'delete')) : sum;
  }, { struck: 0, all: 0 });
}

function readTable(table: Table): TableBlock {
  const codeSpans: CodeSpan[] = [];
  const rows = table.children.map((row) => {
    const line = row.position?.start.line ?? 1;
    const cells = row.children.map((cell) => {
      const read = readInline(cell.children, line);
      codeSpans.push(...read.codeSpans);
      return read.text;
    });
    return { cells, line };
  });
  const [header, ...body] = rows;
  return { kind: 'table', line: table.position?.start.line ?? 1, header: header?.cells ?? [], rows: body, codeSpans };
}

function optional<K extends string>(key: K, value: string | null | undefined): { [P in K]?: string } {
  return value === null || value === undefined || value === '' ? {} : ({ [key]: value } as { [P in K]?: string });
}

/**
 * The item's first paragraph starts with struck-through text and says nothing after it but why ("~~#417
 * Sliding-window fallback~~ dropped, …"); "~~Redis~~ Memcached for the cache" is a correction, not a cancellation.
 */
function startsStruck(item: MdListItem): boolean {
  const first = item.children[0];
  if (first?.type !== 'paragraph') return false;
  const index = first.children.findIndex((child) => !(child.type === 'text' && child.value.trim() === ''));
  if (first.children[index]?.type !== 'delete') return false;
  const after = first.children.slice(index + 1).map((child) => (child.type === 'text' ? child.value : ' x ')).join('').trim();
  return after === '' || /^(?:[—–:,(-]\s*)?(?:dropped|cancell?ed|won['’]?t do|not needed|no longer needed|obsolete|descoped|out of scope|abgebrochen|gestrichen|entfällt|annulé|abandonné|cancelado|descartado)\b/iu.test(after);
}
