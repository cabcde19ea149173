import { describe, expect, it } from 'vitest';
import {
  actionWorkspace,
  backupRef,
  branchOf,
  checkpointRef,
  gateWorkspace,
  integrationBranch,
  parseWorkspace,
  runOfIntegration,
  shelvedRef,
  trackWorkspace,
  workspaceBranchesPattern,
  worktreeDir,
} from './names.js';

const RUN = '20250101-120000-abcd';

describe('the names baton gives in a repository', () => {
  it('names the integration branch after the run', () => {
    expect(integrationBranch(RUN)).toBe(`baton/${RUN}`);
    expect(runOfIntegration(`baton/${RUN}`)).toBe(RUN);
    expect(runOfIntegration('main')).toBeUndefined();
    expect(runOfIntegration(`baton/${RUN}+a`)).toBeUndefined();
  });

  it('names an action attempt by its id, and later attempts with +n', () => {
    expect(actionWorkspace('build', 1)).toBe('build');
    expect(actionWorkspace('build', 3)).toBe('build+3');
    expect(() => actionWorkspace('build', 0)).toThrow(RangeError);
  });

  it('gives tracks and gates names no action id can take', () => {
    expect(trackWorkspace('dev')).toBe('_track-dev');
    expect(gateWorkspace('quick-wins')).toBe('_gate-quick-wins');
  });

  it('reads every workspace name back', () => {
    expect(parseWorkspace('build')).toEqual({ kind: 'action', action: 'build', attempt: 1 });
    expect(parseWorkspace('build+2')).toEqual({ kind: 'action', action: 'build', attempt: 2 });
    expect(parseWorkspace('_track-dev')).toEqual({ kind: 'track', agent: 'dev' });
    expect(parseWorkspace('_gate-p1')).toEqual({ kind: 'gate', phase: 'p1' });
    expect(parseWorkspace('build+1')).toBeUndefined();
    expect(parseWorkspace('_other')).toBeUndefined();
    expect(parseWorkspace('a/b')).toBeUndefined();
  });

  it('puts worktrees under .baton/worktrees/<run>/ and branches beside the integration branch', () => {
    expect(worktreeDir('/repo', RUN, 'build+2')).toBe(`/repo/.baton/worktrees/${RUN}/build+2`);
    expect(branchOf(RUN, 'build+2')).toBe(`baton/${RUN}+build+2`);
    expect(workspaceBranchesPattern(RUN)).toBe(`refs/heads/baton/${RUN}+*`);
  });

  it('names checkpoint tags and rollback backups under the run', () => {
    expect(checkpointRef(RUN, 'p1')).toBe(`refs/tags/baton/${RUN}/cp/p1`);
    expect(backupRef(RUN, 2)).toBe(`refs/baton/${RUN}/backup/2`);
  });

  it('names the work shelved from a workspace after the workspace and the attempt that left it', () => {
    expect(shelvedRef(RUN, '_track-dev', 'build', 1)).toBe(`refs/baton/${RUN}/shelved/_track-dev/build`);
    expect(shelvedRef(RUN, '_track-dev', 'build', 2)).toBe(`refs/baton/${RUN}/shelved/_track-dev/build+2`);
    expect(() => shelvedRef(RUN, '../x', 'build', 1)).toThrow(RangeError);
    expect(() => shelvedRef(RUN, '_track-dev', 'build', 0)).toThrow(RangeError);
  });

  it('refuses ids and run ids that git or the layout cannot hold', () => {
    expect(() => actionWorkspace('a..b', 1)).toThrow(RangeError);
    expect(() => actionWorkspace('x.lock', 1)).toThrow(RangeError);
    expect(() => trackWorkspace('a b')).toThrow(RangeError);
    expect(() => integrationBranch('latest')).toThrow(RangeError);
    expect(() => branchOf(RUN, '../x')).toThrow(RangeError);
  });
});
