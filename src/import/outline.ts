/**
 * A Markdown document read into a tree of sections by heading depth, each with its own content simplified
 * (outline-blocks.ts). This is the importer's only view of the Markdown: plans are organised by their headings
 * ("Phase 1" › "3.2 Cache Warm-up (Build Engineer)" › checklist), so the tree is what phases and workstreams
 * are read from. Parsing is remark (micromark, CommonMark + GFM tables and task lists), not regular
 * expressions: a `#` inside a code block is not a heading and a `- [ ]` inside one is not a task.
 *
 * The text is parsed as given; repair mojibake first (mojibake.ts) so that the lines still match the file.
 */
import type { Heading, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { readInline } from './inline-text.js';
import type { CodeSpan } from './inline-text.js';
import { readBlocks } from './outline-blocks.js';
import type { Block } from './outline-blocks.js';

/** A heading and what belongs to it. */
export interface Section {
  /** The heading as plain text, emoji and numbering kept as written; empty for the root. */
  readonly title: string;
  /** 1–6 for headings; 0 for the root. */
  readonly depth: number;
  /** The heading's 1-based line; 1 for the root. */
  readonly line: number;
  /** Code spans in the heading. */
  readonly codeSpans: readonly CodeSpan[];
  /** The section's own content, in order, up to its first subsection. */
  readonly blocks: Block[];
  /** Subsections: headings deeper than this one, up to the next heading as deep or shallower. */
  readonly children: Section[];
}

/** The root of a document: what comes before the first heading is its `blocks`, the top headings its `children`. */
export type Outline = Section;

const parser = unified().use(remarkParse).use(remarkGfm);

/** Parses Markdown into a tree of sections. A heading deeper by more than one level still nests under the last shallower one. */
export function readOutline(markdown: string): Outline {
  const tree = parser.parse(markdown);
  const root: Section = { title: '', depth: 0, line: 1, codeSpans: [], blocks: [], children: [] };
  const open: Section[] = [root];
  let pending: RootContent[] = [];
  const flush = (): void => {
    (open.at(-1) ?? root).blocks.push(...readBlocks(pending));
    pending = [];
  };
  for (const node of tree.children) {
    if (node.type !== 'heading') {
      pending.push(node);
      continue;
    }
    flush();
    const section = sectionOf(node);
    while ((open.at(-1)?.depth ?? 0) >= section.depth) open.pop();
    (open.at(-1) ?? root).children.push(section);
    open.push(section);
  }
  flush();
  return root;
}

function sectionOf(heading: Heading): Section {
  const line = heading.position?.start.line ?? 1;
  const { text, codeSpans } = readInline(heading.children, line, 'bare');
  return { title: text.replace(/\s+/gu, ' '), depth: heading.depth, line, codeSpans, blocks: [], children: [] };
}

/** Every section of the tree in document order, the root first: for lookups by line or title. */
export function allSections(outline: Outline): Section[] {
  return [outline, ...outline.children.flatMap((child) => allSections(child))];
}
