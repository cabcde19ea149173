/** What an attempt leaves in its worktree is committed on its branch, naming the run, the action and the agent. */
import type { AttemptRequest } from '../engine/drivers.js';
import { revParse } from './git.js';
import { commitAll } from './worktree.js';

/** Commits the attempt's uncommitted work (if any) and returns the branch head. */
export async function commitAttempt(run: string, request: AttemptRequest, dir: string): Promise<string | undefined> {
  const { action } = request;
  const message = `baton: ${action.id} (attempt ${request.attempt}, agent ${action.agent})\n\n${action.title}`;
  const trailers = { 'Baton-Run': run, 'Baton-Action': action.id, 'Baton-Agent': action.agent, 'Baton-Attempt': String(request.attempt) };
  return (await commitAll(dir, { message, trailers })) ?? (await revParse(dir, 'HEAD'));
}
