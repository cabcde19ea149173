/** `baton run <plan>`: sense, plan, then execute the plan for real, durably; `resume` picks up what this starts. */
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { newRunState } from '../engine/core.js';
import { UsageError } from '../errors.js';
import { workspaceModeOf } from '../plan/model.js';
import type { Plan } from '../plan/model.js';
import type { EngineEvent, RunBudget, RunOptions } from '../engine/events.js';
import { plannedEvent } from '../engine/planned-event.js';
import { newRunId } from '../store/run-id.js';
import { openStore } from '../store/open.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { collect, durationOption, positiveInt, positiveNumber } from './options.js';
import { ensureAgentsUsable } from '../agents/check-agents.js';
import { planText } from '../planner/load.js';
import { driveSession, lockRun } from './run-session.js';
import { preparePlan } from './prepare.js';
import { resolveTarget, withTarget } from './target.js';
import type { TargetOptions } from './target.js';
import { detectWorkspace } from '../workspace/detect.js';
import { ensureExcluded, isGitRepo } from '../workspace/git.js';
import { withWorkspaceOptions, workspaceSettings } from './workspace-options.js';
import type { WorkspaceCommandOptions } from './workspace-options.js';

interface RunCommandOptions extends TargetOptions, WorkspaceCommandOptions {
  concurrency?: number;
  failFast?: boolean;
  yes?: boolean;
  goal?: string[];
  sense: boolean;
  json?: boolean;
  retryBackoff?: number;
  maxCost?: number;
  maxTokens?: number;
  maxTime?: number;
}

/** The command line's limits on the whole run, kept with the run so that a resume keeps them. */
function budgetOptions(options: RunCommandOptions): { budget?: RunBudget } {
  const budget: RunBudget = {
    ...(options.maxCost === undefined ? {} : { costUsd: options.maxCost }),
    ...(options.maxTokens === undefined ? {} : { tokens: options.maxTokens }),
    ...(options.maxTime === undefined ? {} : { timeS: options.maxTime }),
  };
  return Object.keys(budget).length === 0 ? {} : { budget };
}

/**
 * Conflict resolvers run as shell commands in the conflicted worktree (src/workspace/merge-attempt.ts); an AI
 * resolver is not wired yet, so a plan that names one is refused before the run starts.
 */
function refuseAiResolvers(plan: Plan): void {
  const resolvers = plan.phases.map((phase) => phase.conflicts).filter((rule) => rule.policy === 'agent' && plan.agents[rule.agent ?? '']?.use !== 'shell');
  if (resolvers.length === 0) return;
  const agent = resolvers[0]!.agent ?? '?';
  throw new UsageError(`conflict resolvers must be shell agents with "run" so far; the resolver "${agent}" uses ${plan.agents[agent]?.use ?? '?'}`);
}

/** First retry delay; it doubles with each retry. */
const DEFAULT_RETRY_BACKOFF_MS = 1000;

export function registerRun(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    withWorkspaceOptions(program
      .command('run')
      .description('execute a plan: sense, plan, then run ready actions critical-path-first, durably')
      .argument('<plan>', 'plan file (YAML or JSON, or a Markdown document, imported)')
      .option('--concurrency <n>', 'attempts running at once, over all agents (default: the number of cores)', positiveInt('--concurrency'))
      .option('--fail-fast', 'end the run at the first action that fails for good')
      .option('--yes', 'approve every phase that asks for approval')
      .option('--goal <fact>', 'run only what this fact needs (repeatable)', collect)
      .option('--no-sense', 'do not run the sensors; sensed facts count as false')
      .option('--retry-backoff <ms>', `first retry delay in milliseconds, doubled each retry (default: ${DEFAULT_RETRY_BACKOFF_MS})`, positiveInt('--retry-backoff'))
      .option('--max-cost <usd>', 'stop the run\'s AI agents once they have spent this many US dollars', positiveNumber('--max-cost'))
      .option('--max-tokens <n>', 'stop the run\'s AI agents once they have used this many tokens', positiveInt('--max-tokens'))
      .option('--max-time <duration>', 'stop attempts once their summed wall time reaches this (e.g. 2h)', durationOption('--max-time'))
      .option('--json', 'print every event as a JSON line')),
  ).action(async (file: string, options: RunCommandOptions) => {
    result.code = await runPlan(file, options, io);
  });
}

async function runPlan(file: string, options: RunCommandOptions, io: Io): Promise<number> {
  const target = resolveTarget(options);
  // Planning before the run exists: a goal that cannot be reached creates no run.
  const { plan, goal, initial, planned } = await preparePlan(file, { goal: options.goal, sense: options.sense, cwd: target.cwd });
  refuseAiResolvers(plan);
  await ensureAgentsUsable(plan, planned.nodes.flatMap((node) => (node.action ? [node.action] : [])), target.cwd);
  const run = newRunId(new Date());
  // A plan whose every action works in the target directory needs no git, whatever the target is.
  const inPlace = plan.actions.every((action) => workspaceModeOf(plan, action, true) === 'none');
  const detected = inPlace ? { workspace: undefined, why: 'the plan says workspace: none' } : await detectWorkspace(target.cwd, run);
  // `.baton/` is baton's, not the project's: an agent's `git add -A` in the target must not commit it.
  if (await isGitRepo(target.cwd)) {
    await ensureExcluded(target.cwd);
    // aider writes its repository map cache at the top of the repository, where `git add -A` would commit it.
    if (Object.values(plan.agents).some((agent) => agent.use === 'aider')) await ensureExcluded(target.cwd, '.aider*');
  }
  const runOptions: RunOptions = {
    concurrency: options.concurrency ?? availableParallelism(),
    failFast: options.failFast === true,
    yes: options.yes === true,
    goal,
    workers: null,
    retryBackoffMs: options.retryBackoff ?? DEFAULT_RETRY_BACKOFF_MS,
    ...budgetOptions(options),
    ...(detected.workspace ? { workspace: detected.workspace } : {}),
  };
  const store = openStore(target.db);
  try {
    const path = resolve(file);
    store.createRun(run, path, Date.now());
    const reported: EngineEvent[] = [
      { type: 'run.created', file: path, planText: await planText(file), options: runOptions },
      { type: 'run.sensed', facts: [...initial] },
      plannedEvent(planned),
    ];
    const state = newRunState(plan, runOptions);
    const lock = lockRun(store, run);
    if (!options.json) io.err(startLine(run, planned.nodes.filter((n) => n.kind === 'action').length, target.cwd, detected));
    const settings = workspaceSettings(options);
    return await driveSession({ store, run, state, cwd: target.cwd, lastSeq: 0, json: options.json === true, reported, settings }, lock, io);
  } finally {
    store.close();
  }
}

function startLine(run: string, actions: number, cwd: string, detected: Awaited<ReturnType<typeof detectWorkspace>>): string {
  const where = detected.workspace
    ? `worktrees merge into ${detected.workspace.integration}`
    : `attempts run in the target directory (${detected.why})`;
  return `run ${run}: ${actions} actions planned; ${where}; .baton/ in ${cwd}\n`;
}
