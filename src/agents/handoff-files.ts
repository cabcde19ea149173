/**
 * Where handoffs live in a run and how one is settled. An attempt writes its own at `$BATON_HANDOFF`: in a
 * worktree, `.baton-handoff.yaml` where it works (an agent CLI may write only under its working directory:
 * Claude Code's edits, Codex's `workspace-write` sandbox, Gemini's workspace), which git is told to ignore, so it
 * is never committed; in the target directory, `.baton/runs/<run>/handoffs/<action>.<attempt>.from-agent.yaml`.
 * Once its work passed `verify`, baton reads it (and removes the worktree's copy, so a track's next action does
 * not find it), fills in what baton knows better (who wrote it, for whom, the phase, the id) and keeps it as the
 * action's handoff, `<action>.yaml`, which the actions that depend on it get in their prompts. A missing or
 * invalid one is replaced by a synthesized one, with the reason.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckResult } from '../engine/events.js';
import type { Action, Plan } from '../plan/model.js';
import { formatHandoff, handoffId, readHandoff, synthesizeHandoff } from './handoff.js';
import type { Handoff } from './handoff.js';

export function handoffsDir(runDir: string): string {
  return join(runDir, 'handoffs');
}

/** The name of the handoff file an agent writes where it works, in a worktree (excluded from git). */
export const HANDOFF_FILE = '.baton-handoff.yaml';

/**
 * Where attempt `attempt` of `action` writes its handoff, given to it as `BATON_HANDOFF`: `inWorktree`, the
 * directory it works in when that is a worktree of its own.
 */
export function agentHandoffFile(runDir: string, action: string, attempt: number, inWorktree?: string): string {
  return inWorktree === undefined ? join(handoffsDir(runDir), `${action}.${attempt}.from-agent.yaml`) : join(inWorktree, HANDOFF_FILE);
}

/** The action's handoff as its dependents get it: the one of its last attempt that passed `verify`. */
export function actionHandoffFile(runDir: string, action: string): string {
  return join(handoffsDir(runDir), `${action}.yaml`);
}

export interface SettledHandoff {
  readonly file: string;
  readonly text: string;
  readonly synthesized: boolean;
  /** Why baton wrote it instead of the agent: `missing`, or `invalid: …`. */
  readonly reason: string | undefined;
}

export interface SettleInput {
  readonly runDir: string;
  /** What the agent wrote, as {@link takeAgentHandoff} read it. */
  readonly written: AgentHandoff;
  readonly run: string;
  readonly plan: Plan;
  readonly action: Action;
  readonly attempt: number;
  readonly dependencies: readonly string[];
  readonly diffStat: readonly { readonly file: string; readonly added: number; readonly deleted: number }[];
  readonly checks: readonly CheckResult[];
  readonly finalMessage: string | undefined;
  readonly redact: (text: string) => string;
  readonly now: Date;
}

/** The agent's handoff as read: valid, a problem, or none. */
export type AgentHandoff = ReturnType<typeof readHandoff>;

/**
 * Reads the handoff the agent wrote and removes the file, at once after the work and before baton commits it:
 * git ignores the name, but a repository's `.gitignore` can re-include it (`!*.yaml`) or an agent can force-add
 * it, and it must never be committed. What stays on disk is the settled, redacted copy.
 */
export function takeAgentHandoff(file: string): AgentHandoff {
  const read = readHandoff(file);
  rmSync(file, { force: true });
  return read;
}

/** Keeps the agent's handoff (or one synthesized when it wrote none or an invalid one) as the action's handoff. */
export function settleHandoff(input: SettleInput): SettledHandoff {
  const { plan, action } = input;
  const read = input.written;
  const known = { toAgents: dependentAgents(plan, action), fromAgent: action.agent, phase: action.phase };
  let handoff: Handoff;
  let reason: string | undefined;
  if (read !== undefined && 'handoff' in read) {
    const own = read.handoff;
    // Who wrote it, for whom and in which phase is baton's to say (the prompt tells the agent so); the id is the
    // agent's if it gave one.
    handoff = {
      ...own,
      handoffId: own.handoffId ?? handoffId(input.now, action.agent, input.attempt),
      fromAgent: known.fromAgent,
      toAgents: known.toAgents.length > 0 ? known.toAgents : own.toAgents,
      phase: known.phase,
      synthesized: false,
    };
  } else {
    reason = read === undefined ? 'missing' : `invalid: ${read.problem}`;
    const phase = plan.phases.find((p) => p.id === action.phase)!;
    handoff = synthesizeHandoff({
      run: input.run,
      action,
      phase,
      toAgents: known.toAgents,
      dependencies: input.dependencies,
      diffStat: input.diffStat,
      checks: input.checks,
      finalMessage: input.finalMessage,
      date: input.now,
      sequence: input.attempt,
      reason,
    });
  }
  const file = actionHandoffFile(input.runDir, action.id);
  const text = input.redact(formatHandoff(handoff));
  mkdirSync(handoffsDir(input.runDir), { recursive: true });
  writeFileSync(file, text);
  return { file, text, synthesized: handoff.synthesized === true, reason };
}

/** The handoffs of `actions` that have one, for a prompt. */
export function dependencyHandoffs(runDir: string, plan: Plan, actions: readonly string[]): { action: string; agent: string; text: string; synthesized: boolean }[] {
  return actions.flatMap((id) => {
    const file = actionHandoffFile(runDir, id);
    const read = readHandoff(file);
    if (read === undefined || !('handoff' in read)) return [];
    const agent = plan.actions.find((a) => a.id === id)?.agent ?? '?';
    return [{ action: id, agent, text: formatHandoff(read.handoff), synthesized: read.handoff.synthesized === true }];
  });
}

/** The agents of the actions that wait for `action` by name or for a fact it provides. */
function dependentAgents(plan: Plan, action: Action): string[] {
  const provides = new Set(action.provides);
  const agents = plan.actions
    .filter((other) => other.needs.includes(action.id) || other.requires.some((fact) => provides.has(fact)))
    .map((other) => other.agent);
  return [...new Set(agents)];
}
