/**
 * The names baton gives to what it creates in a repository: branches, worktree directories, tags and refs.
 *
 * git cannot hold both `refs/heads/baton/<run>` and `refs/heads/baton/<run>/<x>` (a ref cannot also be a
 * directory of refs), so a workspace's branch is `baton/<run>+<name>`: ids never contain `+`. Workspace names
 * never collide: an action's first attempt is its id, later ones add `+<n>`, and the agent tracks and gate
 * checkouts start with `_`, which no id can.
 */
import { join } from 'node:path';

/** What ids (actions, agents, phases) look like (src/plan/schema.ts); the plan validates them, these functions insist. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Run ids: `YYYYMMDD-HHMMSS-xxxx`. */
const RUN_ID = /^\d{8}-\d{6}-[0-9a-z]{4}$/;

/** What a workspace is for, read back from its name. */
export type WorkspaceKind =
  | { readonly kind: 'action'; readonly action: string; readonly attempt: number }
  | { readonly kind: 'track'; readonly agent: string }
  | { readonly kind: 'gate'; readonly phase: string };

/** The run's integration branch, where every action's work is merged: `baton/<run>`. */
export function integrationBranch(run: string): string {
  return `baton/${checkRun(run)}`;
}

/** The workspace of attempt `attempt` (1, 2, …) of `action`: `A`, then `A+2`, `A+3`… */
export function actionWorkspace(action: string, attempt: number): string {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError(`attempt must be an integer ≥ 1, got ${attempt}`);
  return attempt === 1 ? checkId(action, 'action') : `${checkId(action, 'action')}+${attempt}`;
}

/** The long-lived workspace an agent with `workspace: track` works in: `_track-<agent>`. */
export function trackWorkspace(agent: string): string {
  return `_track-${checkId(agent, 'agent')}`;
}

/** The detached checkout where a phase's gate checks run: `_gate-<phase>`. It has no branch. */
export function gateWorkspace(phase: string): string {
  return `_gate-${checkId(phase, 'phase')}`;
}

/** Reads a workspace name back; `undefined` for a name baton does not make. */
export function parseWorkspace(name: string): WorkspaceKind | undefined {
  const special = /^_(track|gate)-(.+)$/.exec(name);
  if (special) {
    const [, kind, id = ''] = special;
    if (!isId(id)) return undefined;
    return kind === 'track' ? { kind: 'track', agent: id } : { kind: 'gate', phase: id };
  }
  const action = /^([^+]+)(?:\+(\d+))?$/.exec(name);
  if (!action || !isId(action[1] ?? '')) return undefined;
  const attempt = action[2] === undefined ? 1 : Number(action[2]);
  if (attempt < 2 && action[2] !== undefined) return undefined;
  return { kind: 'action', action: action[1] ?? '', attempt };
}

/** The directory that holds a run's worktrees: `<root>/.baton/worktrees/<run>`. */
export function runWorktreesDir(root: string, run: string): string {
  return join(root, '.baton', 'worktrees', checkRun(run));
}

/** A workspace's worktree directory: `<root>/.baton/worktrees/<run>/<name>`. */
export function worktreeDir(root: string, run: string, name: string): string {
  return join(runWorktreesDir(root, run), name);
}

/** A workspace's branch: `baton/<run>+<name>`. Gate workspaces have none (they are detached). */
export function branchOf(run: string, name: string): string {
  if (parseWorkspace(name) === undefined) throw new RangeError(`not a workspace name: "${name}"`);
  return `${integrationBranch(run)}+${name}`;
}

/** The for-each-ref glob that matches every workspace branch of a run. */
export function workspaceBranchesPattern(run: string): string {
  return `refs/heads/${integrationBranch(run)}+*`;
}

/** The tag taken when a phase's gate passes: `refs/tags/baton/<run>/cp/<phase>`. */
export function checkpointRef(run: string, phase: string): string {
  return `${checkpointPrefix(run)}${checkId(phase, 'phase')}`;
}

/** The prefix of a run's checkpoint tags (ends with `/`). */
export function checkpointPrefix(run: string): string {
  return `refs/tags/baton/${checkRun(run)}/cp/`;
}

/** Where a rollback keeps the tip it moved away from: `refs/baton/<run>/backup/<n>`, n = 1, 2, … */
export function backupRef(run: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`backup number must be an integer ≥ 1, got ${n}`);
  return `${backupPrefix(run)}${n}`;
}

/** The prefix of a run's backup refs (ends with `/`). */
export function backupPrefix(run: string): string {
  return `refs/baton/${checkRun(run)}/backup/`;
}

/**
 * Where the work a failed attempt left in a workspace (an agent's track) is kept when the workspace is reset for
 * the next action: `refs/baton/<run>/shelved/<workspace>/<action>[+<n>]`, e.g.
 * `refs/baton/<run>/shelved/_track-dev/a+2`. One per attempt (attempt numbers are unique in a run), so a ref
 * is only ever created, never moved; gc keeps them.
 */
export function shelvedRef(run: string, workspace: string, action: string, attempt: number): string {
  if (parseWorkspace(workspace) === undefined) throw new RangeError(`not a workspace name: "${workspace}"`);
  return `${shelvedPrefix(run)}${workspace}/${actionWorkspace(action, attempt)}`;
}

/** The prefix of a run's shelved refs (ends with `/`). */
export function shelvedPrefix(run: string): string {
  return `refs/baton/${checkRun(run)}/shelved/`;
}

/** The full ref of a branch name: `refs/heads/<branch>`. */
export function headRef(branch: string): string {
  return `refs/heads/${branch}`;
}

/** The run id of an integration branch `baton/<run>`, or `undefined` for another branch. */
export function runOfIntegration(branch: string): string | undefined {
  const match = /^baton\/([^/+]+)$/.exec(branch);
  return match?.[1] !== undefined && RUN_ID.test(match[1]) ? match[1] : undefined;
}

/** An id as the plan schema accepts it: also usable in a ref name (no `..`, no trailing `.` or `.lock`). */
function isId(id: string): boolean {
  return ID.test(id) && !id.includes('..') && !id.endsWith('.') && !id.endsWith('.lock');
}

function checkId(id: string, what: string): string {
  if (!isId(id)) throw new RangeError(`${what} id must be usable in a branch name (${String(ID)}, no "..", no trailing "." or ".lock"), got "${id}"`);
  return id;
}

function checkRun(run: string): string {
  if (!RUN_ID.test(run)) throw new RangeError(`run id must look like 20250101-120000-abcd, got "${run}"`);
  return run;
}
