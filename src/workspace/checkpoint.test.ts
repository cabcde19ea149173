import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NoCheckpointError } from '../errors.js';
import { applyRollback, checkpoints, planRollback, tagCheckpoint } from './checkpoint.js';
import { integrationBranch } from './names.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const integration = integrationBranch(RUN);

describe('checkpoints', () => {
  it('tags a passed gate and moves the tag when a loop passes it again', async () => {
    const repo = await makeRepo();
    const first = await repo.run(['rev-parse', 'HEAD']);
    await tagCheckpoint(repo.root, RUN, 'build', first);
    const second = await repo.commit('second');
    await tagCheckpoint(repo.root, RUN, 'test', first);
    await tagCheckpoint(repo.root, RUN, 'test', second);
    expect(await checkpoints(repo.root, RUN)).toEqual([
      { phase: 'build', commit: first },
      { phase: 'test', commit: second },
    ]);
    expect(await repo.run(['tag', '--list'])).toBe(`baton/${RUN}/cp/build\nbaton/${RUN}/cp/test`);
  });

  it('rolls the integration branch back to a checkpoint, keeps the old tip under a backup ref, and drops later checkpoints', async () => {
    const repo = await makeRepo();
    const checkpoint = await repo.run(['rev-parse', 'HEAD']);
    await tagCheckpoint(repo.root, RUN, 'build', checkpoint);
    const later = await repo.commit('later work');
    await tagCheckpoint(repo.root, RUN, 'test', later);
    await repo.run(['branch', integration, later]);
    const planned = await planRollback(repo.root, RUN, 'build');
    expect(planned).toEqual({ from: later, to: checkpoint, backup: `refs/baton/${RUN}/backup/1` });
    expect(await repo.run(['rev-parse', integration])).toBe(later);
    expect(await applyRollback(repo.root, RUN, planned, ['test'])).toBe(true);
    expect(await repo.run(['rev-parse', integration])).toBe(checkpoint);
    expect(await repo.run(['rev-parse', `refs/baton/${RUN}/backup/1`])).toBe(later);
    expect(await checkpoints(repo.root, RUN)).toEqual([{ phase: 'build', commit: checkpoint }]);
  });

  it('carries out a recorded rollback once, and leaves a branch that moved elsewhere alone', async () => {
    const repo = await makeRepo();
    const checkpoint = await repo.run(['rev-parse', 'HEAD']);
    await tagCheckpoint(repo.root, RUN, 'build', checkpoint);
    await repo.run(['branch', integration, await repo.commit('one')]);
    const planned = await planRollback(repo.root, RUN, 'build');
    expect(await applyRollback(repo.root, RUN, planned, [])).toBe(true);
    expect(await applyRollback(repo.root, RUN, planned, [])).toBe(true);
    const elsewhere = await repo.commit('two');
    await repo.run(['branch', '-f', integration, elsewhere]);
    expect(await applyRollback(repo.root, RUN, planned, [])).toBe(false);
    expect(await repo.run(['rev-parse', integration])).toBe(elsewhere);
    expect((await planRollback(repo.root, RUN, 'build')).backup).toBe(`refs/baton/${RUN}/backup/2`);
  });

  it('names the checkpoints there are when asked for one there is not', async () => {
    const repo = await makeRepo();
    await tagCheckpoint(repo.root, RUN, 'build', await repo.run(['rev-parse', 'HEAD']));
    const error = await planRollback(repo.root, RUN, 'deploy').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCheckpointError);
    expect(error).toMatchObject({ run: RUN, phase: 'deploy', known: ['build'] });
  });
});
