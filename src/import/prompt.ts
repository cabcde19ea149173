/**
 * The prompt of an imported action: what to do (its title and steps), where it stands (the plan's goal, its
 * phase, who else takes part) and what the document says around it (fields, notes, metrics). An AI agent gets
 * only this text, so everything the document said about the workstream that is not a plan field is here.
 * Done checklist items stay in, marked, so the agent checks them instead of redoing them.
 */
import type { Draft, DraftAction } from './draft.js';

/** Who takes part besides the owner, as the prompt says it. */
export interface PromptPeople {
  readonly owner: string;
  readonly reviewer?: string;
  readonly others: readonly string[];
}

/** Assembles the prompt text. */
export function promptOf(draft: Draft, action: DraftAction, people: PromptPeople): string {
  const out: string[] = [action.title, ''];
  if (draft.name !== undefined) out.push(`Plan: ${draft.name}`);
  if (draft.goal !== undefined) out.push(`Goal of the plan: ${draft.goal.value}`);
  out.push(`Phase: ${action.phase.title}`);
  if (action.phase.goal !== undefined) out.push(`Goal of the phase: ${action.phase.goal.value}`);
  out.push(`You act as: ${people.owner}`);
  if (people.reviewer !== undefined) out.push(`Reviewed by: ${people.reviewer}`);
  if (people.others.length > 0) out.push(`Working with: ${people.others.join(', ')}`);
  const steps = action.steps;
  if (steps.length > 0) {
    out.push('', 'Steps:');
    for (const step of steps) {
      const indent = /^\s*/u.exec(step.text)?.[0] ?? '';
      out.push(`${indent}${step.done === true ? '- [x]' : step.done === false ? '- [ ]' : '-'} ${step.text.trimStart()}`);
    }
    if (steps.some((s) => s.done === true)) out.push('', 'Items marked [x] are already done: check that they hold, do not redo them.');
  }
  if (action.loop !== undefined) {
    const until = action.loop.until === undefined ? 'its checks pass' : action.loop.until;
    out.push('', `This work repeats until ${until}${action.rounds === undefined ? '' : ` (${action.rounds.text})`}: each round, fix what the last one left failing.`);
  }
  if (action.context.length > 0) out.push('', 'Notes from the plan:', ...action.context);
  const checks = action.phase.checks.filter((c) => c.target !== undefined);
  if (checks.length > 0) {
    out.push('', 'Success metrics of this phase:');
    for (const check of checks) out.push(`- ${check.name}: ${check.baseline === undefined ? '' : `${check.baseline} → `}${check.target ?? ''}`);
  }
  return out.join('\n');
}
