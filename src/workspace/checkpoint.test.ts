import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NoCheckpointError } from '../errors.js';
import { checkpoints, rollbackIntegration, tagCheckpoint } from './checkpoint.js';
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

  it('rolls the integration branch back to a checkpoint and keeps the old tip under a backup ref', async () => {
    const repo = await makeRepo();
    const checkpoint = await repo.run(['rev-parse', 'HEAD']);
    await tagCheckpoint(repo.root, RUN, 'build', checkpoint);
    const later = await repo.commit('later work');
    await repo.run(['branch', integration, later]);
    expect(await rollbackIntegration(repo.root, RUN, 'build')).toEqual({ from: later, to: checkpoint, backup: `refs/baton/${RUN}/backup/1` });
    expect(await repo.run(['rev-parse', integration])).toBe(checkpoint);
    expect(await repo.run(['rev-parse', `refs/baton/${RUN}/backup/1`])).toBe(later);
  });

  it('numbers backups on, and makes none when the branch already is at the checkpoint', async () => {
    const repo = await makeRepo();
    const checkpoint = await repo.run(['rev-parse', 'HEAD']);
    await tagCheckpoint(repo.root, RUN, 'build', checkpoint);
    await repo.run(['branch', integration, await repo.commit('one')]);
    await rollbackIntegration(repo.root, RUN, 'build');
    expect(await rollbackIntegration(repo.root, RUN, 'build')).toEqual({ from: checkpoint, to: checkpoint, backup: undefined });
    const two = await repo.commit('two');
    await repo.run(['branch', '-f', integration, two]);
    expect((await rollbackIntegration(repo.root, RUN, 'build')).backup).toBe(`refs/baton/${RUN}/backup/2`);
  });

  it('names the checkpoints there are when asked for one there is not', async () => {
    const repo = await makeRepo();
    await tagCheckpoint(repo.root, RUN, 'build', await repo.run(['rev-parse', 'HEAD']));
    const error = await rollbackIntegration(repo.root, RUN, 'deploy').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoCheckpointError);
    expect(error).toMatchObject({ run: RUN, phase: 'deploy', known: ['build'] });
  });
});
