import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DirtyWorktreeError, RefMovedError, WorktreeConflictError } from '../errors.js';
import { branchOf, shelvedRef, worktreeDir } from './names.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import type { TestRepo } from './test-repo.js';
import { changedFiles, checkoutDetached, commitAll, createWorktree, isClean, shelveTrackWork } from './worktree.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

async function actionWorktree(repo: TestRepo, name = 'a'): Promise<{ dir: string; branch: string; base: string }> {
  const dir = worktreeDir(repo.root, RUN, name);
  const branch = branchOf(RUN, name);
  const created = await createWorktree(repo.root, { dir, branch, from: 'main' });
  return { dir, branch, base: created.head };
}

const trailers = { 'Baton-Run': RUN, 'Baton-Action': 'a', 'Baton-Agent': 'dev' };

describe('creating a worktree', () => {
  it('checks out a new branch at the given commit', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    const dir = worktreeDir(repo.root, RUN, 'a');
    const created = await createWorktree(repo.root, { dir, branch: branchOf(RUN, 'a'), from: 'main' });
    expect(created).toEqual({ dir, branch: branchOf(RUN, 'a'), head, state: 'created' });
    expect(repo.read('README.md', dir)).toBe('hello\n');
    expect(await repo.run(['symbolic-ref', '--short', 'HEAD'], dir)).toBe(branchOf(RUN, 'a'));
  });

  it('reuses, untouched, the worktree a crashed run left behind', async () => {
    const repo = await makeRepo();
    const { dir, branch } = await actionWorktree(repo);
    repo.write({ 'work.txt': 'half done' }, dir);
    const again = await createWorktree(repo.root, { dir, branch, from: 'main' });
    expect(again.state).toBe('reused');
    expect(repo.read('work.txt', dir)).toBe('half done');
  });

  it('checks the branch out again, with its commits, when its directory was deleted', async () => {
    const repo = await makeRepo();
    const { dir, branch } = await actionWorktree(repo);
    const work = await repo.commit('work', { 'work.txt': 'done' }, dir);
    rmSync(dir, { recursive: true, force: true });
    const again = await createWorktree(repo.root, { dir, branch, from: 'main' });
    expect(again).toMatchObject({ state: 'reattached', head: work });
    expect(repo.read('work.txt', dir)).toBe('done');
  });

  it('refuses a branch that is checked out in another worktree', async () => {
    const repo = await makeRepo();
    const { dir, branch } = await actionWorktree(repo);
    const elsewhere = worktreeDir(repo.root, RUN, 'b');
    const error = await createWorktree(repo.root, { dir: elsewhere, branch, from: 'main' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorktreeConflictError);
    expect(error).toMatchObject({ reason: 'branch-checked-out', other: dir, branch });
  });

  it('refuses a directory that holds something else', async () => {
    const repo = await makeRepo();
    const dir = worktreeDir(repo.root, RUN, 'a');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'mine.txt'), 'x');
    await expect(createWorktree(repo.root, { dir, branch: branchOf(RUN, 'a'), from: 'main' })).rejects.toMatchObject({ reason: 'dir-not-a-worktree' });
    const other = await actionWorktree(repo, 'b');
    await expect(createWorktree(repo.root, { dir: other.dir, branch: branchOf(RUN, 'c'), from: 'main' })).rejects.toMatchObject({
      reason: 'dir-on-other-branch',
      other: other.branch,
    });
  });

  it('makes a detached checkout for a gate', async () => {
    const repo = await makeRepo();
    const dir = worktreeDir(repo.root, RUN, '_gate-p1');
    const created = await createWorktree(repo.root, { dir, from: 'main' });
    expect(created).toMatchObject({ state: 'created', branch: undefined });
    await expect(repo.run(['symbolic-ref', '-q', 'HEAD'], dir)).rejects.toThrow();
    expect((await createWorktree(repo.root, { dir, from: 'main' })).state).toBe('reused');
  });
});

