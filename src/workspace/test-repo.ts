/**
 * Real git repositories for the workspace tests: one fresh temporary repository per test, and a git
 * configuration isolated from the machine's (no global or system config, so no identity, no hooks path, no
 * signing), which is also the configuration baton must work in.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { git } from './git.js';

/** Identity for the commits a test makes itself (never baton's). */
const TEST_IDENTITY = ['-c', 'user.name=Test', '-c', 'user.email=test@example.com'];

/** A run id for tests. */
export const RUN = '20250101-120000-abcd';

const ISOLATED = ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM', 'GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL'];

/**
 * Points git at an empty global config and no system config, and drops inherited identity variables; returns
 * the function that restores the environment. Use as `beforeAll(isolateGitConfig)` (vitest calls the returned
 * function after the file's tests).
 */
export function isolateGitConfig(): () => void {
  const saved = new Map(ISOLATED.map((name) => [name, process.env[name]]));
  const dir = mkdtempSync(join(tmpdir(), 'baton-gitconfig-'));
  const empty = join(dir, 'gitconfig');
  writeFileSync(empty, '');
  for (const name of ISOLATED) delete process.env[name];
  process.env.GIT_CONFIG_GLOBAL = empty;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  };
}

export interface TestRepo {
  /** The main worktree's top (symlinks resolved, as git reports paths). */
  readonly root: string;
  /** Runs git in `dir` (default: root) and returns its trimmed stdout. */
  run(args: readonly string[], dir?: string): Promise<string>;
  /** Writes files (creating directories) under `dir` (default: root). */
  write(files: Readonly<Record<string, string>>, dir?: string): void;
  read(path: string, dir?: string): string | undefined;
  /** Writes files, stages everything and commits as the test identity; returns the commit. */
  commit(message: string, files?: Readonly<Record<string, string>>, dir?: string): Promise<string>;
}

const made: string[] = [];

/** Removes the repositories made so far; use as `afterEach(removeTestRepos)`. */
export function removeTestRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A fresh repository on branch `main` with one commit holding `README.md`; {@link removeTestRepos} removes it. */
export async function makeRepo(): Promise<TestRepo> {
  const parent = realpathSync(mkdtempSync(join(tmpdir(), 'baton-ws-')));
  made.push(parent);
  const root = join(parent, 'repo');
  mkdirSync(root);
  const repo: TestRepo = {
    root,
    run: async (args, dir = root) => (await git(dir, args)).stdout.trim(),
    write: (files, dir = root) => {
      for (const [path, content] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    },
    read: (path, dir = root) => (existsSync(join(dir, path)) ? readFileSync(join(dir, path), 'utf8') : undefined),
    commit: async (message, files = {}, dir = root) => {
      repo.write(files, dir);
      await git(dir, ['add', '-A']);
      await git(dir, [...TEST_IDENTITY, 'commit', '-q', '--allow-empty', '-m', message]);
      return (await git(dir, ['rev-parse', 'HEAD'])).stdout.trim();
    },
  };
  await git(root, ['init', '-q', '-b', 'main']);
  await repo.commit('initial', { 'README.md': 'hello\n' });
  return repo;
}

/** Creates branch `name` at `from` (default: main) with one commit of `files`, without checking it out. */
export async function branchWith(repo: TestRepo, name: string, files: Readonly<Record<string, string | null>>, from = 'main'): Promise<string> {
  const index = join(repo.root, '.git', `test-${name.replace(/\W/g, '_')}.index`);
  const env = { GIT_INDEX_FILE: index, GIT_AUTHOR_NAME: 'Test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'Test', GIT_COMMITTER_EMAIL: 'test@example.com' };
  const start = (await git(repo.root, ['rev-parse', `${from}^{commit}`])).stdout.trim();
  await git(repo.root, ['read-tree', start], { env });
  for (const [path, content] of Object.entries(files)) {
    if (content === null) {
      await git(repo.root, ['update-index', '--force-remove', '--', path], { env });
      continue;
    }
    const blob = (await git(repo.root, ['hash-object', '-w', '--stdin'], { input: content })).stdout.trim();
    await git(repo.root, ['update-index', '--add', '--cacheinfo', `100644,${blob},${path}`], { env });
  }
  const tree = (await git(repo.root, ['write-tree'], { env })).stdout.trim();
  const commit = (await git(repo.root, ['commit-tree', tree, '-p', start, '-m', `${name}: edit`], { env })).stdout.trim();
  rmSync(index, { force: true });
  await git(repo.root, ['update-ref', `refs/heads/${name}`, commit]);
  return commit;
}
