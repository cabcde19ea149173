/**
 * Turns zod's issues into baton's problems: one per mistake, each saying what was expected and what was found,
 * with unknown fields named one by one and a suggestion for each.
 */
import type { z } from 'zod';
import type { Problem } from '../errors.js';
import type { Path } from './model.js';
import { didYouMean, quoteList } from './suggest.js';

type Issue = z.core.$ZodIssue;

/** Converts the issues of a failed parse; `root` is the schema that was parsed, used to list known fields. */
export function problemsFromIssues(issues: readonly Issue[], root: z.ZodType): Problem[] {
  return issues.flatMap((issue) => problemsFromIssue(issue, [], root));
}

function problemsFromIssue(issue: Issue, prefix: Path, root: z.ZodType): Problem[] {
  const path = [...prefix, ...issue.path.map(toSegment)];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = Object.keys(objectShapeAt(root, path) ?? {});
      return issue.keys.map((key) => ({
        path: [...path, key],
        atKey: true,
        code: 'unknown-field',
        message: `unknown field "${key}"${didYouMean(key, known) || (known.length > 0 ? `; expected one of ${quoteList(known)}` : '')}`,
      }));
    }
    case 'invalid_union':
      return unionProblems(issue, path, root);
    case 'invalid_key':
      return issue.issues.map((inner) => ({
        path,
        atKey: true,
        code: 'invalid-name',
        message: `invalid name "${String(path.at(-1))}": ${inner.message}`,
      }));
    case 'invalid_element':
      return issue.issues.flatMap((inner) => problemsFromIssue(inner, path, root));
    default:
      return [{ path, code: codeOf(issue, input), message: messageOf(issue, input, path) }];
  }
}

function unionProblems(issue: z.core.$ZodIssueInvalidUnion, path: Path, root: z.ZodType): Problem[] {
  // A branch whose complaints are all deeper than the union itself matched the shape: report its inner problems.
  const matching = issue.errors.filter(
    (branch) => branch.length > 0 && branch.every((inner) => inner.path.length > 0 || inner.code !== 'invalid_type'),
  );
  if (matching.length === 1 && matching[0]) return matching[0].flatMap((inner) => problemsFromIssue(inner, path, root));
  const input = (issue as { input?: unknown }).input;
  const expected = [
    ...new Set(
      issue.errors.flatMap((branch) =>
        branch.filter((inner) => inner.code === 'invalid_type' && inner.path.length === 0).map((inner) => nameOfType((inner as z.core.$ZodIssueInvalidType).expected)),
      ),
    ),
  ];
  if (input === undefined) return [missing(path)];
  const what = expected.length > 0 ? expected.join(' or ') : 'another value';
  return [{ path, code: 'wrong-type', message: `expected ${what}, got ${describeValue(input)}` }];
}

function missing(path: Path): Problem {
  return { path, code: 'missing-field', message: `missing required field "${String(path.at(-1))}"` };
}

function codeOf(issue: Issue, input: unknown): string {
  if (issue.code === 'invalid_type') return input === undefined ? 'missing-field' : 'wrong-type';
  if (issue.code === 'custom') return String((issue.params as { kind?: string } | undefined)?.kind ?? 'invalid-value');
  return 'invalid-value';
}

function messageOf(issue: Issue, input: unknown, path: Path): string {
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return missing(path).message;
      return `expected ${nameOfType(issue.expected)}, got ${describeValue(input)}`;
    case 'invalid_value':
      return `expected ${quoteList(issue.values.map(String))}, got ${describeValue(input)}${typeof input === 'string' ? didYouMean(input, issue.values.map(String)) : ''}`;
    case 'too_small':
      // A message the schema gave (not zod's default "Too small: …") says it best.
      if (!issue.message.startsWith('Too small')) return issue.message;
      if (issue.origin === 'string') return `expected a non-empty string, got ""`;
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      return `expected a number ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}, got ${describeValue(input)}`;
    case 'too_big':
      if (issue.origin === 'string') return `expected at most ${String(issue.maximum)} characters, got ${describeValue(input)}`;
      return `expected a value ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}, got ${describeValue(input)}`;
    case 'invalid_format':
      return `${issue.message}, got ${describeValue(input)}`;
    default:
      return issue.message;
  }
}

function nameOfType(expected: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    number: 'a number',
    int: 'a whole number',
    boolean: 'true or false',
    array: 'a list',
    object: 'a mapping',
    record: 'a mapping',
  };
  return names[expected] ?? expected;
}

/** How a found value is shown in a message: strings quoted and cut, containers by kind. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

function toSegment(key: PropertyKey): string | number {
  return typeof key === 'number' ? key : String(key);
}

/** Finds the object schema at a data path, looking through optionals, defaults, unions and transforms. */
function objectShapeAt(schema: z.ZodType, path: Path): Record<string, unknown> | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (const segment of path) {
    current = childOf(current, segment);
    if (!current) return undefined;
  }
  return shapeOf(current);
}

function childOf(schema: z.core.$ZodType | undefined, segment: string | number): z.core.$ZodType | undefined {
  const def = unwrap(schema)?._zod.def;
  if (!def) return undefined;
  if (def.type === 'object') return (def as z.core.$ZodObjectDef).shape[String(segment)];
  if (def.type === 'array') return (def as z.core.$ZodArrayDef).element;
  if (def.type === 'record') return (def as z.core.$ZodRecordDef).valueType;
  if (def.type === 'union') {
    const options = (def as z.core.$ZodUnionDef).options;
    const wanted = typeof segment === 'number' ? 'array' : 'object';
    return options.find((option) => unwrap(option)?._zod.def.type === wanted);
  }
  return undefined;
}

function shapeOf(schema: z.core.$ZodType | undefined): Record<string, unknown> | undefined {
  const inner = unwrap(schema);
  const def = inner?._zod.def;
  if (def?.type === 'object') return (def as z.core.$ZodObjectDef).shape;
  if (def?.type === 'union') {
    for (const option of (def as z.core.$ZodUnionDef).options) {
      const shape = shapeOf(option);
      if (shape) return shape;
    }
  }
  return undefined;
}

function unwrap(schema: z.core.$ZodType | undefined): z.core.$ZodType | undefined {
  let current = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    const def = current._zod.def as { type: string; innerType?: z.core.$ZodType; in?: z.core.$ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}
