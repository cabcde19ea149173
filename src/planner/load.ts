/**
 * Loading a plan for use: read it, check its references, then check it as a graph. `baton validate`, `plan` and
 * (later) `run` all go through here, so they agree on what a valid plan is.
 */
import { readFile } from 'node:fs/promises';
import { PlanInvalidError, PlanReadError } from '../errors.js';
import { importMarkdown } from '../import/import.js';
import type { LocatedProblem } from '../errors.js';
import type { Plan } from '../plan/model.js';
import { readPlanFile, readPlanText } from '../plan/read.js';
import type { ReadResult } from '../plan/read.js';
import { checkGraph } from './check-graph.js';

export interface CheckedPlan {
  /** The resolved plan, when it could be read (it may still have problems). */
  readonly plan: Plan | undefined;
  /** Every problem found; empty means valid. */
  readonly problems: readonly LocatedProblem[];
}

/** Checks plan text in memory. Never throws for bad input. */
export function checkPlanText(file: string, text: string): CheckedPlan {
  return withGraphChecks(readPlanText(file, text));
}

/** Checks a plan file (YAML, JSON, or a Markdown document imported in memory). Throws `PlanReadError` only when the file cannot be read. */
export async function checkPlanFile(file: string): Promise<CheckedPlan> {
  if (!isMarkdown(file)) return withGraphChecks(await readPlanFile(file));
  return checkPlanText(file, await planText(file));
}

/** Markdown documents are plans people write by hand; they are imported (src/import) rather than read. */
export function isMarkdown(file: string): boolean {
  return /\.(md|markdown)$/i.test(file);
}

/**
 * The plan text of a file as a run stores it: the file itself, or for a Markdown document the plan YAML it imports
 * to, so that a resume reads the plan the run started with.
 */
export async function planText(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new PlanReadError(file, { cause });
  }
  return isMarkdown(file) ? importMarkdown(text, { file, agentDefault: 'claude-code' }).yaml : text;
}

/** Loads a valid plan or throws `PlanInvalidError` listing every problem. */
export async function loadPlan(file: string): Promise<Plan> {
  const { plan, problems } = await checkPlanFile(file);
  if (!plan || problems.length > 0) throw new PlanInvalidError(problems);
  return plan;
}

function withGraphChecks(read: ReadResult): CheckedPlan {
  if (!read.plan || read.problems.length > 0) return { plan: read.plan, problems: read.problems };
  return { plan: read.plan, problems: read.locate(checkGraph(read.plan)) };
}