describe('what a worktree holds', () => {
  it('is clean with only ignored files, and not with an untracked or a modified one', async () => {
    const repo = await makeRepo();
    await repo.commit('ignore', { '.gitignore': 'build/\n' });
    const { dir } = await actionWorktree(repo);
    repo.write({ 'build/out.o': 'x' }, dir);
    expect(await isClean(dir)).toBe(true);
    repo.write({ 'new.txt': 'x' }, dir);
    expect(await isClean(dir)).toBe(false);
    rmSync(join(dir, 'new.txt'));
    repo.write({ 'README.md': 'changed' }, dir);
    expect(await isClean(dir)).toBe(false);
  });

  it('lists the files changed since the base: committed, staged, unstaged and untracked, not ignored', async () => {
    const repo = await makeRepo();
    await repo.commit('more', { '.gitignore': 'build/\n', 'old.txt': 'old', 'keep.txt': 'keep' });
    const { dir, base } = await actionWorktree(repo);
    await repo.commit('agent commit', { 'src/committed.ts': '1', 'README.md': 'changed' }, dir);
    repo.write({ 'src/staged.ts': '2', 'unstaged.txt': '3', 'build/ignored.o': 'x', 'dir with space/ü.txt': 'u' }, dir);
    await repo.run(['add', 'src/staged.ts'], dir);
    rmSync(join(dir, 'old.txt'));
    repo.write({ 'README.md': 'changed again' }, dir);
    expect(await changedFiles(dir, base)).toEqual(['README.md', 'dir with space/ü.txt', 'old.txt', 'src/committed.ts', 'src/staged.ts', 'unstaged.txt']);
  });
});

describe('committing what an attempt left', () => {
  it('commits new, changed and deleted files with trailers git can read back', async () => {
    const repo = await makeRepo();
    const { dir } = await actionWorktree(repo);
    repo.write({ 'new.txt': 'n', 'README.md': 'changed' }, dir);
    const commit = await commitAll(dir, { message: 'baton: a (attempt 1)', trailers });
    expect(commit).toBe(await repo.run(['rev-parse', 'HEAD'], dir));
    expect(await repo.run(['show', '--name-status', '--format=', 'HEAD'], dir)).toBe('M\tREADME.md\nA\tnew.txt');
    const read = await repo.run(['log', '-1', '--format=%(trailers:key=Baton-Action,valueonly)|%(trailers:key=Baton-Agent,valueonly)|%s', 'HEAD'], dir);
    expect(read).toBe('a\n|dev\n|baton: a (attempt 1)');
    rmSync(join(dir, 'new.txt'));
    await commitAll(dir, { message: 'remove', trailers });
    expect(await repo.run(['show', '--name-status', '--format=', 'HEAD'], dir)).toBe('D\tnew.txt');
  });

  it('commits nothing and says so when there is nothing to commit', async () => {
    const repo = await makeRepo();
    await repo.commit('ignore', { '.gitignore': 'build/\n' });
    const { dir } = await actionWorktree(repo);
    repo.write({ 'build/out.o': 'x' }, dir);
    expect(await commitAll(dir, { message: 'nothing', trailers })).toBeUndefined();
  });

  it('signs as baton in a repository without an identity, and as the user when they have one', async () => {
    const repo = await makeRepo();
    const { dir } = await actionWorktree(repo);
    repo.write({ 'a.txt': 'a' }, dir);
    await commitAll(dir, { message: 'first', trailers });
    expect(await repo.run(['log', '-1', '--format=%an <%ae> / %cn <%ce>'], dir)).toBe('baton <baton@localhost> / baton <baton@localhost>');
    await repo.run(['config', 'user.name', 'Ada']);
    await repo.run(['config', 'user.email', 'ada@example.com']);
    repo.write({ 'b.txt': 'b' }, dir);
    await commitAll(dir, { message: 'second', trailers });
    expect(await repo.run(['log', '-1', '--format=%an <%ae>'], dir)).toBe('Ada <ada@example.com>');
  });
});

