/** Options of `baton run` and `baton resume` about where attempts work: free disk space, and watching files. */
import type { Command } from 'commander';
import { parseMinFree } from '../workspace/disk.js';
import type { MinFree } from '../workspace/disk.js';
import { durationMs } from './options.js';

/**
 * @default "1GiB": a worktree of a large repository plus its build output takes hundreds of megabytes; starting
 * one with less left risks failing the attempt, or the machine, half-way.
 */
export const DEFAULT_MIN_FREE = '1GiB';
/** @default 5 s: often enough to warn well before a merge, rare enough to cost nothing next to an attempt. */
export const DEFAULT_WATCH_INTERVAL_MS = 5000;

export interface WorkspaceCommandOptions {
  minFree?: MinFree;
  watchInterval?: number;
}

export interface WorkspaceSettings {
  readonly minFree: MinFree;
  readonly watchIntervalMs: number;
}

export function withWorkspaceOptions(command: Command): Command {
  return command
    .option('--min-free <size>', `free disk space to keep before starting a worktree, a size or a percentage, e.g. 2GiB or 5% (default: ${DEFAULT_MIN_FREE})`, (value: string) =>
      parseMinFree(value),
    )
    .option('--watch-interval <duration>', 'how often running worktrees are checked for files two attempts change, or changed outside leases; 0 turns it off (default: 5s)', durationMs('--watch-interval'));
}

export function workspaceSettings(options: WorkspaceCommandOptions): WorkspaceSettings {
  return { minFree: options.minFree ?? parseMinFree(DEFAULT_MIN_FREE), watchIntervalMs: options.watchInterval ?? DEFAULT_WATCH_INTERVAL_MS };
}
