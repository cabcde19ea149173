import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirtyWorktreeError, NoMergeInProgressError, UnresolvedMergeError } from '../errors.js';
import { abortMerge, finishResolvedMerge, mergeIntoIntegration, startConflictedMerge } from './integrate.js';
import { branchOf, integrationBranch, worktreeDir } from './names.js';
import { branchWith, isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import type { TestRepo } from './test-repo.js';
import { createWorktree } from './worktree.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const integration = integrationBranch(RUN);

async function setUp(): Promise<TestRepo> {
  const repo = await makeRepo();
  await repo.commit('base', { 'shared.txt': 'one\ntwo\nthree\n', 'gone.txt': 'bye\n' });
  await repo.run(['branch', integration]);
  return repo;
}

function merge(repo: TestRepo, action: string, extra: { prefer?: 'branch' } = {}) {
  return mergeIntoIntegration(repo.root, {
    integration,
    branch: branchOf(RUN, action),
    message: `baton: merge ${action}`,
    trailers: { 'Baton-Run': RUN, 'Baton-Action': action, 'Baton-Agent': 'dev' },
    ...extra,
  });
}

const tip = (repo: TestRepo) => repo.run(['rev-parse', `refs/heads/${integration}`]);

describe('merging an action branch into the integration branch', () => {
  it('merges two branches that edit different files, one merge commit each, touching no worktree', async () => {
    const repo = await setUp();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await branchWith(repo, branchOf(RUN, 'a'), { 'a.txt': 'a\n' }, integration);
    await branchWith(repo, branchOf(RUN, 'b'), { 'b/b.txt': 'b\n', 'gone.txt': null }, integration);
    const first = await merge(repo, 'a');
    expect(first).toEqual({ status: 'merged', commit: await tip(repo), files: ['a.txt'] });
    const second = await merge(repo, 'b');
    expect(second).toEqual({ status: 'merged', commit: await tip(repo), files: ['b/b.txt', 'gone.txt'] });
    expect(await repo.run(['ls-tree', '-r', '--name-only', integration])).toBe('README.md\na.txt\nb/b.txt\nshared.txt');
    const chain = await repo.run(['log', '--first-parent', '--format=%P|%(trailers:key=Baton-Action,valueonly,separator=)', `main..${integration}`]);
    expect(chain.split('\n').map((line) => [line.split('|')[0]?.split(' ').length, line.split('|')[1]])).toEqual([[2, 'b'], [2, 'a']]);
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(head);
    expect(await repo.run(['status', '--porcelain'])).toBe('');
  });

  it('signs its merge commits as baton when the repository has no identity', async () => {
    const repo = await setUp();
    await branchWith(repo, branchOf(RUN, 'a'), { 'a.txt': 'a\n' }, integration);
    await merge(repo, 'a');
    expect(await repo.run(['log', '-1', '--format=%an <%ae>', integration])).toBe('baton <baton@localhost>');
  });

  it('finds nothing to do when the branch is already merged or has no commits', async () => {
    const repo = await setUp();
    await branchWith(repo, branchOf(RUN, 'a'), { 'a.txt': 'a\n' }, integration);
    const merged = await merge(repo, 'a');
    expect(await merge(repo, 'a')).toEqual({ status: 'nothing', commit: merged.status === 'merged' ? merged.commit : '' });
    await repo.run(['branch', branchOf(RUN, 'empty'), integration]);
    expect(await merge(repo, 'empty')).toEqual({ status: 'nothing', commit: await tip(repo) });
  });

  it('reports a conflict with its files and the actions on the other side, changing nothing', async () => {
    const repo = await setUp();
    await branchWith(repo, branchOf(RUN, 'a'), { 'shared.txt': 'one\nTWO by a\nthree\n' }, integration);
    await branchWith(repo, branchOf(RUN, 'x'), { 'x.txt': 'x\n' }, integration);
    await branchWith(repo, branchOf(RUN, 'b'), { 'shared.txt': 'one\nTWO by b\nthree\n', 'b.txt': 'b\n' }, integration);
    await merge(repo, 'a');
    await merge(repo, 'x');
    const before = await tip(repo);
    const result = await merge(repo, 'b');
    expect(result).toEqual({
      status: 'conflict',
      files: ['shared.txt'],
      sides: { ours: ['a'], theirs: branchOf(RUN, 'b'), byFile: { 'shared.txt': ['a'] } },
    });
    expect(await tip(repo)).toBe(before);
  });

  it("settles a conflict with the branch's version when the branch's side is preferred", async () => {
    const repo = await setUp();
    await branchWith(repo, branchOf(RUN, 'a'), { 'shared.txt': 'one\nTWO by a\nthree\n', 'gone.txt': 'changed by a\n', 'a.txt': 'a\n' }, integration);
    await branchWith(repo, branchOf(RUN, 'b'), { 'shared.txt': 'one\nTWO by b\nthree\n', 'gone.txt': null, 'b.txt': 'b\n' }, integration);
    await merge(repo, 'a');
    const result = await merge(repo, 'b', { prefer: 'branch' });
    expect(result).toMatchObject({ status: 'merged', files: ['b.txt', 'gone.txt', 'shared.txt'], overridden: ['gone.txt', 'shared.txt'] });
    expect(await repo.run(['show', `${integration}:shared.txt`])).toBe('one\nTWO by b\nthree');
    expect(await repo.run(['ls-tree', '-r', '--name-only', integration])).toBe('README.md\na.txt\nb.txt\nshared.txt');
  });

  it('merges requests made at the same time one after another, each on the tip the previous one left', async () => {
    const repo = await setUp();
    const names = ['a', 'b', 'c', 'd'];
    for (const name of names) await branchWith(repo, branchOf(RUN, name), { [`${name}.txt`]: `${name}\n` }, integration);
    const results = await Promise.all(names.map((name) => merge(repo, name)));
    expect(results.map((result) => result.status)).toEqual(['merged', 'merged', 'merged', 'merged']);
    expect(await repo.run(['ls-tree', '--name-only', integration])).toBe('README.md\na.txt\nb.txt\nc.txt\nd.txt\ngone.txt\nshared.txt');
    expect(await repo.run(['rev-list', '--count', '--first-parent', `main..${integration}`])).toBe('4');
  });
});

describe('handing a conflict to a resolver in the action worktree', () => {
  async function conflicted(repo: TestRepo): Promise<string> {
    await branchWith(repo, branchOf(RUN, 'a'), { 'shared.txt': 'one\nTWO by a\nthree\n' }, integration);
    await merge(repo, 'a');
    const dir = worktreeDir(repo.root, RUN, 'b');
    await createWorktree(repo.root, { dir, branch: branchOf(RUN, 'b'), from: 'main' });
    await repo.commit('b', { 'shared.txt': 'one\nTWO by b\nthree\n', 'b.txt': 'b\n' }, dir);
    return dir;
  }

  it('leaves the merge in progress with the conflicted files listed', async () => {
    const repo = await setUp();
    const dir = await conflicted(repo);
    expect(await startConflictedMerge(dir, integration)).toEqual(['shared.txt']);
    expect(repo.read('shared.txt', dir)).toContain('<<<<<<<');
  });

  it('refuses to finish while paths are unmerged or hold conflict markers, then commits the resolution', async () => {
    const repo = await setUp();
    const dir = await conflicted(repo);
    await startConflictedMerge(dir, integration);
    await expect(finishResolvedMerge(dir, { message: 'resolved', trailers: {} })).rejects.toMatchObject({ unmerged: ['shared.txt'], markers: ['shared.txt'] });
    await repo.run(['add', 'shared.txt'], dir);
    const error = await finishResolvedMerge(dir, { message: 'resolved', trailers: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnresolvedMergeError);
    expect(error).toMatchObject({ unmerged: [], markers: ['shared.txt'] });
    repo.write({ 'shared.txt': 'one\nTWO by a and b\nthree\n' }, dir);
    await repo.run(['add', 'shared.txt'], dir);
    const commit = await finishResolvedMerge(dir, { message: 'baton: resolved', trailers: { 'Baton-Action': 'b' } });
    expect((await repo.run(['rev-list', '--parents', '-1', commit], dir)).split(' ')).toHaveLength(3);
    expect(await merge(repo, 'b')).toMatchObject({ status: 'merged', files: ['b.txt', 'shared.txt'] });
    expect(await repo.run(['show', `${integration}:shared.txt`])).toBe('one\nTWO by a and b\nthree');
  });

  it('aborts the merge and restores the worktree', async () => {
    const repo = await setUp();
    const dir = await conflicted(repo);
    const head = await repo.run(['rev-parse', 'HEAD'], dir);
    await startConflictedMerge(dir, integration);
    expect(await abortMerge(dir)).toBe(true);
    expect(await abortMerge(dir)).toBe(false);
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(head);
    expect(await repo.run(['status', '--porcelain'], dir)).toBe('');
  });

  it('refuses to start on a worktree with uncommitted changes, and to finish when no merge is going on', async () => {
    const repo = await setUp();
    const dir = await conflicted(repo);
    await expect(finishResolvedMerge(dir, { message: 'x', trailers: {} })).rejects.toBeInstanceOf(NoMergeInProgressError);
    repo.write({ 'wip.txt': 'w' }, dir);
    await expect(startConflictedMerge(dir, integration)).rejects.toBeInstanceOf(DirtyWorktreeError);
  });
});
