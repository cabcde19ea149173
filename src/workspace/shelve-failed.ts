/**
 * A failed attempt in an agent's track: what it left is saved under a shelved ref and the track goes back to
 * where the attempt started, so the next action neither builds on it nor merges it under its own name. A
 * worktree of its own is simply kept for inspection.
 */
import { writeFileSync } from 'node:fs';
import type { AttemptRequest, AttemptResult } from '../engine/drivers.js';
import { shelvedRef } from './names.js';
import type { PreparedPlace } from './place.js';
import { shelveTrackWork } from './worktree.js';

export async function shelveFailed(run: string, request: AttemptRequest, place: PreparedPlace, result: AttemptResult): Promise<AttemptResult> {
  if (request.mode !== 'track' || place.base === undefined || place.name === undefined) return result;
  const { action } = request;
  const ref = shelvedRef(run, place.name, action.id, request.attempt);
  const trailers = { 'Baton-Run': run, 'Baton-Action': action.id, 'Baton-Agent': action.agent, 'Baton-Attempt': String(request.attempt) };
  const { shelved } = await shelveTrackWork(place.dir, { ref, base: place.base, message: `baton: work of failed attempt ${request.attempt} of ${action.id}`, trailers });
  if (shelved !== undefined) writeFileSync(request.logFile, `baton: what this attempt left is kept under ${ref}\n`, { flag: 'a' });
  return result;
}
