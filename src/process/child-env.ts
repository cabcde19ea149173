/**
 * The environment baton's children start with. Baton may be started from a git hook, where git has set
 * `GIT_DIR` and its kin: passed on, they would point every `git` an agent, a check or baton itself runs at the
 * repository of the hook instead of the worktree it runs in (an agent's `git commit` would move the user's
 * branch). So every child gets baton's environment without them.
 */

/**
 * Variables that redirect git to another repository, index or object store. Never inherited by a child; a
 * caller that means one (a temporary index) passes it in `extra`.
 */
export const GIT_REDIRECTING = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
] as const;

/**
 * A fresh copy of `process.env` without {@link GIT_REDIRECTING}, then `extra` on top (an `undefined` value
 * removes the variable, so `extra` can also set a redirecting one on purpose). Read at each call: a test or a
 * caller that changed `process.env` since is seen.
 */
export function childEnv(extra: Readonly<Record<string, string | undefined>> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  const dropped = new Set<string>(GIT_REDIRECTING);
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined && !dropped.has(name)) env[name] = value;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
