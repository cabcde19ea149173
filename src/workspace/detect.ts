/**
 * Whether a run works in git, decided once when it is created: the target directory is inside a repository with
 * at least one commit. The branch and commit checked out then are the run's base (`baton land` merges into that
 * branch); its integration branch starts there.
 */
import { relative } from 'node:path';
import type { RunWorkspace } from '../engine/events.js';
import { BadInputError } from '../errors.js';
import { currentBranch, git, isGitRepo, repoRoot, revParse } from './git.js';
import { integrationBranch } from './names.js';

export type Detected = { readonly workspace: RunWorkspace } | { readonly workspace: undefined; readonly why: string };

export async function detectWorkspace(cwd: string, run: string): Promise<Detected> {
  if (!(await isGitRepo(cwd))) return { workspace: undefined, why: 'not a git repository' };
  await requireGit();
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

/** `git merge-tree --write-tree`, which merges without touching a tree, came with git 2.38. */
const MIN_GIT: readonly [number, number] = [2, 38];

async function requireGit(): Promise<void> {
  const { stdout } = await git('.', ['--version']);
  const [major = 0, minor = 0] = (/(\d+)\.(\d+)/.exec(stdout) ?? []).slice(1).map(Number);
  if (major > MIN_GIT[0] || (major === MIN_GIT[0] && minor >= MIN_GIT[1])) return;
  throw new BadInputError(
    `baton needs git ${MIN_GIT.join('.')} or newer to merge work without touching a tree, found "${stdout.trim()}"; upgrade git, or set "workspace: none" in the plan`,
  );
}
