/**
 * Garbage collection of finished runs: worktrees, workspace branches, integration branches and checkpoint tags
 * that hold nothing which is not also somewhere else. Whatever might hold work is kept, with the reason: a
 * worktree with uncommitted changes or unmerged commits, a branch not merged into its run's integration branch,
 * an integration branch not landed; rollback backups and shelved work always. Never `--force`; runs that may
 * still resume are not looked at.
 */
import { readdir, realpath, rmdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { countCommitsNotIn, git, isAncestor, revParse } from './git.js';
import { backupPrefix, checkpointPrefix, headRef, integrationBranch, runWorktreesDir, shelvedPrefix, workspaceBranchesPattern } from './names.js';
import { listRefs, updateRefs } from './refs.js';
import type { RefChange } from './refs.js';
import { dirtyFiles } from './status.js';
import { listWorktrees } from './worktree-list.js';
import type { WorktreeInfo } from './worktree-list.js';

/** A run as gc needs to know it. */
export interface GcRun {
  readonly id: string;
  /** Finished (succeeded or failed for good): nothing will resume it. Unfinished runs are left alone. */
  readonly finished: boolean;
  /** The branch the run lands on; its integration branch is removed only once merged there. */
  readonly base?: string;
}

/** What gc removes or keeps: a worktree (by path), a branch, a checkpoint tag, or another ref (a backup). */
export type GcKind = 'worktree' | 'branch' | 'tag' | 'ref';

export interface GcReport {
  /** What was removed (with `dryRun`, what would be). Worktrees by path, branches and tags by short name. */
  readonly removed: { readonly kind: GcKind; readonly name: string }[];
  readonly kept: { readonly kind: GcKind; readonly name: string; readonly reason: string }[];
}

/** Per-run state shared by the steps below. */
interface RunGc {
  readonly root: string;
  readonly run: GcRun;
  readonly integration: string;
  /** Commits that everything removed must be reachable from: the integration tip and the base tip. */
  readonly safe: readonly string[];
  readonly dryRun: boolean;
  readonly report: GcReport;
  /** Branches checked out in worktrees that are kept. */
  readonly held: Map<string, string>;
}

/**
 * Removes what the finished `runs` of the repository at `root` no longer need and reports what it removed and
 * what it kept, with why. `dryRun`: decides the same, changes nothing.
 */
export async function collectGarbage(root: string, runs: readonly GcRun[], options: { readonly dryRun: boolean }): Promise<GcReport> {
  const report: GcReport = { removed: [], kept: [] };
  const worktrees = await listWorktrees(root);
  const realRoot = await realpath(root);
  for (const run of runs.filter((candidate) => candidate.finished)) {
    const integration = integrationBranch(run.id);
    const tips = await Promise.all([revParse(root, headRef(integration)), run.base === undefined ? undefined : revParse(root, headRef(run.base))]);
    const safe = tips.filter((tip): tip is string => tip !== undefined);
    const gc: RunGc = { root, run, integration, safe, dryRun: options.dryRun, report, held: new Map() };
    const dirs = [runWorktreesDir(root, run.id), runWorktreesDir(realRoot, run.id)];
    const mine = worktrees.filter((worktree) => dirs.some((dir) => worktree.path.startsWith(dir + sep)));
    await collectWorktrees(gc, mine);
    await reportStrays(gc, dirs[0] ?? '', mine);
    await collectBranches(gc);
    await collectIntegration(gc, tips[0], tips[1]);
  }
  if (!options.dryRun) {
    // No `git worktree prune`: it would also forget the user's own worktrees whose directory is away (an
    // unmounted drive), with their index. `git worktree remove` above already unregistered what gc removed.
    for (const run of runs.filter((candidate) => candidate.finished)) await rmdir(runWorktreesDir(root, run.id)).catch(() => undefined);
  }
  return report;
}

async function collectWorktrees(gc: RunGc, worktrees: readonly WorktreeInfo[]): Promise<void> {
  for (const worktree of worktrees) {
    const reason = worktree.prunable ? undefined : ((await keepWorktree(gc, worktree)) ?? (await removeWorktree(gc, worktree)));
    if (reason === undefined) {
      gc.report.removed.push({ kind: 'worktree', name: worktree.path });
      continue;
    }
    gc.report.kept.push({ kind: 'worktree', name: worktree.path, reason });
    if (worktree.branch !== undefined) gc.held.set(worktree.branch, worktree.path);
  }
}

/** `git worktree remove` (never forced); why it refused, if it did. */
async function removeWorktree(gc: RunGc, worktree: WorktreeInfo): Promise<string | undefined> {
  if (gc.dryRun) return undefined;
  const removal = await git(gc.root, ['worktree', 'remove', worktree.path], { allowFail: true });
  return removal.exitCode === 0 ? undefined : `git worktree remove refused: ${removal.stderr.trim()}`;
}

/** Directories in the run's worktree folder that git does not know as worktrees: reported, never deleted. */
async function reportStrays(gc: RunGc, dir: string, worktrees: readonly WorktreeInfo[]): Promise<void> {
  const registered = new Set(worktrees.map((worktree) => worktree.path));
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if (registered.has(path) || registered.has(await realpath(path).catch(() => path))) continue;
    gc.report.kept.push({ kind: 'worktree', name: path, reason: 'not a git worktree of this repository; remove it by hand if it holds nothing you need' });
  }
}

