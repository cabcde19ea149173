import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GitError, MissingRefError } from '../errors.js';
import {
  BATON_IDENTITY,
  currentBranch,
  ensureExcluded,
  git,
  identityEnv,
  isAncestor,
  isGitRepo,
  repoRoot,
  resolveCommits,
  revParse,
} from './git.js';
import { branchWith, isolateGitConfig, makeRepo, removeTestRepos } from './test-repo.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

describe('running git', () => {
  it('returns stdout, stderr and the exit code', async () => {
    const repo = await makeRepo();
    const result = await git(repo.root, ['rev-parse', '--abbrev-ref', 'HEAD']);
    expect(result).toEqual({ stdout: 'main\n', stderr: '', exitCode: 0 });
  });

  it('throws a GitError carrying the argv, exit code, stderr and directory when git fails', async () => {
    const repo = await makeRepo();
    const error = await git(repo.root, ['rev-parse', '--verify', 'nope']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(error).toMatchObject({ args: ['rev-parse', '--verify', 'nope'], exitCode: 128, cwd: repo.root });
    expect((error as GitError).stderr).toContain('fatal');
  });

  it('resolves with the exit code instead of throwing when failure is allowed', async () => {
    const repo = await makeRepo();
    const result = await git(repo.root, ['rev-parse', '--verify', '-q', 'nope'], { allowFail: true });
    expect(result.exitCode).toBe(1);
  });

  it('writes the input to git and reads its output', async () => {
    const repo = await makeRepo();
    const { stdout } = await git(repo.root, ['hash-object', '--stdin'], { input: 'hello\n' });
    expect(stdout.trim()).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
  });

  it('reports a missing directory as a GitError, not as a missing git', async () => {
    const error = await git('/nonexistent/baton/dir', ['status']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect(error).toMatchObject({ exitCode: undefined, cwd: '/nonexistent/baton/dir' });
  });

  it('stops git when the signal aborts', async () => {
    const repo = await makeRepo();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(git(repo.root, ['status'], { signal: controller.signal })).rejects.toThrow('stop');
  });

  it('ignores an inherited GIT_DIR that would point it at another repository', async () => {
    const repo = await makeRepo();
    const other = await makeRepo();
    const { stdout } = await git(repo.root, ['rev-parse', '--show-toplevel'], { env: {} });
    expect(stdout.trim()).toBe(repo.root);
    process.env.GIT_DIR = join(other.root, '.git');
    try {
      expect((await git(repo.root, ['rev-parse', '--show-toplevel'])).stdout.trim()).toBe(repo.root);
    } finally {
      delete process.env.GIT_DIR;
    }
  });
});

describe('questions about a repository', () => {
  it('knows a repository from a plain directory', async () => {
    const repo = await makeRepo();
    const plain = mkdtempSync(join(tmpdir(), 'baton-plain-'));
    try {
      expect(await isGitRepo(repo.root)).toBe(true);
      expect(await isGitRepo(plain)).toBe(false);
      expect(await isGitRepo(join(plain, 'missing'))).toBe(false);
    } finally {
      rmSync(plain, { recursive: true });
    }
  });

  it('finds the main worktree from a subdirectory and from a linked worktree', async () => {
    const repo = await makeRepo();
    repo.write({ 'src/a.txt': 'a' });
    const linked = join(repo.root, '..', 'linked');
    await repo.run(['worktree', 'add', '-q', '-b', 'side', linked]);
    expect(await repoRoot(join(repo.root, 'src'))).toBe(repo.root);
    expect(await repoRoot(linked)).toBe(repo.root);
  });

  it('names the checked-out branch, and none on a detached HEAD', async () => {
    const repo = await makeRepo();
    expect(await currentBranch(repo.root)).toBe('main');
    await repo.run(['checkout', '-q', '--detach']);
    expect(await currentBranch(repo.root)).toBeUndefined();
  });

  it('resolves revisions and answers undefined for a missing one', async () => {
    const repo = await makeRepo();
    const head = await repo.run(['rev-parse', 'HEAD']);
    expect(await revParse(repo.root, 'refs/heads/main')).toBe(head);
    expect(await revParse(repo.root, 'refs/heads/missing')).toBeUndefined();
  });

  it('resolves several commits at once and names the missing one', async () => {
    const repo = await makeRepo();
    const side = await branchWith(repo, 'side', { 'a.txt': 'a' });
    const head = await repo.run(['rev-parse', 'HEAD']);
    expect(await resolveCommits(repo.root, ['refs/heads/main', 'refs/heads/side'])).toEqual([head, side]);
    await expect(resolveCommits(repo.root, ['refs/heads/main', 'refs/heads/gone'])).rejects.toEqual(new MissingRefError('refs/heads/gone', repo.root));
  });

  it('tells whether one commit contains another', async () => {
    const repo = await makeRepo();
    const side = await branchWith(repo, 'side', { 'a.txt': 'a' });
    expect(await isAncestor(repo.root, 'main', side)).toBe(true);
    expect(await isAncestor(repo.root, side, 'main')).toBe(false);
    await expect(isAncestor(repo.root, 'main', 'nope')).rejects.toBeInstanceOf(GitError);
  });

  it('excludes .baton/ from git once, however often it is asked', async () => {
    const repo = await makeRepo();
    repo.write({ '.baton/baton.db': 'x' });
    await ensureExcluded(repo.root);
    await ensureExcluded(repo.root);
    const exclude = readFileSync(join(repo.root, '.git', 'info', 'exclude'), 'utf8');
    expect(exclude.split('\n').filter((line) => line === '.baton/')).toHaveLength(1);
    expect(await repo.run(['status', '--porcelain'])).toBe('');
  });
});

describe('the identity of baton commits', () => {
  it('is baton when the repository has no user.name or user.email', async () => {
    const repo = await makeRepo();
    expect(await identityEnv(repo.root, {})).toEqual({
      GIT_AUTHOR_NAME: BATON_IDENTITY.name,
      GIT_COMMITTER_NAME: BATON_IDENTITY.name,
      GIT_AUTHOR_EMAIL: BATON_IDENTITY.email,
      GIT_COMMITTER_EMAIL: BATON_IDENTITY.email,
    });
  });

  it("is left to the user's configuration when it names them", async () => {
    const repo = await makeRepo();
    await repo.run(['config', 'user.name', 'Ada']);
    await repo.run(['config', 'user.email', 'ada@example.com']);
    expect(await identityEnv(repo.root, {})).toEqual({});
  });

  it('fills in only what is missing', async () => {
    const repo = await makeRepo();
    await repo.run(['config', 'user.name', 'Ada']);
    expect(await identityEnv(repo.root, { EMAIL: 'ada@example.com' })).toEqual({});
    expect(await identityEnv(repo.root, {})).toEqual({ GIT_AUTHOR_EMAIL: BATON_IDENTITY.email, GIT_COMMITTER_EMAIL: BATON_IDENTITY.email });
  });
});
