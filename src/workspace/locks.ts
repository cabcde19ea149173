/**
 * Lock files git leaves behind when it is killed mid-update (`kill -9`, a power cut): `<ref>.lock` while a ref
 * is written, `index.lock` while a worktree's index is. Until they are removed every later update of that ref or
 * index fails ("Unable to create '….lock': File exists"). A resume clears those of its own run, and only
 * those: the user's refs and other runs' may be locked by live processes.
 */
import { readdir, readFile, realpath, rm } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import { gitCommonDir } from './git.js';
import { runWorktreesDir } from './names.js';

/**
 * Removes the lock files of run `run`'s refs (integration branch, workspace branches, checkpoint tags, backups)
 * and of its worktrees' administrative files (`index.lock`, `HEAD.lock`, …). The caller guarantees that no
 * process of this run is alive (it holds the run lock and stopped the run's leftovers). Returns the removed
 * files' paths, sorted. `packed-refs.lock` is shared by every ref and is left alone.
 */
export async function clearStaleLocks(root: string, run: string): Promise<string[]> {
  const common = await gitCommonDir(root);
  const found = [
    ...(await locksIn(join(common, 'refs', 'heads', 'baton'), (name) => name === `${run}.lock` || name.startsWith(`${run}+`))),
    ...(await locksIn(join(common, 'refs', 'tags', 'baton', run, 'cp'))),
    ...(await locksIn(join(common, 'refs', 'baton', run, 'backup'))),
    ...(await worktreeLocks(common, root, run)),
  ];
  await Promise.all(found.map((file) => rm(file, { force: true })));
  return found.sort();
}

/** The `*.lock` files directly in `dir` whose names pass `accept`; none when `dir` does not exist. */
async function locksIn(dir: string, accept: (name: string) => boolean = () => true): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.lock') && accept(name)).map((name) => join(dir, name));
}

/** Lock files in the administrative directories (`<common>/worktrees/<id>/`) of the run's worktrees. */
async function worktreeLocks(common: string, root: string, run: string): Promise<string[]> {
  const admin = join(common, 'worktrees');
  const prefixes = new Set([runWorktreesDir(root, run) + sep]);
  prefixes.add(runWorktreesDir(await realpath(root), run) + sep);
  const found: string[] = [];
  for (const id of await readdir(admin).catch(() => [] as string[])) {
    const gitdir = await readFile(join(admin, id, 'gitdir'), 'utf8').catch(() => '');
    const worktree = dirname(gitdir.trim());
    if ([...prefixes].some((prefix) => worktree.startsWith(prefix))) found.push(...(await locksIn(join(admin, id))));
  }
  return found;
}
