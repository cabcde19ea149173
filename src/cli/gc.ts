/**
 * `baton gc`: removes the worktrees and branches of finished runs that hold nothing that is not elsewhere — a
 * worktree only when it is clean and its branch merged, a branch only when merged, an integration branch only
 * once landed — and lists what it keeps and why. Runs that may still resume are not touched.
 */
import type { Command } from 'commander';
import type { RunWorkspace } from '../engine/events.js';
import { openStore } from '../store/open.js';
import { collectGarbage } from '../workspace/gc.js';
import type { GcRun } from '../workspace/gc.js';
import { EXIT } from './exit-codes.js';
import type { Io } from './io.js';
import { paint } from './io.js';
import type { CommandResult } from './main.js';
import { existingDb, withTarget } from './target.js';
import type { TargetOptions } from './target.js';

interface GcOptions extends TargetOptions {
  dryRun?: boolean;
  json?: boolean;
}

export function registerGc(program: Command, io: Io, result: CommandResult): void {
  withTarget(
    program
      .command('gc')
      .description('remove worktrees and branches of finished runs that are clean and merged; list what is kept')
      .option('--dry-run', 'say what would be removed, remove nothing')
      .option('--json', 'print what was removed and kept as JSON'),
  ).action(async (options: GcOptions) => {
    result.code = await gc(options, io);
  });
}

async function gc(options: GcOptions, io: Io): Promise<number> {
  const store = openStore(existingDb(options));
  const byRoot = new Map<string, GcRun[]>();
  try {
    for (const row of store.runs()) {
      const created = store.events(row.id)[0]?.event;
      const workspace: RunWorkspace | undefined = created?.type === 'run.created' ? created.options.workspace : undefined;
      if (!workspace) continue;
      const runs = byRoot.get(workspace.root) ?? [];
      runs.push({ id: row.id, finished: row.status === 'succeeded' || row.status === 'failed', ...(workspace.base ? { base: workspace.base } : {}) });
      byRoot.set(workspace.root, runs);
    }
  } finally {
    store.close();
  }
  const removed: { kind: string; name: string }[] = [];
  const kept: { kind: string; name: string; reason: string }[] = [];
  for (const [root, runs] of byRoot) {
    const report = await collectGarbage(root, runs, { dryRun: options.dryRun === true });
    removed.push(...report.removed);
    kept.push(...report.kept);
  }
  if (options.json) {
    io.out(`${JSON.stringify({ removed, kept, dry_run: options.dryRun === true }, null, 2)}\n`);
    return EXIT.ok;
  }
  const c = paint(io);
  const verb = options.dryRun ? 'would remove' : 'removed';
  for (const item of removed) io.out(`${c.green('-')} ${verb} ${item.kind} ${item.name}\n`);
  for (const item of kept) io.out(`${c.yellow('=')} kept ${item.kind} ${item.name}: ${item.reason}\n`);
  io.out(`${removed.length} ${verb}, ${kept.length} kept\n`);
  return EXIT.ok;
}
