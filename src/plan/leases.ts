/**
 * File leases: the globs in an action's `files:` name the files it may touch. Two actions whose leases may share
 * a file must not run at the same time, because their worktrees would both change that file and the second
 * merge would conflict. This module says which files a lease covers and which actions' leases may overlap.
 *
 * Matching rules (the same in {@link matchesLease} and {@link globsMayOverlap}):
 * - Paths and patterns are repository-relative with `/`; a leading `./` or `/`, a trailing `/` and doubled `/`
 *   are ignored, and `.` (or an empty pattern) means the whole repository.
 * - A pattern is a picomatch glob with `dot: true`: `*` and `?` stay inside one path segment and match dotfiles
 *   too, `**` as a whole segment matches zero or more segments, `{a,b}` lists alternatives, `[ab]` and the
 *   extglobs `@(a|b)`, `*(…)`, `+(…)`, `?(…)`, `!(…)` work as in Bash.
 * - A pattern with no glob character is a path: it covers that path and, when the path is a directory,
 *   everything under it (`src/cache` covers `src/cache/index.ts`). Leases are checked before the files exist, so
 *   the rule does not look at the disk: a path that names a file has nothing under it, and the rule costs nothing.
 * - A leading `!` negates the whole pattern, as in picomatch: `!docs/**` covers every path outside `docs/`.
 */
import picomatch from 'picomatch/posix.js';

/** An action as far as leases go; `Action` from model.ts fits. */
export interface LeaseHolder {
  readonly id: string;
  readonly files: readonly string[];
  /** The plan says this action may run beside others whatever their leases: it is left out of the check. */
  readonly parallelOk?: boolean;
}

/** Two actions whose leases may share a file, with each pair of their patterns that may. */
export interface LeaseOverlap {
  /** The action written first. */
  readonly a: string;
  readonly b: string;
  /** `[pattern of a, pattern of b]`, in the order the patterns are written. */
  readonly patterns: readonly (readonly [string, string])[];
}

/**
 * One path segment of a pattern: a name, a one-segment glob, or `**` (zero or more segments). A glob that can
 * match the empty string (`?(a)`, `!(a)`) may also stand for no segment: picomatch matches `src/**\/?(a)` with `src`.
 */
type Segment = Literal | Glob | { readonly kind: 'any' };
type OneSegment = Literal | Glob;

interface Literal {
  readonly kind: 'literal';
  readonly text: string;
}

interface Glob {
  readonly kind: 'glob';
  readonly text: string;
  /** Literal text every match starts with; `suffix`, ends with. */
  readonly prefix: string;
  readonly suffix: string;
  /** May match no segment at all. */
  readonly empty: boolean;
  readonly test: (name: string) => boolean;
}

/** A pattern as the alternatives its braces stand for, each a list of segments. */
type Compiled = readonly (readonly Segment[])[];

const OPTIONS = { dot: true } as const;
const ANY: Segment = { kind: 'any' };
/** Characters that may mean something to picomatch; a literal prefix or suffix of a glob stops at them. */
const SPECIAL = new Set(['*', '?', '[', ']', '{', '}', '(', ')', '!', '+', '@', '|', '\\']);
/** Brace alternatives one pattern may expand to; beyond, the pattern is taken to cover everything. */
const MAX_ALTERNATIVES = 256;
/** Compiled patterns and matchers kept between calls; each cache is cleared when full so memory stays bounded. */
const CACHE_LIMIT = 10_000;
const matchers = new Map<string, (path: string) => boolean>();
const compiledPatterns = new Map<string, Compiled>();

/** Whether the repository-relative `file` is covered by any of `patterns` (see the rules at the top). */
export function matchesLease(file: string, patterns: readonly string[]): boolean {
  const path = normalize(file);
  return patterns.some((pattern) => leaseMatcher(pattern)(path));
}

/**
 * Whether some path could match both globs. Conservative: it never answers `false` when a path could match
 * both, and may answer `true` for globs no path matches both of (`[ab]` and `[cd]`, say). Patterns are
 * compared segment by segment: names must be equal, a name against a glob is tested with picomatch, two globs
 * must agree on their literal starts and ends (`*.ts` and `*.md` cannot meet), `**` takes any number of segments.
 */
