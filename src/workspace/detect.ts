/**
 * Whether a run works in git, decided once when it is created: the target directory is inside a repository with
 * at least one commit. The branch and commit checked out then, in the worktree the target directory is in, are
 * the run's base (`baton land` merges into that branch); its integration branch starts there.
 */
import type { RunWorkspace } from '../engine/events.js';
import { BadInputError } from '../errors.js';
import { currentBranch, git, isGitRepo, revParse, worktreeTop } from './git.js';
import { integrationBranch } from './names.js';

export type Detected = { readonly workspace: RunWorkspace } | { readonly workspace: undefined; readonly why: string };

/**
 * Detects the workspace of a run started in `cwd`. The worktree `cwd` is in, main or linked, is where the run
 * works: a user who made `git worktree add ../feat -b feat` and starts baton there means `feat`, so its top is the
 * root, its branch the base and its HEAD the base commit (the main worktree's branch is not touched).
 */
export async function detectWorkspace(cwd: string, run: string): Promise<Detected> {
  if (!(await isGitRepo(cwd))) return { workspace: undefined, why: 'not a git repository' };
  await requireGit();
  const { top, prefix } = await worktreeTop(cwd);
  const baseCommit = await revParse(top, 'HEAD');
  if (baseCommit === undefined) return { workspace: undefined, why: 'the git repository has no commit yet to branch from' };
  return {
    workspace: {
      root: top,
      prefix,
      base: await currentBranch(top),
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
