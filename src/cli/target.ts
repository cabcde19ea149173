/** Where a run lives: the target directory (commands run there) and its database, `.baton/baton.db` by default. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import type { Domain } from '../planner/domain.js';
import { didYouMean } from '../plan/suggest.js';

export interface TargetOptions {
  cwd?: string;
  db?: string;
}

export interface Target {
  readonly cwd: string;
  readonly db: string;
}

export function resolveTarget(options: TargetOptions): Target {
  const cwd = resolve(options.cwd ?? process.cwd());
  return { cwd, db: options.db ? resolve(options.db) : join(cwd, '.baton', 'baton.db') };
}

/**
 * The database of a target where runs already are. Commands that only act on existing runs (land, rollback,
 * resolve, gc) refuse a target without one rather than leave an empty `.baton/baton.db` behind.
 */
export function existingDb(options: TargetOptions): string {
  const { db } = resolveTarget(options);
  if (!existsSync(db)) throw new UsageError(`no runs here: ${db} does not exist (start one with baton run <plan>, or point --cwd or --db at a target)`);
  return db;
}

/** Adds `--cwd` and `--db` to a command. */
export function withTarget(command: Command): Command {
  return command
    .option('--cwd <dir>', 'the target directory: commands run there, .baton/ lives there (default: the current directory)')
    .option('--db <file>', 'the run database (default: <cwd>/.baton/baton.db)');
}

/** `--goal` names facts on the command line; a typo there gets the same help as one in the plan. */
export function checkGoalFacts(domain: Domain, goals: readonly string[]): void {
  const known = new Set(Array.from({ length: domain.facts.size }, (_, id) => domain.facts.name(id)));
  for (const fact of [...Object.keys(domain.plan.facts), ...Object.keys(domain.plan.sensors)]) known.add(fact);
  for (const goal of goals) {
    if (!known.has(goal)) {
      throw new UsageError(`--goal: unknown fact "${goal}"${didYouMean(goal, known)}; expected a fact of the plan, done:<action> or phase:<phase>`);
    }
  }
}
