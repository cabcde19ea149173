/**
 * Merging an attempt's branch into the integration branch, and under the `agent` conflict policy, starting the
 * resolver on the conflicted merge in the attempt's worktree: if it settles the merge (no unmerged paths and no
 * conflict markers left), the result is merged; if not, the conflict stands and the engine blocks the action.
 */
import { join } from 'node:path';
import type { MergeRequest, MergeResult } from '../engine/drivers.js';
import type { RunWorkspace } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { runChecks, verifyChecks } from '../agents/checks.js';
import { childEnv } from '../process/child-env.js';
import { expandPlaceholders } from './placeholders.js';
import type { PlaceholderValues } from './placeholders.js';
import { runCommand } from '../process/run-command.js';
import { writeFileSync } from 'node:fs';
import { abortMerge, finishResolvedMerge, mergeIntoIntegration, startConflictedMerge } from './integrate.js';
import type { IntegrationMerge } from './integrate.js';
import { actionWorkspace, branchOf, trackWorkspace, worktreeDir } from './names.js';
import { workspaceModeOf } from '../plan/model.js';

export interface MergeContext {
  readonly run: string;
  readonly plan: Plan;
  readonly workspace: RunWorkspace;
  readonly logs: string;
}

export async function mergeAttempt(context: MergeContext, request: MergeRequest): Promise<MergeResult> {
  const { run, workspace } = context;
  const { action, attempt } = request;
  const name = workspaceModeOf(context.plan, action, true) === 'track' ? trackWorkspace(action.agent) : actionWorkspace(action.id, attempt);
  const branch = branchOf(run, name);
  const merge = (commit: string | undefined) =>
    mergeIntoIntegration(workspace.root, {
      integration: workspace.integration,
      branch,
      commit,
      message: `baton: merge ${action.id} (attempt ${attempt}) into ${workspace.integration}`,
      trailers: { 'Baton-Run': run, 'Baton-Action': action.id, 'Baton-Agent': action.agent, 'Baton-Attempt': String(attempt) },
      ...(request.prefer ? { prefer: request.prefer } : {}),
    });
  const first = await merge(request.commit);
  if (first.status !== 'conflict' || request.rule.policy !== 'agent' || request.rule.agent === undefined) return resultOf(first, action.id);
  const dir = worktreeDir(workspace.root, run, name);
  const resolved = await resolveWithAgent(context, request, dir).catch((error: unknown) => `the resolver could not work on the merge: ${error instanceof Error ? error.message : String(error)}`);
  if (typeof resolved === 'string') return { ...resultOf(first, action.id), reason: resolved };
  return { ...resultOf(await merge(resolved.commit), action.id), resolvedBy: request.rule.agent };
}

/** The merge as the engine records it; `theirs` is the action whose branch was merged. */
function resultOf(merge: IntegrationMerge, action: string): MergeResult {
  switch (merge.status) {
    case 'merged':
      return { result: 'merged', commit: merge.commit, files: merge.files, ...(merge.overridden ? { overridden: merge.overridden } : {}) };
    case 'nothing':
      return { result: 'nothing', commit: merge.commit, files: [] };
    case 'conflict':
      return { result: 'conflict', files: [], conflict: { files: merge.files, ours: merge.sides.ours, theirs: action } };
  }
}

/**
 * Runs the resolver command on the conflicted merge in the attempt's worktree; the commit of the settled merge
 * (which is what merges next), or why there is none. The resolver gets the conflicting files in
 * BATON_CONFLICT_FILES.
 */
async function resolveWithAgent(context: MergeContext, request: MergeRequest, dir: string): Promise<{ readonly commit: string } | string> {
  const { rule, action, attempt } = request;
  // A resolver stopped half-way (Ctrl-C, kill -9) left its merge in progress: start it afresh.
  await abortMerge(dir);
  const files = await startConflictedMerge(dir, context.workspace.integration);
  const log = join(context.logs, `${action.id}.${attempt}.resolve.log`);
  const result = await runCommand(rule.run ?? 'false', {
    cwd: join(dir, context.workspace.prefix),
    env: childEnv({
      ...expanded(context.plan.agents[rule.agent!]?.env ?? {}, { workspace: dir, run: context.run, action: action.id, agent: rule.agent! }),
      BATON_RUN: context.run,
      BATON_ACTION: action.id,
      BATON_WORKSPACE: dir,
      BATON_CONFLICT_FILES: files.join('\n'),
    }),
    signal: request.signal,
    // Merges wait for each other: a resolver that hangs would hold up every merge of the run.
    ...(action.timeboxS === undefined ? {} : { timeoutMs: action.timeboxS * 1000 }),
  });
  writeFileSync(log, result.output);
  if (result.exitCode !== 0) {
    await abortMerge(dir);
    return `merge conflict on ${files.join(', ')}: the resolver ${rule.agent} exited with ${result.exitCode ?? 'a signal'} (log: ${log})`;
  }
  try {
    const commit = await finishResolvedMerge(dir, {
      message: `baton: ${rule.agent} resolved the merge of ${context.workspace.integration} into ${action.id}`,
      trailers: { 'Baton-Run': context.run, 'Baton-Action': action.id, 'Baton-Agent': rule.agent! },
    });
    // The resolver changed the action's work: it is judged again by the action's own checks before it merges.
    const verify = await runChecks(verifyChecks(action.verify), {
      cwd: join(dir, context.workspace.prefix),
      env: childEnv({
        ...expanded({ ...context.plan.agents[action.agent]?.env, ...action.env }, { workspace: dir, run: context.run, action: action.id, agent: action.agent }),
        BATON_RUN: context.run,
        BATON_ACTION: action.id,
        BATON_WORKSPACE: dir,
      }),
      signal: request.signal,
      logFile: (index) => join(context.logs, `${action.id}.${attempt}.resolve-verify-${index + 1}.log`),
    });
    const failed = verify.filter((check) => !check.passed).map((check) => check.name);
    if (failed.length > 0) return `the resolver ${rule.agent} settled ${files.join(', ')} but verify failed after it: ${failed.join(', ')}`;
    return { commit };
  } catch (error) {
    await abortMerge(dir);
    return `merge conflict on ${files.join(', ')}: the resolver ${rule.agent} left it unsettled (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** `env` values with their placeholders filled in (no port is leased for a merge: `{{port}}` becomes empty). */
function expanded(env: Readonly<Record<string, string>>, values: PlaceholderValues): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, expandPlaceholders(value, { port: '', ...values })]));
}
