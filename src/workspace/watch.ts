/**
 * Detection while attempts run: every interval, the files each running worktree changed since its base are
 * listed; a file changed by two running attempts (a merge conflict in the making) or outside an action's `files`
 * leases is reported as an event, once per new finding, so the user sees it when it happens rather than at the
 * merge. Polling git is cheap next to an attempt and needs no file-system watcher per worktree.
 */
import type { EngineEvent } from '../engine/events.js';
import { matchesLease } from '../plan/leases.js';
import type { Action } from '../plan/model.js';
import { changedFiles } from './worktree.js';

interface Watched {
  readonly action: Action;
  readonly dir: string;
  readonly base: string;
  files: readonly string[];
}

export class FileWatcher {
  private readonly watched = new Map<string, Watched>();
  private readonly told = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly intervalMs: number) {}

  start(report: (event: EngineEvent) => void): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.polling) return;
      this.polling = true;
      this.poll(report)
        .catch(() => undefined)
        .finally(() => (this.polling = false));
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.watched.clear();
  }

  add(action: Action, dir: string, base: string): void {
    this.watched.set(action.id, { action, dir, base, files: [] });
  }

  remove(action: string): void {
    this.watched.delete(action);
  }

  /** One look at every running worktree; exported for tests through {@link findings}. */
  async poll(report: (event: EngineEvent) => void): Promise<void> {
    for (const entry of this.watched.values()) entry.files = await changedFiles(entry.dir, entry.base).catch(() => entry.files);
    for (const event of findings([...this.watched.values()])) {
      const key = JSON.stringify(event);
      if (this.told.has(key)) continue;
      this.told.add(key);
      report(event);
    }
  }
}

/** What the changed files of running attempts show: overlaps between two of them, and writes outside leases. */
export function findings(running: readonly { action: Action; files: readonly string[] }[]): EngineEvent[] {
  const events: EngineEvent[] = [];
  for (const { action, files } of running) {
    if (action.files.length === 0) continue;
    const outside = files.filter((file) => !matchesLease(file, action.files));
    if (outside.length > 0) events.push({ type: 'files.outside_lease', action: action.id, files: outside });
  }
  for (let i = 0; i < running.length; i++) {
    for (let j = i + 1; j < running.length; j++) {
      const theirs = new Set(running[j]!.files);
      const both = running[i]!.files.filter((file) => theirs.has(file));
      // Sorted, so the same overlap is the same event whichever attempt started first.
      const pair = [running[i]!.action.id, running[j]!.action.id].sort();
      if (both.length > 0) events.push({ type: 'files.overlap', actions: pair, files: both });
    }
  }
  return events;
}
