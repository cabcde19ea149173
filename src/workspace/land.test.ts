import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LandRefusedError } from '../errors.js';
import { landRun } from './land.js';
import { integrationBranch } from './names.js';
import { branchWith, isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const integration = integrationBranch(RUN);

async function refusal(promise: Promise<unknown>): Promise<LandRefusedError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LandRefusedError);
  return error as LandRefusedError;
}

describe('landing a run on the checked-out branch', () => {
  it('fast-forwards when the branch has not moved, and the working tree follows', async () => {
    const repo = await makeRepo();
    const tip = await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    repo.write({ 'untracked-note.txt': 'mine' });
    expect(await landRun(repo.root, { integration, base: 'main' })).toEqual({ mode: 'fast-forward', commit: tip });
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(tip);
    expect(repo.read('feature.txt')).toBe('f\n');
    expect(repo.read('untracked-note.txt')).toBe('mine');
  });

  it('makes a merge commit when the branch moved since the run started', async () => {
    const repo = await makeRepo();
    const tip = await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    const moved = await repo.commit('user work', { 'user.txt': 'u\n' });
    const landed = await landRun(repo.root, { integration, base: 'main' });
    expect(landed.mode).toBe('merge');
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(landed.commit);
    expect(await repo.run(['log', '-1', '--format=%P|%s'])).toBe(`${moved} ${tip}|baton: land run ${RUN}`);
    expect(repo.read('feature.txt')).toBe('f\n');
    expect(await repo.run(['status', '--porcelain'])).toBe('');
  });

  it('says so when the branch already has the run', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await repo.run(['branch', integration]);
    expect(await landRun(repo.root, { integration, base: 'main' })).toEqual({ mode: 'up-to-date', commit: head });
  });

  it('refuses while the checkout has uncommitted changes to tracked files, staged or not', async () => {
    const repo = await makeRepo();
    await repo.commit('more', { 'staged.txt': 's\n' });
    await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    const head = await repo.run(['rev-parse', 'HEAD']);
    repo.write({ 'README.md': 'edited\n', 'staged.txt': 'changed\n' });
    await repo.run(['add', 'staged.txt']);
    const error = await refusal(landRun(repo.root, { integration, base: 'main' }));
    expect(error.reason).toBe('dirty-checkout');
    expect(error.data).toEqual({ base: 'main', integration, files: ['README.md', 'staged.txt'], worktree: repo.root });
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(head);
  });

  it('refuses a merge that would conflict, listing the files, and changes nothing', async () => {
    const repo = await makeRepo();
    await branchWith(repo, integration, { 'README.md': 'run version\n' });
    const head = await repo.commit('user', { 'README.md': 'user version\n' });
    const error = await refusal(landRun(repo.root, { integration, base: 'main' }));
    expect(error).toMatchObject({ reason: 'conflict', data: { files: ['README.md'] } });
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(head);
    expect(await repo.run(['status', '--porcelain'])).toBe('');
  });

  it('undoes a merge that a pre-merge-commit hook refused, leaving the checkout as it was', async () => {
    const repo = await makeRepo();
    await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    const head = await repo.commit('user work', { 'user.txt': 'u\n' });
    const hook = join(repo.root, '.git', 'hooks', 'pre-merge-commit');
    mkdirSync(dirname(hook), { recursive: true });
    writeFileSync(hook, '#!/bin/sh\necho "hook says no" >&2\nexit 1\n', { mode: 0o755 });
    const error = await refusal(landRun(repo.root, { integration, base: 'main' }));
    expect(error).toMatchObject({ reason: 'merge-failed', data: { worktree: repo.root } });
    expect(error.data.stderr).toContain('hook says no');
    expect(await repo.run(['rev-parse', '-q', '--verify', 'MERGE_HEAD']).catch(() => 'none')).toBe('none');
    expect(await repo.run(['status', '--porcelain'])).toBe('');
    expect(await repo.run(['rev-parse', 'HEAD'])).toBe(head);
    expect(repo.read('feature.txt')).toBeUndefined();
  });

  it('leaves alone a merge the user had in progress', async () => {
    const repo = await makeRepo();
    await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    await repo.commit('user work', { 'user.txt': 'u\n' });
    await branchWith(repo, 'side', { 'side.txt': 's\n' });
    await repo.run(['-c', 'user.name=Test', '-c', 'user.email=test@example.com', 'merge', '-q', '--no-commit', '-s', 'ours', 'side']);
    const merging = await repo.run(['rev-parse', 'MERGE_HEAD']);
    const error = await refusal(landRun(repo.root, { integration, base: 'main' }));
    expect(error.reason).toBe('merge-failed');
    expect(await repo.run(['rev-parse', 'MERGE_HEAD'])).toBe(merging);
  });

  it('refuses when an untracked file is in the way of the run', async () => {
    const repo = await makeRepo();
    await branchWith(repo, integration, { 'feature.txt': 'f\n' });
    repo.write({ 'feature.txt': 'my own\n' });
    const error = await refusal(landRun(repo.root, { integration, base: 'main' }));
    expect(error).toMatchObject({ reason: 'untracked-would-be-overwritten', data: { files: ['feature.txt'] } });
    expect(repo.read('feature.txt')).toBe('my own\n');
  });
});

describe('landing a run on a branch that is not checked out', () => {
  it('fast-forwards the branch without touching the checkout', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', 'release']);
    const tip = await branchWith(repo, integration, { 'feature.txt': 'f\n' }, 'release');
    repo.write({ 'README.md': 'dirty is fine here\n' });
    expect(await landRun(repo.root, { integration, base: 'release' })).toEqual({ mode: 'fast-forward', commit: tip });
    expect(await repo.run(['rev-parse', 'release'])).toBe(tip);
    expect(repo.read('feature.txt')).toBeUndefined();
  });

  it('writes the merge commit and moves the branch', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', 'release']);
    const tip = await branchWith(repo, integration, { 'feature.txt': 'f\n' }, 'release');
    const moved = await branchWith(repo, 'release', { 'hotfix.txt': 'h\n' }, 'release');
    const landed = await landRun(repo.root, { integration, base: 'release' });
    expect(landed.mode).toBe('merge');
    expect(await repo.run(['rev-parse', 'release'])).toBe(landed.commit);
    expect(await repo.run(['log', '-1', '--format=%P|%s|%an', 'release'])).toBe(`${moved} ${tip}|baton: land run ${RUN}|baton`);
    expect(await repo.run(['ls-tree', '--name-only', 'release'])).toBe('README.md\nfeature.txt\nhotfix.txt');
  });

  it('refuses a base branch that does not exist', async () => {
    const repo = await makeRepo();
    await repo.run(['branch', integration]);
    const error = await refusal(landRun(repo.root, { integration, base: 'nope' }));
    expect(error.reason).toBe('base-missing');
  });
});