export function globsMayOverlap(a: string, b: string): boolean {
  return compiledMayOverlap(compile(a), compile(b));
}

/**
 * The pairs of actions whose leases may share a file, in file order (by `a`, then `b`). Actions without
 * `files` or with `parallelOk` are left out. Patterns are placed in a tree by their leading literal segments
 * (`src/cache/**` under `src` → `cache`; `**\/*.md` at the root), and a pattern is compared only with those at
 * its node or below it: patterns on different branches differ in a fixed segment and cannot meet. Plans whose
 * leases split the repository by folder check in near-linear time.
 */
export function leaseOverlaps(actions: readonly LeaseHolder[]): LeaseOverlap[] {
  const root = newNode();
  let width = 1;
  actions.forEach((action, index) => {
    if (action.parallelOk === true) return;
    width = Math.max(width, action.files.length);
    action.files.forEach((pattern, patternIndex) => {
      for (const segments of compile(pattern)) insert(root, { action: index, pattern: patternIndex, segments, fixed: segments.every(isFixed) });
    });
  });
  // Action pair (first * n + second) → pattern pairs (first's pattern * width + second's), usually one.
  const found = new Map<number, number[]>();
  compareTree(root, (x, y) => {
    if (x.action === y.action) return;
    const first = x.action < y.action ? x : y;
    const second = first === x ? y : x;
    const pairKey = first.action * actions.length + second.action;
    const patternKey = first.pattern * width + second.pattern;
    const known = found.get(pairKey);
    if (known?.includes(patternKey) === true || !entriesMayOverlap(first, second)) return;
    if (known === undefined) found.set(pairKey, [patternKey]);
    else known.push(patternKey);
  });
  return [...found.keys()].sort((x, y) => x - y).map((pairKey) => {
    const a = actions[Math.floor(pairKey / actions.length)]!;
    const b = actions[pairKey % actions.length]!;
    const keys = found.get(pairKey)!.sort((x, y) => x - y);
    return { a: a.id, b: b.id, patterns: keys.map((k) => [a.files[Math.floor(k / width)]!, b.files[k % width]!] as const) };
  });
}

function entriesMayOverlap(x: Entry, y: Entry): boolean {
  return x.fixed && y.fixed ? fixedMayOverlap(x.segments, y.segments) : sequencesMayOverlap(x.segments, y.segments);
}

interface Entry {
  readonly action: number;
  readonly pattern: number;
  readonly segments: readonly Segment[];
  /** No `**` and no segment that may vanish: one path segment per pattern segment. */
  readonly fixed: boolean;
}

interface TreeNode {
  readonly here: Entry[];
  readonly children: Map<string, TreeNode>;
}

function newNode(): TreeNode {
  return { here: [], children: new Map() };
}

function insert(root: TreeNode, entry: Entry): void {
  let node = root;
  for (const segment of entry.segments) {
    if (segment.kind !== 'literal') break;
    let child = node.children.get(segment.text);
    if (child === undefined) node.children.set(segment.text, (child = newNode()));
    node = child;
  }
  node.here.push(entry);
}

/** Calls `compare` for each pair of entries where one sits at or under the other's node; returns the subtree's entries. */
function compareTree(node: TreeNode, compare: (x: Entry, y: Entry) => void): Entry[] {
  const below: Entry[] = [];
  for (const child of node.children.values()) for (const entry of compareTree(child, compare)) below.push(entry);
  const { here } = node;
  for (let i = 0; i < here.length; i++) {
    for (let j = i + 1; j < here.length; j++) compare(here[i]!, here[j]!);
    for (const entry of below) compare(here[i]!, entry);
  }
  for (const entry of here) below.push(entry);
  return below;
}

function compiledMayOverlap(a: Compiled, b: Compiled): boolean {
  return a.some((x) => b.some((y) => sequencesMayOverlap(x, y)));
}