/** Why a worktree must stay, or `undefined` when everything in it is committed and merged. */
async function keepWorktree(gc: RunGc, worktree: WorktreeInfo): Promise<string | undefined> {
  if (worktree.locked) return 'locked (git worktree unlock it to let gc remove it)';
  const dirty = await dirtyFiles(worktree.path);
  if (dirty.length > 0) return `uncommitted changes: ${dirty.length} file${dirty.length === 1 ? '' : 's'}`;
  if (worktree.head === undefined) return undefined;
  const unmerged = await countCommitsNotIn(gc.root, worktree.head, gc.safe);
  if (unmerged === 0) return undefined;
  const what = worktree.branch === undefined ? 'detached HEAD' : 'branch';
  return `${what} has ${unmerged} commit${unmerged === 1 ? '' : 's'} not merged into ${gc.integration}`;
}

async function collectBranches(gc: RunGc): Promise<void> {
  const pattern = workspaceBranchesPattern(gc.run.id);
  const merged = new Set(gc.safe.length === 0 ? [] : (await listRefs(gc.root, [pattern], gc.safe)).map((info) => info.ref));
  const removals: RefChange[] = [];
  for (const { ref, oid, worktree } of await listRefs(gc.root, [pattern])) {
    const name = ref.slice('refs/heads/'.length);
    const holder = gc.held.get(name) ?? (worktree !== undefined && !gc.report.removed.some((r) => r.name === worktree) ? worktree : undefined);
    let reason: string | undefined;
    if (holder !== undefined) reason = `checked out in ${holder}`;
    else if (!merged.has(ref)) {
      const unmerged = await countCommitsNotIn(gc.root, oid, gc.safe);
      reason = `branch has ${unmerged} commit${unmerged === 1 ? '' : 's'} not merged into ${gc.integration}`;
    }
    if (reason !== undefined) gc.report.kept.push({ kind: 'branch', name, reason });
    else {
      removals.push({ ref, next: undefined, expected: oid });
      gc.report.removed.push({ kind: 'branch', name });
    }
  }
  if (!gc.dryRun) await updateRefs(gc.root, removals, `baton gc: run ${gc.run.id}`);
}

/**
 * The integration branch goes, with its checkpoint tags, once it is landed; rollback backups and the work shelved
 * from tracks after failed attempts are listed, and kept: they are nowhere else.
 */
async function collectIntegration(gc: RunGc, tip: string | undefined, baseTip: string | undefined): Promise<void> {
  const { run, integration, report } = gc;
  const backups = await listRefs(gc.root, [backupPrefix(run.id)]);
  for (const { ref } of backups) report.kept.push({ kind: 'ref', name: ref, reason: `a rollback backup; delete it with git update-ref -d ${ref} once not needed` });
  const shelved = await listRefs(gc.root, [shelvedPrefix(run.id)]);
  for (const { ref } of shelved) {
    report.kept.push({ kind: 'ref', name: ref, reason: `work a failed attempt left, shelved; see it with git show ${ref}, delete it with git update-ref -d ${ref} once not needed` });
  }
  if (tip === undefined) return;
  const reason = await notLanded(gc, tip, baseTip);
  if (reason !== undefined) {
    report.kept.push({ kind: 'branch', name: integration, reason });
    return;
  }
  const tags = await listRefs(gc.root, [checkpointPrefix(run.id)]);
  const removals: RefChange[] = [{ ref: headRef(integration), next: undefined, expected: tip }, ...tags.map(({ ref, oid }) => ({ ref, next: undefined, expected: oid }))];
  if (!gc.dryRun) await updateRefs(gc.root, removals, `baton gc: run ${run.id} landed`);
  report.removed.push({ kind: 'branch', name: integration }, ...tags.map(({ ref }) => ({ kind: 'tag' as const, name: ref.slice('refs/tags/'.length) })));
}

async function notLanded(gc: RunGc, tip: string, baseTip: string | undefined): Promise<string | undefined> {
  const { run } = gc;
  if (run.base === undefined) return 'not landed: the run has no base branch to land on';
  if (baseTip === undefined) return `not landed: the base branch ${run.base} does not exist`;
  const holder = (await listRefs(gc.root, [headRef(gc.integration)]))[0]?.worktree;
  if (holder !== undefined) return `checked out in ${holder}`;
  if (await isAncestor(gc.root, tip, baseTip)) return undefined;
  const missing = await countCommitsNotIn(gc.root, tip, [baseTip]);
  return `not landed: ${missing} commit${missing === 1 ? '' : 's'} not in ${run.base}`;
}
