/**
 * Reading a plan: text → syntax → schema → resolved plan → reference checks. Each stage reports every problem it
 * finds, placed at its line and column; a stage runs only when the one before it passed, so one mistake is not
 * reported three times in three disguises. Graph checks (cycles, reachability) live with the planner.
 */
import { readFile } from 'node:fs/promises';
import type { LocatedProblem, Problem } from '../errors.js';
import { PlanReadError } from '../errors.js';
import { checkReferences } from './check-refs.js';
import { checkWorkspaces } from './check-workspace.js';
import { sortProblems } from './format-problem.js';
import type { Plan } from './model.js';
import { normalizePlan } from './normalize.js';
import { planSchema } from './schema.js';
import { locate, parseSource } from './source.js';
import type { PlanSource } from './source.js';
import { describeValue, problemsFromIssues } from './zod-problems.js';

export interface ReadResult {
  /** The resolved plan; present when the text parsed and matched the schema, even if references are broken. */
  readonly plan: Plan | undefined;
  readonly problems: readonly LocatedProblem[];
  /** Places further problems (such as the planner's) in the same file. */
  readonly locate: (problems: readonly Problem[]) => LocatedProblem[];
}

/** Reads plan text already in memory. Never throws for bad input: problems are returned. */
export function readPlanText(file: string, text: string): ReadResult {
  const parsed = parseSource(file, text);
  const place = placer(parsed.source);
  if (parsed.problems.length > 0) return { plan: undefined, problems: parsed.problems, locate: place };
  if (parsed.data === null || typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    const found = parsed.data === null || parsed.data === undefined ? 'an empty document' : describeValue(parsed.data);
    const problem = { path: [], code: 'wrong-type', message: `expected a plan: a mapping with "phases" or "actions", got ${found}` };
    return { plan: undefined, problems: place([problem]), locate: place };
  }
  const result = planSchema.safeParse(parsed.data, { reportInput: true });
  if (!result.success) {
    return { plan: undefined, problems: place(problemsFromIssues(result.error.issues, planSchema)), locate: place };
  }
  const { plan, problems } = normalizePlan(result.data, file);
  return { plan, problems: place([...problems, ...checkReferences(plan), ...checkWorkspaces(plan)]), locate: place };
}

/** Reads a plan file. Throws {@link PlanReadError} only when the file cannot be read at all. */
export async function readPlanFile(file: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PlanReadError(file, { cause });
  }
  return readPlanText(file, text);
}

function placer(source: PlanSource) {
  return (problems: readonly Problem[]) => sortProblems(problems.map((problem) => locate(source, problem)));
}