/** Whether some list of path segments matches both: a walk over both patterns, memoised on the two positions. */
function sequencesMayOverlap(a: readonly Segment[], b: readonly Segment[]): boolean {
  if (a.every(isFixed) && b.every(isFixed)) return fixedMayOverlap(a, b);
  return walk(a, b, 0, 0, new Uint8Array((a.length + 1) * (b.length + 1)));
}

/** For patterns of fixed segments only: same length, and each segment may meet the other's. */
function fixedMayOverlap(a: readonly Segment[], b: readonly Segment[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!segmentsMayOverlap(a[k] as OneSegment, b[k] as OneSegment)) return false;
  return true;
}

/** `memo` holds 0 for not yet known, 1 for no, 2 for yes, per pair of positions. */
function walk(a: readonly Segment[], b: readonly Segment[], i: number, j: number, memo: Uint8Array): boolean {
  const key = i * (b.length + 1) + j;
  const known = memo[key];
  if (known === 1 || known === 2) return known === 2;
  const result = step(a, b, i, j, memo);
  memo[key] = result ? 2 : 1;
  return result;
}

function step(a: readonly Segment[], b: readonly Segment[], i: number, j: number, memo: Uint8Array): boolean {
  const x = a[i];
  const y = b[j];
  if (x === undefined) return b.slice(j).every(mayVanish);
  if (y === undefined) return a.slice(i).every(mayVanish);
  // `**` matches nothing here, or takes the other side's segment (all it stands for, when that is `**` too).
  if (x.kind === 'any') return walk(a, b, i + 1, j, memo) || walk(a, b, i, j + 1, memo);
  if (y.kind === 'any') return walk(a, b, i, j + 1, memo) || walk(a, b, i + 1, j, memo);
  if (mayVanish(x) && walk(a, b, i + 1, j, memo)) return true;
  if (mayVanish(y) && walk(a, b, i, j + 1, memo)) return true;
  return segmentsMayOverlap(x, y) && walk(a, b, i + 1, j + 1, memo);
}

/** A segment that always stands for exactly one path segment. */
function isFixed(segment: Segment): boolean {
  return !mayVanish(segment);
}

function mayVanish(segment: Segment): boolean {
  if (segment.kind === 'literal') return segment.text === '';
  return segment.kind === 'any' || segment.empty;
}

function segmentsMayOverlap(x: OneSegment, y: OneSegment): boolean {
  if (x.kind === 'literal') return y.kind === 'literal' ? x.text === y.text : y.test(x.text);
  if (y.kind === 'literal') return x.test(y.text);
  const prefixes = x.prefix.startsWith(y.prefix) || y.prefix.startsWith(x.prefix);
  return prefixes && (x.suffix.endsWith(y.suffix) || y.suffix.endsWith(x.suffix));
}

function compile(pattern: string): Compiled {
  let compiled = compiledPatterns.get(pattern);
  if (compiled === undefined) {
    if (compiledPatterns.size >= CACHE_LIMIT) compiledPatterns.clear();
    compiledPatterns.set(pattern, (compiled = compileUncached(pattern)));
  }
  return compiled;
}

function compileUncached(pattern: string): Compiled {
  const text = normalizePattern(pattern);
  if (text === '**' || text.startsWith('!')) return [[ANY]];
  if (isLiteral(text)) return [[...text.split('/').map((name): Segment => ({ kind: 'literal', text: name })), ANY]];
  const alternatives = expandBraces(text);
  if (alternatives === undefined) return [[ANY]];
  return alternatives.map(toSegments);
}

function toSegments(alternative: string): Segment[] {
  const names = alternative.split('/');
  // A `/` inside brackets or parentheses (`a[/]b`, `@(a|b/c)`) would be cut in two: take the pattern as `**`.
  if (names.some(unbalanced)) return [ANY];
  return names.flatMap((name): Segment[] => {
    if (name === '**') return [ANY];
    // picomatch lets `**` inside a segment span segments at the start of a pattern (`**.ts` matches `a/b.ts`).
    if (name.includes('**')) return [ANY, { ...glob(`*${literalSuffix(name)}`), empty: true }];
    if (isLiteral(name)) return [{ kind: 'literal', text: name }];
    return [glob(name)];
  });
}

