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

/** A rollback of the integration branch: from where, to which checkpoint commit, the old tip kept under `backup`. */
export interface Rollback {
  readonly from: string;
  readonly to: string;
  /** `refs/baton/<run>/backup/<n>`, the next free one. */
  readonly backup: string;
}

/**
 * What rolling back to the checkpoint of `phase` would do, changing nothing: the caller records it first, then
 * {@link applyRollback} carries it out, so a crash in between is finished on resume instead of lost.
 * {@link NoCheckpointError}, listing the phases that have one, when `phase` has none.
 */
export async function planRollback(root: string, run: string, phase: string): Promise<Rollback> {
  const to = await revParse(root, `${checkpointRef(run, phase)}^{commit}`);
  if (to === undefined) {
    throw new NoCheckpointError(run, phase, (await checkpoints(root, run)).map((checkpoint) => checkpoint.phase));
  }
  const branch = headRef(integrationBranch(run));
  const from = await revParse(root, branch);
  if (from === undefined) throw new MissingRefError(branch, root);
  return { from, to, backup: backupRef(run, (await lastBackup(root, run)) + 1) };
}

/**
 * Carries out a recorded rollback in one atomic ref transaction: the old tip is kept under `backup`, the branch
 * moves from `from` to `to` (compare-and-swap), and the checkpoints of the phases that will run again are
 * dropped (a later rollback must not return to a tip that was abandoned). Idempotent: a branch already at `to`
 * is left alone; one that moved anywhere else since is not touched (`false`).
 */
export async function applyRollback(root: string, run: string, rollback: Rollback, dropPhases: readonly string[]): Promise<boolean> {
  const branch = headRef(integrationBranch(run));
  const tip = await revParse(root, branch);
  if (tip === rollback.to) return true;
  if (tip !== rollback.from) return false;
  // No pattern would list every ref: ask only when there are phases to drop.
  const tags = dropPhases.length === 0 ? [] : await listRefs(root, dropPhases.map((phase) => checkpointRef(run, phase)));
  const backupExists = (await revParse(root, rollback.backup)) !== undefined;
  await updateRefs(
    root,
    [
      ...(backupExists ? [] : [{ ref: rollback.backup, next: rollback.from, expected: undefined }]),
      { ref: branch, next: rollback.to, expected: rollback.from },
      ...tags.map(({ ref, oid }) => ({ ref, next: undefined, expected: oid })),
    ],
    `baton: roll ${integrationBranch(run)} back to ${rollback.to}`,
  );
  return true;
}

/** The highest backup number the run has used, 0 when none. */
async function lastBackup(root: string, run: string): Promise<number> {
  const prefix = backupPrefix(run);
  const numbers = (await listRefs(root, [prefix])).map(({ ref }) => Number(ref.slice(prefix.length)));
  return Math.max(0, ...numbers.filter(Number.isInteger));
}
