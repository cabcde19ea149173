import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { detectWorkspace } from './detect.js';
import { git } from './git.js';
import { integrationBranch } from './names.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';
import type { TestRepo } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

/** A linked worktree `../feat` on a new branch `feat` with one commit of its own. */
async function linkedFeature(repo: TestRepo): Promise<{ dir: string; head: string }> {
  const dir = join(repo.root, '..', 'feat');
  await repo.run(['worktree', 'add', '-q', '-b', 'feat', dir]);
  const head = await repo.commit('feature work', { 'src/lib/f.txt': 'f\n' }, dir);
  return { dir, head };
}

describe('detecting where a run works', () => {
  it('uses the main worktree, its branch and its HEAD when started there', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    repo.write({ 'src/a.txt': 'a' });
    expect(await detectWorkspace(join(repo.root, 'src'), RUN)).toEqual({
      workspace: { root: repo.root, prefix: 'src', base: 'main', baseCommit: head, integration: integrationBranch(RUN) },
    });
  });

  it('uses the linked worktree it is started in, not the main one: its top, its branch, its HEAD', async () => {
    const repo = await makeRepo();
    const { dir, head } = await linkedFeature(repo);
    expect(await detectWorkspace(dir, RUN)).toEqual({
      workspace: { root: dir, prefix: '', base: 'feat', baseCommit: head, integration: integrationBranch(RUN) },
    });
  });

  it('places the run in a subdirectory of a linked worktree relative to that worktree', async () => {
    const repo = await makeRepo();
    const { dir, head } = await linkedFeature(repo);
    const detected = await detectWorkspace(join(dir, 'src', 'lib'), RUN);
    expect(detected.workspace).toMatchObject({ root: dir, prefix: 'src/lib', base: 'feat', baseCommit: head });
  });

  it('has no base branch on a detached HEAD, and still a base commit', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    await repo.run(['checkout', '-q', '--detach']);
    expect((await detectWorkspace(repo.root, RUN)).workspace).toMatchObject({ base: undefined, baseCommit: head });
  });

  it('says why there is no workspace outside git and in a repository without a commit', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'baton-plain-'));
    try {
      expect(await detectWorkspace(plain, RUN)).toEqual({ workspace: undefined, why: 'not a git repository' });
      const empty = join(plain, 'empty');
      mkdirSync(empty);
      await git(plain, ['init', '-q', empty]);
      expect((await detectWorkspace(empty, RUN)).workspace).toBeUndefined();
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});