describe('moving a gate checkout', () => {
  it('moves a clean detached worktree to another commit', async () => {
    const repo = await makeRepo();
    const dir = worktreeDir(repo.root, RUN, '_gate-p1');
    await createWorktree(repo.root, { dir, from: 'main' });
    const next = await repo.commit('next', { 'b.txt': 'b' });
    await checkoutDetached(dir, next);
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(next);
    expect(repo.read('b.txt', dir)).toBe('b');
  });

  it('refuses to move a worktree holding changes, listing them', async () => {
    const repo = await makeRepo();
    const dir = worktreeDir(repo.root, RUN, '_gate-p1');
    await createWorktree(repo.root, { dir, from: 'main' });
    repo.write({ 'left.txt': 'x' }, dir);
    const error = await checkoutDetached(dir, 'main').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirtyWorktreeError);
    expect(error).toMatchObject({ files: ['left.txt'] });
  });
});

describe("shelving what a failed attempt left in an agent's track", () => {
  const shelf = shelvedRef(RUN, '_track-dev', 'a', 2);
  const options = (base: string) => ({ ref: shelf, base, message: 'baton: shelved work of a+2', trailers: { ...trailers, 'Baton-Attempt': '2' } });

  it('keeps the committed and the untracked work under the ref, and leaves the track at its base, clean but for ignored output', async () => {
    const repo = await makeRepo();
    const { dir, branch, base } = await actionWorktree(repo, '_track-dev');
    const committed = await repo.commit('half done', { 'done.txt': 'committed\n' }, dir);
    repo.write({ 'notes/left.txt': 'untracked\n', 'README.md': 'edited\n' }, dir);
    repo.write({ '.git/info/exclude': 'build/\n' });
    repo.write({ 'build/out.o': 'ignored output' }, dir);
    const { shelved } = await shelveTrackWork(dir, options(base));
    expect(shelved).toBeDefined();
    expect(await repo.run(['rev-parse', shelf])).toBe(shelved);
    expect(await repo.run(['rev-parse', `${shelf}^`])).toBe(committed);
    expect(await repo.run(['show', `${shelf}:done.txt`])).toBe('committed');
    expect(await repo.run(['show', `${shelf}:notes/left.txt`])).toBe('untracked');
    expect(await repo.run(['show', `${shelf}:README.md`])).toBe('edited');
    expect(await repo.run(['log', '-1', '--format=%an|%s', shelf])).toBe('baton|baton: shelved work of a+2');
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(base);
    expect(await repo.run(['rev-parse', branch])).toBe(base);
    expect(await isClean(dir)).toBe(true);
    expect(repo.read('done.txt', dir)).toBeUndefined();
    expect(repo.read('notes/left.txt', dir)).toBeUndefined();
    expect(repo.read('README.md', dir)).toBe('hello\n');
    expect(repo.read('build/out.o', dir)).toBe('ignored output');
  });

  it('does nothing when the track has nothing beyond its base', async () => {
    const repo = await makeRepo();
    const { dir, base } = await actionWorktree(repo, '_track-dev');
    repo.write({ '.git/info/exclude': 'build/\n' });
    repo.write({ 'build/out.o': 'ignored output' }, dir);
    const later = await repo.commit('merged since', { 'other.txt': 'o' });
    expect(await shelveTrackWork(dir, options(later))).toEqual({ shelved: undefined });
    expect(await shelveTrackWork(dir, options(base))).toEqual({ shelved: undefined });
    expect(await repo.run(['for-each-ref', shelf])).toBe('');
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(base);
    expect(repo.read('build/out.o', dir)).toBe('ignored output');
  });

  it('does not reset the track when the ref already holds other work', async () => {
    const repo = await makeRepo();
    const { dir, base } = await actionWorktree(repo, '_track-dev');
    await repo.run(['update-ref', shelf, base]);
    const work = await repo.commit('work', { 'w.txt': 'w' }, dir);
    await expect(shelveTrackWork(dir, options(base))).rejects.toBeInstanceOf(RefMovedError);
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(work);
    expect(await repo.run(['rev-parse', shelf])).toBe(base);
  });

  it('finishes after a crash that came between saving the ref and resetting', async () => {
    const repo = await makeRepo();
    const { dir, base } = await actionWorktree(repo, '_track-dev');
    const work = await repo.commit('work', { 'w.txt': 'w' }, dir);
    await repo.run(['update-ref', shelf, work]);
    expect(await shelveTrackWork(dir, options(base))).toEqual({ shelved: work });
    expect(await repo.run(['rev-parse', 'HEAD'], dir)).toBe(base);
  });
});
