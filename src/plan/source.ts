/**
 * The plan as text: parsed with the `yaml` package (JSON is read the same way after a strict JSON check) so that
 * every value keeps its offset and any path in the plan can be turned back into `line:col`.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node, YAMLError } from 'yaml';
import type { LocatedProblem, Problem } from '../errors.js';
import type { Path } from './model.js';

export interface PlanSource {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
}

export interface ParsedSource {
  readonly source: PlanSource;
  /** The plain data; `undefined` when the text did not parse. */
  readonly data: unknown;
  readonly problems: readonly LocatedProblem[];
}

/** Parses YAML or JSON text. Syntax errors come back as problems with their line and column, never thrown. */
export function parseSource(file: string, text: string): ParsedSource {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true, uniqueKeys: true });
  const source: PlanSource = { file, doc, lines };
  const jsonProblem = /\.json$/i.test(file) ? checkJson(file, text) : undefined;
  if (jsonProblem) return { source, data: undefined, problems: [jsonProblem] };
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error): LocatedProblem => {
      const [line, col] = positionOf(lines, error.pos[0]);
      return { file, line, col, path: [], code: 'syntax', message: syntaxMessage(error, text) };
    });
    return { source, data: undefined, problems };
  }
  const alias = unresolvedAlias(doc);
  if (alias) {
    const [line, col] = positionOf(lines, alias.offset);
    return { source, data: undefined, problems: [{ file, line, col, path: [], code: 'syntax', message: `unknown alias "*${alias.name}": expected an anchor "&${alias.name}" defined before it` }] };
  }
  try {
    return { source, data: doc.toJS({ maxAliasCount: 1000 }), problems: [] };
  } catch (error) {
    // yaml refuses documents whose aliases expand past the limit (an "alias bomb").
    const reason = error instanceof Error ? error.message : String(error);
    return { source, data: undefined, problems: [{ file, line: 1, col: 1, path: [], code: 'syntax', message: `cannot expand the document's aliases (${reason}); expected a plan without alias chains` }] };
  }
}

function unresolvedAlias(doc: Document.Parsed): { name: string; offset: number } | undefined {
  let found: { name: string; offset: number } | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.resolve(doc) === undefined) {
        found = { name: node.source, offset: node.range?.[0] ?? 0 };
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** yaml's messages speak of its API; say what is wrong with the plan instead. */
function syntaxMessage(error: YAMLError, text: string): string {
  if (error.code === 'MULTIPLE_DOCS') return 'expected one YAML document, found several: remove the "---" separator';
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^[^:\n]*/.exec(text.slice(error.pos[0]))?.[0].trim().replace(/^["']|["']$/g, '');
    return `duplicate key${key ? ` "${key}"` : ''}: a mapping may name each key once`;
  }
  return firstLine(error.message);
}

/** Places a problem at the node its path names (its key when `atKey`), or at the nearest parent that exists. */
export function locate(source: PlanSource, problem: Problem): LocatedProblem {
  const offset = offsetOf(source.doc, problem.path, problem.atKey === true);
  const [line, col] = positionOf(source.lines, offset);
  return { ...problem, file: source.file, line, col };
}

function offsetOf(doc: Document.Parsed, path: Path, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) return offset;
      const keyStart = rangeStart(pair.key);
      if (last && atKey) return keyStart ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? keyStart ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function rangeStart(node: unknown): number | undefined {
  return node !== null && typeof node === 'object' && 'range' in node ? (node as Node).range?.[0] : undefined;
}

function positionOf(lines: LineCounter, offset: number): [number, number] {
  const { line, col } = lines.linePos(offset);
  return [line, col];
}

/** Strict JSON first: YAML would accept things JSON does not (comments, trailing commas). */
function checkJson(file: string, text: string): LocatedProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const lineCol = /line (\d+) column (\d+)/.exec(message);
    const position = /position (\d+)/.exec(message);
    let line = 1;
    let col = 1;
    if (lineCol) [line, col] = [Number(lineCol[1]), Number(lineCol[2])];
    else if (position) [line, col] = lineColOf(text, Number(position[1]));
    const reason = message.replace(/\s*\(line \d+ column \d+\)|\s*in JSON at position \d+.*$/, '');
    return { file, line, col, path: [], code: 'syntax', message: `invalid JSON: ${reason}` };
  }
}

function lineColOf(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, (before.at(-1)?.length ?? 0) + 1];
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
