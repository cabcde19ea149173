/**
 * Lock files git leaves behind when it is killed mid-update (`kill -9`, a power cut): `<ref>.lock` while a ref
 * is written, `index.lock` while a worktree's index is. Until they are removed every later update of that ref or
 * index fails ("Unable to create '….lock': File exists"). A resume clears those of its own run, and only
 * those: the user's refs and other runs' may be locked by live processes, and so may a worktree of the run the
 * user works in (a blocked action's, under the `escalate` policy), which is why the caller names the workspaces
 * whose locks are baton's. A lock modified in the last {@link STALE_LOCK_AGE_MS} is left alone whatever it is.
 */
import { readdir, readFile, realpath, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gitCommonDir } from './git.js';
import { backupPrefix, branchOf, checkpointPrefix, headRef, integrationBranch, shelvedPrefix, worktreeDir } from './names.js';

/**
 * A lock younger than this may be held by a live git (which holds one for milliseconds), so it is skipped.
 * @default 2000
 */
export const STALE_LOCK_AGE_MS = 2000;

export interface ClearLocksOptions {
  /**
   * The workspaces (names as in names.ts: `a`, `a+2`, `_track-dev`, `_gate-one`) no process of which is alive
   * and none of which a user is working in: their branches' and worktrees' locks are removed.
   */
  readonly workspaces: readonly string[];
}

/** What {@link clearStaleLocks} did: absolute paths, each sorted. */
export interface ClearedLocks {
  readonly removed: readonly string[];
  /** Locks of the run too recent to be stale (a live git may hold them); left in place. */
  readonly skipped: readonly string[];
}

/**
 * Removes the stale lock files of run `run`: those of its integration branch, checkpoint tags, rollback backups
 * and shelved refs, of the branches of the named `workspaces`, and of those workspaces' worktree administrative
 * files (`index.lock`, `HEAD.lock`, …). Locks modified less than {@link STALE_LOCK_AGE_MS} ago are skipped and
 * reported. The caller guarantees that no process of this run is alive (it holds the run lock and stopped the
 * run's leftovers). `packed-refs.lock` is shared by every ref and is left alone. Throws `RangeError` for a name
 * that is not a workspace name.
 */
export async function clearStaleLocks(root: string, run: string, options: ClearLocksOptions): Promise<ClearedLocks> {
  const common = await gitCommonDir(root);
  const refs = [headRef(integrationBranch(run)), ...options.workspaces.map((name) => headRef(branchOf(run, name)))];
  const found = [
    ...(await existing(refs.map((ref) => join(common, `${ref}.lock`)))),
    ...(await locksIn(join(common, checkpointPrefix(run)))),
    ...(await locksIn(join(common, backupPrefix(run)))),
    ...(await locksIn(join(common, shelvedPrefix(run)), 1)), // shelved/<workspace>/<attempt>
    ...(await worktreeLocks(common, root, run, options.workspaces)),
  ];
  const removed: string[] = [];
  const skipped: string[] = [];
  const now = Date.now();
  for (const file of new Set(found)) {
    const modified = await stat(file).then((info) => info.mtimeMs, () => undefined);
    if (modified === undefined) continue; // gone meanwhile: its holder finished
    if (now - modified < STALE_LOCK_AGE_MS) skipped.push(file);
    else {
      await rm(file, { force: true });
      removed.push(file);
    }
  }
  return { removed: removed.sort(), skipped: skipped.sort() };
}

/** The files of `files` that exist. */
async function existing(files: readonly string[]): Promise<string[]> {
  const present = await Promise.all(files.map((file) => stat(file).then(() => true, () => false)));
  return files.filter((_, index) => present[index]);
}

/** The `*.lock` files in `dir` (and, with `depth`, that many levels below); none when `dir` does not exist. */
async function locksIn(dir: string, depth = 0): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.lock')).map((entry) => join(dir, entry.name));
  if (depth > 0) for (const entry of entries) if (entry.isDirectory()) found.push(...(await locksIn(join(dir, entry.name), depth - 1)));
  return found;
}

/** Lock files in the administrative directories (`<common>/worktrees/<id>/`) of the named workspaces' worktrees. */
async function worktreeLocks(common: string, root: string, run: string, workspaces: readonly string[]): Promise<string[]> {
  if (workspaces.length === 0) return [];
  const real = await realpath(root);
  const dirs = new Set(workspaces.flatMap((name) => [worktreeDir(root, run, name), worktreeDir(real, run, name)]));
  const admin = join(common, 'worktrees');
  const found: string[] = [];
  for (const id of await readdir(admin).catch(() => [] as string[])) {
    const gitdir = await readFile(join(admin, id, 'gitdir'), 'utf8').catch(() => '');
    if (dirs.has(dirname(gitdir.trim()))) found.push(...(await locksIn(join(admin, id))));
  }
  return found;
}
