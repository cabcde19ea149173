/**
 * Checkpoints and rollback. When a phase's gate passes, the integration tip it checked is tagged; a rollback
 * moves the integration branch back to such a tag, keeping the tip it leaves under a backup ref so that no
 * merged work becomes unreachable.
 */
import { MissingRefError, NoCheckpointError } from '../errors.js';
import { git, revParse } from './git.js';
import { backupPrefix, backupRef, checkpointPrefix, checkpointRef, headRef, integrationBranch } from './names.js';
import { listRefs, updateRefs } from './refs.js';

/**
 * Tags `commit` as the checkpoint of `phase` (`refs/tags/baton/<run>/cp/<phase>`). Moves the tag when it exists:
 * a loop phase passes its gate once per round, and the last pass is the one to return to.
 */
export async function tagCheckpoint(root: string, run: string, phase: string, commit: string): Promise<void> {
  await git(root, ['update-ref', '-m', `baton: gate of ${phase} passed`, checkpointRef(run, phase), commit]);
}

/** A passed gate's tag: the integration commit its checks ran on. */
export interface Checkpoint {
  readonly phase: string;
  readonly commit: string;
}

/** The run's checkpoints, by phase id. */
export async function checkpoints(root: string, run: string): Promise<Checkpoint[]> {
  const prefix = checkpointPrefix(run);
  const refs = await listRefs(root, [prefix]);
  return refs.map(({ ref, oid }) => ({ phase: ref.slice(prefix.length), commit: oid }));
}

/** Where a rollback moved the integration branch from and to, and where the old tip is kept. */
export interface Rollback {
  /** The integration tip before the rollback. */
  readonly from: string;
  /** The checkpoint commit it is at now. */
  readonly to: string;
  /** The ref that keeps `from` (`refs/baton/<run>/backup/<n>`); `undefined` when it already was at `to`. */
  readonly backup: string | undefined;
}

/**
 * Moves the run's integration branch back to the checkpoint of `phase`. In one atomic ref transaction the old
 * tip is kept under the next free backup ref and the branch is moved (compare-and-swap: a merge landing at the
 * same moment makes it fail with `RefMovedError` rather than be lost). {@link NoCheckpointError}, listing the
 * phases that have one, when `phase` has none.
 */
export async function rollbackIntegration(root: string, run: string, phase: string): Promise<Rollback> {
  const to = await revParse(root, `${checkpointRef(run, phase)}^{commit}`);
  if (to === undefined) {
    throw new NoCheckpointError(run, phase, (await checkpoints(root, run)).map((checkpoint) => checkpoint.phase));
  }
  const branch = headRef(integrationBranch(run));
  const from = await revParse(root, branch);
  if (from === undefined) throw new MissingRefError(branch, root);
  if (from === to) return { from, to, backup: undefined };
  const backup = backupRef(run, (await lastBackup(root, run)) + 1);
  await updateRefs(
    root,
    [
      { ref: backup, next: from, expected: undefined },
      { ref: branch, next: to, expected: from },
    ],
    `baton: roll ${integrationBranch(run)} back to the checkpoint of ${phase}`,
  );
  return { from, to, backup };
}

/** The highest backup number the run has used, 0 when none. */
async function lastBackup(root: string, run: string): Promise<number> {
  const prefix = backupPrefix(run);
  const numbers = (await listRefs(root, [prefix])).map(({ ref }) => Number(ref.slice(prefix.length)));
  return Math.max(0, ...numbers.filter(Number.isInteger));
}
