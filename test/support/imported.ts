/**
 * Importing a Markdown document in a test: the plan must validate and plan, or the test fails right there.
 * Shared by the importer's tests (src/import/*.test.ts).
 */
import { expect } from 'vitest';
import type { ImportResult } from '../../src/import/import.js';
import { importMarkdown } from '../../src/import/import.js';
import type { Plan } from '../../src/plan/model.js';
import { buildDomain, defaultGoal } from '../../src/planner/domain.js';
import { planActions } from '../../src/planner/goap.js';
import { checkPlanText } from '../../src/planner/load.js';

/** Imports a document, checks that the plan is valid and plans, and returns both. */
export function imported(markdown: string, agentDefault: 'shell' | 'claude-code' = 'claude-code'): { result: ImportResult; plan: Plan } {
  const result = importMarkdown(markdown, { file: 'doc.md', agentDefault });
  const checked = checkPlanText('doc.yaml', result.yaml);
  expect(checked.problems).toEqual([]);
  const plan = checked.plan as Plan;
  planActions(buildDomain(plan), { initial: new Set(), goal: defaultGoal(plan) });
  return { result, plan };
}

/** The plan's action with this id; fails naming the ids there are. */
export function action(plan: Plan, id: string): Plan['actions'][number] {
  const found = plan.actions.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no action ${id}; have ${plan.actions.map((a) => a.id).join(', ')}`);
  return found;
}

/** A document from its lines. */
export const doc = (...lines: string[]): string => lines.join('\n');

/** The warnings' messages, each prefixed with its line: "12: …". */
export function warningsOf(result: ImportResult): string[] {
  return result.warnings.map((w) => `${w.line}: ${w.message}`);
}
