import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RefMovedError } from '../errors.js';
import { deleteRef, listRefs, updateRef, updateRefs } from './refs.js';
import { isolateGitConfig, makeRepo, removeTestRepos } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

describe('compare-and-swap ref updates', () => {
  it('moves a ref that is where the caller expects it', async () => {
    const repo = await makeRepo();
    const first = await repo.run(['rev-parse', 'HEAD']);
    const second = await repo.commit('second');
    await updateRef(repo.root, 'refs/heads/x', first, undefined, 'test');
    await updateRef(repo.root, 'refs/heads/x', second, first, 'test');
    expect(await repo.run(['rev-parse', 'refs/heads/x'])).toBe(second);
  });

  it('refuses when the tip moved since it was read, and changes nothing', async () => {
    const repo = await makeRepo();
    const first = await repo.run(['rev-parse', 'HEAD']);
    const second = await repo.commit('second');
    await repo.run(['branch', 'x', first]);
    await repo.run(['branch', '-f', 'x', second]); // someone else moved it
    const error = await updateRef(repo.root, 'refs/heads/x', first, first, 'test').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefMovedError);
    expect(error).toMatchObject({ ref: 'refs/heads/x', expected: first, actual: second });
    expect(await repo.run(['rev-parse', 'refs/heads/x'])).toBe(second);
    await expect(updateRef(repo.root, 'refs/heads/x', first, undefined, 'test')).rejects.toMatchObject({ expected: undefined, actual: second });
    await expect(deleteRef(repo.root, 'refs/heads/x', first)).rejects.toBeInstanceOf(RefMovedError);
  });

  it('applies a transaction entirely or not at all', async () => {
    const repo = await makeRepo();
    const first = await repo.run(['rev-parse', 'HEAD']);
    const second = await repo.commit('second');
    await repo.run(['branch', 'x', first]);
    const moved = updateRefs(
      repo.root,
      [
        { ref: 'refs/heads/y', next: first, expected: undefined },
        { ref: 'refs/heads/x', next: second, expected: second },
      ],
      'test',
    );
    await expect(moved).rejects.toBeInstanceOf(RefMovedError);
    expect(await listRefs(repo.root, ['refs/heads/y'])).toEqual([]);
    await updateRefs(repo.root, [{ ref: 'refs/heads/x', next: undefined, expected: first }, { ref: 'refs/heads/y', next: second, expected: undefined }], 'test');
    expect(await listRefs(repo.root, ['refs/heads/'])).toEqual([
      { ref: 'refs/heads/main', oid: second, worktree: repo.root },
      { ref: 'refs/heads/y', oid: second, worktree: undefined },
    ]);
  });
});
