/**
 * A track before each attempt: its directory (with its caches, installed dependencies, ignored build output)
 * lives on, but its tree starts from the integration tip. Whatever it holds that the tip does not — files an
 * attempt left when baton was killed, a `verify`'s output, a commit whose merge conflicted, commits a rollback
 * abandoned, a checkout cut off half-way — is first saved under a shelved ref, then the track is reset to the
 * tip. Nothing is lost (it is all under the ref) and nothing is merged under the wrong action's name.
 */
import { git, revParse } from './git.js';
import { shelvedPrefix } from './names.js';
import { shelveTrackWork } from './worktree.js';

export interface TrackReset {
  /** The ref now holding what the track had beyond the tip; `undefined` when it had nothing. */
  readonly shelved: string | undefined;
}

/**
 * Resets the track worktree `dir` (named `name`) to `tip` before attempt `attempt` of `action`, shelving first.
 * Returns `undefined` when the worktree has no usable HEAD (its creation was cut off): the caller makes it again.
 */
export async function resetTrack(run: string, dir: string, name: string, tip: string, before: { action: string; attempt: number }): Promise<TrackReset | undefined> {
  if ((await revParse(dir, 'HEAD')) === undefined) return undefined;
  const ref = `${shelvedPrefix(run)}${name}/before-${before.action}+${before.attempt}`;
  const trailers = { 'Baton-Run': run, 'Baton-Action': before.action, 'Baton-Attempt': String(before.attempt) };
  const message = `baton: what the track held before attempt ${before.attempt} of ${before.action}, beyond the integration tip`;
  const { shelved } = await shelveTrackWork(dir, { ref, base: tip, message, trailers });
  // Clean now, and everything it held is in the tip or under the ref: moving to the tip loses nothing.
  await git(dir, ['reset', '-q', '--hard', tip]);
  return { shelved: shelved === undefined ? undefined : ref };
}
