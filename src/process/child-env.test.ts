import { afterEach, describe, expect, it } from 'vitest';
import { childEnv, GIT_REDIRECTING } from './child-env.js';
import { runCommand } from './run-command.js';

const saved = new Map(GIT_REDIRECTING.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const [name, value] of saved) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("the environment of baton's children", () => {
  it('is baton’s own without the variables that point git at another repository, plus what the caller adds', () => {
    for (const name of GIT_REDIRECTING) process.env[name] = `/elsewhere/${name}`;
    const env = childEnv({ BATON_RUN: 'r' });
    for (const name of GIT_REDIRECTING) expect(env[name]).toBeUndefined();
    expect(env.BATON_RUN).toBe('r');
    expect(env.PATH).toBe(process.env.PATH);
    expect(process.env.GIT_DIR).toBe('/elsewhere/GIT_DIR');
  });

  it('keeps a redirecting variable the caller sets on purpose, and removes one the caller sets to undefined', () => {
    process.env.GIT_DIR = '/from/a/hook';
    expect(childEnv({ GIT_INDEX_FILE: '/tmp/index' }).GIT_INDEX_FILE).toBe('/tmp/index');
    expect('PATH' in childEnv({ PATH: undefined })).toBe(false);
  });

  it('reaches a shell command run as checks are run without GIT_DIR', async () => {
    process.env.GIT_DIR = '/from/a/hook/.git';
    process.env.GIT_WORK_TREE = '/from/a/hook';
    const result = await runCommand('echo "dir=${GIT_DIR-unset} tree=${GIT_WORK_TREE-unset} run=$BATON_RUN"', { env: childEnv({ BATON_RUN: 'r' }) });
    expect(result.output).toBe('dir=unset tree=unset run=r\n');
  });
});
