/**
 * Settling a merge's conflicts in favour of the branch being merged: when the lease owner's side must win, each
 * conflicted path takes the branch's version whole (or is deleted, if the branch deleted it). Built in a
 * temporary index file, so no worktree and no real index is touched.
 */
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { git } from './git.js';
import type { MergeTreeResult } from './merge-tree.js';
import { gitCommonDir } from './git.js';

/**
 * The tree of a conflicted `merged` result with every conflicted path replaced by its stage-3 entry (the
 * branch's side), or removed where the branch has none.
 */
export async function preferBranchTree(dir: string, merged: MergeTreeResult, signal?: AbortSignal): Promise<string> {
  const index = join(await gitCommonDir(dir), `baton-merge-${randomUUID()}.index`);
  const env = { GIT_INDEX_FILE: index };
  try {
    await git(dir, ['read-tree', merged.tree], { env, signal });
    await git(dir, ['update-index', '-z', '--index-info'], { env, signal, input: indexInfo(merged) });
    const { stdout } = await git(dir, ['write-tree'], { env, signal });
    return stdout.trim();
  } finally {
    await rm(index, { force: true });
  }
}

/** `--index-info -z` records: `<mode> <oid>\t<path>`; mode 0 removes the path. */
function indexInfo(merged: MergeTreeResult): string {
  const absent = '0'.repeat(merged.tree.length);
  return merged.conflicts
    .map((path) => {
      const theirs = merged.entries.find((entry) => entry.path === path && entry.stage === 3);
      return theirs === undefined ? `0 ${absent}\t${path}\0` : `${theirs.mode} ${theirs.oid}\t${path}\0`;
    })
    .join('');
}
