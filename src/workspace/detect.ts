/**
 * Whether a run works in git, decided once when it is created: the target directory is inside a repository with
 * at least one commit. The branch and commit checked out then are the run's base (`baton land` merges into that
 * branch); its integration branch starts there.
 */
import { relative } from 'node:path';
import type { RunWorkspace } from '../engine/events.js';
import { currentBranch, isGitRepo, repoRoot, revParse } from './git.js';
import { integrationBranch } from './names.js';

export type Detected = { readonly workspace: RunWorkspace } | { readonly workspace: undefined; readonly why: string };

export async function detectWorkspace(cwd: string, run: string): Promise<Detected> {
  if (!(await isGitRepo(cwd))) return { workspace: undefined, why: 'not a git repository' };
  const root = await repoRoot(cwd);
  const baseCommit = await revParse(root, 'HEAD');
  if (baseCommit === undefined) return { workspace: undefined, why: 'the git repository has no commit yet to branch from' };
  return {
    workspace: {
      root,
      prefix: relative(root, cwd),
      base: await currentBranch(root),
      baseCommit,
      integration: integrationBranch(run),
    },
  };
}