function glob(text: string): Glob {
  const test = segmentMatcher(text);
  return { kind: 'glob', text, prefix: literalPrefix(text), suffix: literalSuffix(text), empty: matchesNothing(text), test };
}

/** Whether picomatch lets the glob match no segment at all: alone, or after `**` (where `x/**\/?(a)` matches `x`). */
function matchesNothing(text: string): boolean {
  return segmentMatcher(text)('') || picomatch(`x/**/${text}`, { ...OPTIONS, nonegate: true })('x');
}

function literalPrefix(text: string): string {
  let end = 0;
  while (end < text.length && !SPECIAL.has(text[end]!)) end++;
  return text.slice(0, end);
}

function literalSuffix(text: string): string {
  let start = text.length;
  while (start > 0 && !SPECIAL.has(text[start - 1]!)) start--;
  return text.slice(start);
}

function unbalanced(name: string): boolean {
  let brackets = 0;
  let parens = 0;
  for (let i = 0; i < name.length; i++) {
    const char = name[i];
    if (char === '\\') i++;
    else if (char === '[') brackets++;
    else if (char === ']') brackets--;
    else if (char === '(') parens++;
    else if (char === ')') parens--;
  }
  return brackets !== 0 || parens !== 0;
}

/** A pattern (or segment) that picomatch would match only against itself; escapes count as glob syntax. */
function isLiteral(text: string): boolean {
  if (text.includes('\\')) return false;
  const scan = picomatch.scan(text);
  return !scan.isGlob && !scan.negated;
}

function leaseMatcher(pattern: string): (path: string) => boolean {
  let matcher = matchers.get(pattern);
  if (matcher !== undefined) return matcher;
  const text = normalizePattern(pattern);
  matcher = isLiteral(text) ? (path) => path === text || path.startsWith(`${text}/`) : picomatch(text, OPTIONS);
  if (matchers.size >= CACHE_LIMIT) matchers.clear();
  matchers.set(pattern, matcher);
  return matcher;
}

/** A matcher for one segment; `nonegate` because a `!` inside a pattern is not a negation. */
function segmentMatcher(text: string): (name: string) => boolean {
  return picomatch(text, { ...OPTIONS, nonegate: true });
}

function normalize(path: string): string {
  let text = path.replace(/\/{2,}/g, '/');
  while (text.startsWith('./') || text.startsWith('/')) text = text.slice(text.startsWith('/') ? 1 : 2);
  while (text.endsWith('/')) text = text.slice(0, -1);
  return text;
}

function normalizePattern(pattern: string): string {
  const text = normalize(pattern);
  return text === '' || text === '.' ? '**' : text;
}

/**
 * The alternatives of `{a,b}` lists, nested ones too; `undefined` past {@link MAX_ALTERNATIVES}. Braces without a
 * comma at their top level (`{a}`, `{1..3}`) are left as they are: picomatch reads them itself.
 */
function expandBraces(text: string): string[] | undefined {
  const group = findBraceList(text);
  if (group === undefined) return [text];
  const head = text.slice(0, group.open);
  const tail = text.slice(group.close + 1);
  const out: string[] = [];
  for (const item of group.items) {
    const expanded = expandBraces(`${head}${item}${tail}`);
    if (expanded === undefined || out.length + expanded.length > MAX_ALTERNATIVES) return undefined;
    out.push(...expanded);
  }
  return out;
}

/** The first `{…}` with a comma at its top level, outside brackets and escapes. */
function findBraceList(text: string): { open: number; close: number; items: string[] } | undefined {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '[') i = Math.max(i, text.indexOf(']', i + 1));
    else if (char === '{') {
      const group = braceGroup(text, i);
      if (group === undefined) return undefined;
      if (group.items.length > 1) return group;
      i = group.close;
    }
  }
  return undefined;
}

function braceGroup(text: string, open: number): { open: number; close: number; items: string[] } | undefined {
  const items: string[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\\') i++;
    else if (char === '{') depth++;
    else if (char === '}' && depth > 0) depth--;
    else if (char === '}') {
      items.push(text.slice(start, i));
      return { open, close: i, items };
    } else if (char === ',' && depth === 0) {
      items.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return undefined;
}
