/** A target that is a real git repository on branch `main`, with one commit, for tests of worktrees and merges. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Runs git in `dir` and returns its trimmed output. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/**
 * A new repository with `files` committed on `main` and `plan` as plan.yaml. plan.yaml itself is left
 * untracked: baton reads the plan from the target, never from a worktree.
 */
export function gitTarget(plan: string, files: Readonly<Record<string, string>> = { 'README.md': '# test\n' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-git-'));
  git(dir, 'init', '--quiet', '--initial-branch=main');
  git(dir, 'config', 'user.name', 'Test');
  git(dir, 'config', 'user.email', 'test@example.com');
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  git(dir, 'add', '.');
  git(dir, 'commit', '--quiet', '-m', 'initial');
  writeFileSync(join(dir, 'plan.yaml'), plan);
  return dir;
}

/** The content of `path` on `rev`, or undefined when it is not there. */
export function show(dir: string, rev: string, path: string): string | undefined {
  try {
    return git(dir, 'show', `${rev}:${path}`);
  } catch {
    return undefined;
  }
}
