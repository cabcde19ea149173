import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { branchBusy } from './branch-busy.js';
import { isolateGitConfig, makeRepo, removeTestRepos } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

describe('a branch in the middle of something', () => {
  it('is busy while a rebase of it stops half-way, and free again after', async () => {
    const repo = await makeRepo();
    const branch = (await repo.run(['branch', '--show-current'])).trim();
    await repo.commit('one', { 'a.txt': 'one\n' });
    await repo.commit('two', { 'a.txt': 'two\n' });
    expect(await branchBusy(repo.root, branch)).toBeUndefined();
    await repo.run(['-c', 'sequence.editor=sed -i 1s/^pick/edit/', 'rebase', '-i', 'HEAD~1']);
    expect(await branchBusy(repo.root, branch)).toMatch(/a rebase of .* is under way in /);
    await repo.run(['rebase', '--continue']);
    expect(await branchBusy(repo.root, branch)).toBeUndefined();
  });
});
