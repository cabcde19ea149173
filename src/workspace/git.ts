/**
 * Runs git, and answers the questions about a repository the rest of the workspace layer asks. Every git call
 * baton makes goes through {@link git}: an argv (never a shell string), an explicit working directory (nothing
 * here reads the process's current directory), messages in the C locale so that the few we read mean the same
 * everywhere, and none of the caller's `GIT_DIR`-like variables, which would silently point git at another
 * repository (a hook running baton has them set).
 */
import { spawn } from 'node:child_process';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { GitError, MissingRefError } from '../errors.js';
import { childEnv } from '../process/child-env.js';

export interface GitOptions {
  /**
   * Extra environment for this call, on top of baton's own (the inherited one without the variables that
   * redirect git, `GIT_REDIRECTING` in src/process/child-env.ts); a caller that means one (a temporary index) passes it here.
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Written to git's stdin (a commit message, `--index-info` lines); stdin is empty otherwise. */
  readonly input?: string | Buffer;
  /** Stops git (SIGTERM) and rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** Resolve with the exit code instead of throwing when git exits non-zero. @default false */
  readonly allowFail?: boolean;
}

/** What git printed and how it exited. */
export interface GitResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Output above this is an error rather than memory exhaustion. Large: `--name-only` of a 100k-file change or a
 * `worktree list` of a big run must fit. @default 512 MiB
 */
export const GIT_MAX_BUFFER = 512 * 1024 * 1024;

/**
 * Runs `git <args>` in `cwd`. Throws {@link GitError} when git exits non-zero (unless `allowFail`) or cannot be
 * started; rejects with the abort reason when `signal` aborts.
 */
export function git(cwd: string, args: readonly string[], options: GitOptions = {}): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env: gitEnv(options.env), stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    const collect = (into: Buffer[]) => (chunk: Buffer) => {
      size += chunk.length;
      if (size > GIT_MAX_BUFFER) child.kill('SIGKILL');
      else into.push(chunk);
    };
    child.stdout.on('data', collect(out));
    child.stderr.on('data', collect(err));
    child.stdin.on('error', () => undefined); // git may exit before reading all of its input; its exit code tells
    child.stdin.end(options.input);
    child.on('error', (error) => {
      if (error.name === 'AbortError') reject(options.signal?.reason instanceof Error ? options.signal.reason : error);
      else reject(new GitError(args, undefined, error.message, cwd, { cause: error }));
    });
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8');
      if (size > GIT_MAX_BUFFER) return reject(new GitError(args, undefined, `output exceeded ${GIT_MAX_BUFFER} bytes`, cwd));
      if (code === null) return options.signal?.aborted ? undefined : reject(new GitError(args, undefined, stderr, cwd));
      if (code !== 0 && options.allowFail !== true) return reject(new GitError(args, code, stderr, cwd));
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr, exitCode: code });
    });
  });
}

