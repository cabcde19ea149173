import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tagCheckpoint } from './checkpoint.js';
import { collectGarbage } from './gc.js';
import { mergeIntoIntegration } from './integrate.js';
import { landRun } from './land.js';
import { branchOf, integrationBranch, runWorktreesDir, shelvedRef, worktreeDir } from './names.js';
import { branchWith, isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import type { TestRepo } from './test-repo.js';
import { commitAll, createWorktree, shelveTrackWork } from './worktree.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const integration = integrationBranch(RUN);

/** A worktree for action `name` with `files` committed, merged into the integration branch when `merge`. */
async function action(repo: TestRepo, name: string, files: Record<string, string>, merge: boolean): Promise<string> {
  const dir = worktreeDir(repo.root, RUN, name);
  await createWorktree(repo.root, { dir, branch: branchOf(RUN, name), from: integration });
  repo.write(files, dir);
  await commitAll(dir, { message: name, trailers: { 'Baton-Action': name } });
  if (merge) await mergeIntoIntegration(repo.root, { integration, branch: branchOf(RUN, name), message: name, trailers: { 'Baton-Action': name } });
  return dir;
}

async function finishedRun(repo: TestRepo): Promise<{ merged: string; untracked: string; unmerged: string }> {
  await repo.run(['branch', integration]);
  return {
    merged: await action(repo, 'merged', { 'merged.txt': 'm' }, true),
    untracked: await action(repo, 'untracked', { 'u.txt': 'u' }, true),
    unmerged: await action(repo, 'unmerged', { 'x.txt': 'x' }, false),
  };
}

describe('collecting the garbage of finished runs', () => {
  it('removes clean merged worktrees and branches, and keeps whatever could hold work, saying why', async () => {
    const repo = await makeRepo();
    const dirs = await finishedRun(repo);
    repo.write({ 'scratch.txt': 'notes' }, dirs.untracked);
    await repo.run(['branch', branchOf(RUN, 'orphan'), integration]);
    const gate = worktreeDir(repo.root, RUN, '_gate-p1');
    await createWorktree(repo.root, { dir: gate, from: integration });
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(report.removed).toEqual([
      { kind: 'worktree', name: gate },
      { kind: 'worktree', name: dirs.merged },
      { kind: 'branch', name: branchOf(RUN, 'merged') },
      { kind: 'branch', name: branchOf(RUN, 'orphan') },
    ]);
    expect(report.kept).toEqual([
      { kind: 'worktree', name: dirs.unmerged, reason: `branch has 1 commit not merged into ${integration}` },
      { kind: 'worktree', name: dirs.untracked, reason: 'uncommitted changes: 1 file' },
      { kind: 'branch', name: branchOf(RUN, 'unmerged'), reason: `checked out in ${dirs.unmerged}` },
      { kind: 'branch', name: branchOf(RUN, 'untracked'), reason: `checked out in ${dirs.untracked}` },
      { kind: 'branch', name: integration, reason: 'not landed: 4 commits not in main' },
    ]);
    expect(existsSync(dirs.merged)).toBe(false);
    expect(repo.read('scratch.txt', dirs.untracked)).toBe('notes');
    expect(await repo.run(['branch', '--list', `baton/*`, '--format=%(refname:short)'])).toBe(
      [integration, branchOf(RUN, 'unmerged'), branchOf(RUN, 'untracked')].join('\n'),
    );
  });

  it('keeps an unmerged branch whose worktree is gone, and removes one merged into the base branch', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integration]);
    await branchWith(repo, branchOf(RUN, 'lost'), { 'lost.txt': 'l' }, integration);
    await repo.run(['branch', branchOf(RUN, 'on-main'), await repo.commit('landed by hand on main')]);
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(report.kept).toContainEqual({ kind: 'branch', name: branchOf(RUN, 'lost'), reason: `branch has 1 commit not merged into ${integration}` });
    expect(report.removed).toEqual([
      { kind: 'branch', name: branchOf(RUN, 'on-main') },
      { kind: 'branch', name: integration }, // nothing in it that main lacks: landed
    ]);
  });

  it('removes a landed run entirely: worktrees, branches, integration branch, checkpoint tags and the run folder', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integration]);
    await action(repo, 'a', { 'a.txt': 'a' }, true);
    await tagCheckpoint(repo.root, RUN, 'p1', await repo.run(['rev-parse', integration]));
    await landRun(repo.root, { integration, base: 'main' });
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(report.kept).toEqual([]);
    expect(report.removed.map((item) => `${item.kind} ${item.name}`)).toEqual([
      `worktree ${worktreeDir(repo.root, RUN, 'a')}`,
      `branch ${branchOf(RUN, 'a')}`,
      `branch ${integration}`,
      `tag baton/${RUN}/cp/p1`,
    ]);
    expect(await repo.run(['for-each-ref', 'refs/heads/baton', 'refs/tags/baton'])).toBe('');
    expect(await repo.run(['worktree', 'list', '--porcelain'])).not.toContain('.baton');
    expect(existsSync(runWorktreesDir(repo.root, RUN))).toBe(false);
  });

  it('keeps, and lists, the work shelved from a track even once the run is landed', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integration]);
    const track = worktreeDir(repo.root, RUN, '_track-dev');
    const { head: base } = await createWorktree(repo.root, { dir: track, branch: branchOf(RUN, '_track-dev'), from: integration });
    repo.write({ 'failed.txt': 'half done' }, track);
    const ref = shelvedRef(RUN, '_track-dev', 'a', 1);
    const { shelved } = await shelveTrackWork(track, { ref, base, message: 'shelved', trailers: {} });
    await action(repo, 'b', { 'b.txt': 'b' }, true);
    await landRun(repo.root, { integration, base: 'main' });
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(report.kept).toEqual([{ kind: 'ref', name: ref, reason: expect.stringContaining('shelved') as unknown }]);
    expect(report.removed.map((item) => `${item.kind} ${item.name}`)).toContain(`worktree ${track}`);
    expect(await repo.run(['rev-parse', ref])).toBe(shelved);
  });

  it('removes a clean worktree together with the build output git ignores', async () => {
    const repo = await makeRepo();
    await repo.commit('ignore', { '.gitignore': 'target/\n' });
    await repo.run(['branch', integration]);
    const dir = await action(repo, 'a', { 'a.txt': 'a' }, true);
    repo.write({ 'target/big.o': 'x' }, dir);
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(report.removed).toContainEqual({ kind: 'worktree', name: dir });
    expect(existsSync(dir)).toBe(false);
  });

  it('changes nothing on a dry run, and reports the same', async () => {
    const repo = await makeRepo();
    const dirs = await finishedRun(repo);
    const refs = await repo.run(['for-each-ref']);
    const dry = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: true });
    expect(await repo.run(['for-each-ref'])).toBe(refs);
    expect(existsSync(dirs.merged)).toBe(true);
    const real = await collectGarbage(repo.root, [{ id: RUN, finished: true, base: 'main' }], { dryRun: false });
    expect(dry).toEqual(real);
  });

  it('leaves unfinished runs alone', async () => {
    const repo = await makeRepo();
    const dirs = await finishedRun(repo);
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: false, base: 'main' }], { dryRun: false });
    expect(report).toEqual({ removed: [], kept: [] });
    expect(existsSync(dirs.merged)).toBe(true);
  });

  it('keeps the integration branch of a run that has no base to land on', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integration]);
    const report = await collectGarbage(repo.root, [{ id: RUN, finished: true }], { dryRun: false });
    expect(report.kept).toEqual([{ kind: 'branch', name: integration, reason: 'not landed: the run has no base branch to land on' }]);
  });
});