function gitEnv(extra: GitOptions['env']): NodeJS.ProcessEnv {
  return childEnv({ LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0', ...extra });
}

/** Splits NUL-terminated output (`-z`) into its fields, without the empty one after the last NUL. */
export function splitNul(text: string): string[] {
  const fields = text.split('\0');
  if (fields.at(-1) === '') fields.pop();
  return fields;
}

/** Splits line output into its non-empty lines. */
export function splitLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

// ── Questions about a repository ─────────────────────────────────────────────────────────────────────────

/** Whether `dir` is inside a git worktree (main or linked). False for a missing directory. */
export async function isGitRepo(dir: string): Promise<boolean> {
  try {
    const { stdout, exitCode } = await git(dir, ['rev-parse', '--is-inside-work-tree'], { allowFail: true });
    return exitCode === 0 && stdout.trim() === 'true';
  } catch {
    return false; // the directory does not exist
  }
}

/**
 * The git directory that all worktrees share (`<root>/.git` normally), absolute. Refs, `info/exclude` and the
 * worktrees' administrative directories live there.
 */
export async function gitCommonDir(dir: string): Promise<string> {
  const { stdout } = await git(dir, ['rev-parse', '--path-format=absolute', '--git-common-dir']);
  return stdout.trim();
}

/**
 * The top level of the repository's main worktree, from anywhere inside it or inside one of its linked
 * worktrees. Not where a run works: that is the worktree it starts in ({@link worktreeTop}).
 */
export async function repoRoot(dir: string): Promise<string> {
  const common = await gitCommonDir(dir);
  if (basename(common) === '.git') return dirname(common);
  // A separate git directory (`git init --separate-git-dir`): the main worktree is the first one listed.
  const { stdout } = await git(dir, ['worktree', 'list', '--porcelain', '-z']);
  const first = splitNul(stdout).find((field) => field.startsWith('worktree '));
  if (first !== undefined) return first.slice('worktree '.length);
  const { stdout: top } = await git(dir, ['rev-parse', '--show-toplevel']);
  return top.trim();
}

/**
 * The top level of the worktree (main or linked) that `dir` is in, and `dir`'s place in it (`''` at the top,
 * else `src/lib`, no trailing slash). A run started in a linked worktree works there: its branch is the base,
 * its `.baton/` holds the run's worktrees.
 */
export async function worktreeTop(dir: string): Promise<{ readonly top: string; readonly prefix: string }> {
  const { stdout } = await git(dir, ['rev-parse', '--show-toplevel', '--show-prefix']);
  const [top = '', prefix = ''] = stdout.split('\n');
  return { top, prefix: prefix.replace(/\/$/, '') };
}

/** The branch checked out in the worktree at `dir` (`main`, `baton/x`), or `undefined` on a detached HEAD. */
export async function currentBranch(dir: string): Promise<string | undefined> {
  const { stdout, exitCode } = await git(dir, ['symbolic-ref', '-q', 'HEAD'], { allowFail: true });
  if (exitCode !== 0) return undefined;
  return stdout.trim().replace(/^refs\/heads\//, '');
}

/** The object id `rev` names, or `undefined` when it names nothing. Pass full ref names to avoid ambiguity. */
export async function revParse(dir: string, rev: string): Promise<string | undefined> {
  const { stdout, exitCode } = await git(dir, ['rev-parse', '--verify', '-q', '--end-of-options', rev], { allowFail: true });
  return exitCode === 0 ? stdout.trim() : undefined;
}

/**
 * The commits `revs` name, in one git call; {@link MissingRefError} naming the first that does not exist.
 */
export async function resolveCommits<const T extends readonly string[]>(dir: string, revs: T): Promise<{ -readonly [K in keyof T]: string }> {
  const args = ['rev-parse', ...revs.map((rev) => `${rev}^{commit}`), '--'];
  const result = await git(dir, args, { allowFail: true });
  if (result.exitCode === 0) return splitLines(result.stdout).filter((line) => line !== '--') as { -readonly [K in keyof T]: string };
  for (const rev of revs) if ((await revParse(dir, `${rev}^{commit}`)) === undefined) throw new MissingRefError(rev, dir);
  throw new GitError(args, result.exitCode, result.stderr, dir);
}

/** Whether commit `ancestor` is reachable from commit `descendant` (a commit is its own ancestor). */
export async function isAncestor(dir: string, ancestor: string, descendant: string): Promise<boolean> {
  const args = ['merge-base', '--is-ancestor', ancestor, descendant];
  const result = await git(dir, args, { allowFail: true });
  if (result.exitCode === 0) return true;
  if (result.exitCode === 1) return false;
  throw new GitError(args, result.exitCode, result.stderr, dir);
}

/** How many commits `rev` has that none of `others` contains. */
export async function countCommitsNotIn(dir: string, rev: string, others: readonly string[]): Promise<number> {
  const { stdout } = await git(dir, ['rev-list', '--count', rev, '--not', ...others, '--']);
  return Number(stdout.trim());
}

const EXCLUDED = '.baton/';

/**
 * Keeps `.baton/` (the database, the runs' worktrees and logs) out of the user's `git status` without touching
 * their tracked `.gitignore`: adds it once to `info/exclude` of the shared git directory. Idempotent.
 */
export async function ensureExcluded(root: string, pattern: string = EXCLUDED): Promise<void> {
  const file = join(await gitCommonDir(root), 'info', 'exclude');
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const bare = pattern.replace(/^\//, '').replace(/\/$/, '');
  const present = splitLines(text).some((line) => [bare, `${bare}/`, `/${bare}`, `/${bare}/`].includes(line.trim()));
  if (present) return;
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}

// ── Identity ───────────────────────────────────────────────────────────────────────────────────────────────

/*
 * Who baton's commits are by. A user who configured `user.name`/`user.email` keeps their identity on the commits
 * made for them; a repository without one (a fresh CI machine, a container) would make `git commit` fail, so
 * baton then signs as `baton <baton@localhost>` instead.
 */

/** The identity baton commits under when the repository configures none. */
export const BATON_IDENTITY = { name: 'baton', email: 'baton@localhost' } as const;

/**
 * Environment for git calls that commit in `dir`: `GIT_AUTHOR_*`/`GIT_COMMITTER_*` set to {@link BATON_IDENTITY}
 * for each of name and email that neither git config nor the inherited environment provides; `{}` when the user
 * has an identity. One git call; a run computes it once and passes it to every commit (the `env` options).
 */
export async function identityEnv(dir: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Record<string, string>> {
  const { stdout } = await git(dir, ['config', '--get-regexp', '^user\\.(name|email)$'], { allowFail: true });
  const configured = new Set(splitLines(stdout).map((line) => line.split(' ')[0]?.toLowerCase()));
  const result: Record<string, string> = {};
  for (const role of ['AUTHOR', 'COMMITTER'] as const) {
    if (!configured.has('user.name') && !env[`GIT_${role}_NAME`]) result[`GIT_${role}_NAME`] = BATON_IDENTITY.name;
    if (!configured.has('user.email') && !env[`GIT_${role}_EMAIL`] && !env.EMAIL) {
      result[`GIT_${role}_EMAIL`] = BATON_IDENTITY.email;
    }
  }
  return result;
}
