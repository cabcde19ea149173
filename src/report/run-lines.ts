/**
 * What a run prints when it is not on a terminal (CI, a pipe): one plain line per event worth a person's
 * attention, with the time. `--json` prints every event as a JSON line instead.
 */
import type { Colors } from 'picocolors/types.js';
import type { StoredEvent, Usage } from '../engine/events.js';

/** The line for an event, or `undefined` for bookkeeping events nobody needs to read. */
export function eventLine(stored: StoredEvent, c: Colors, startedAt: number): string | undefined {
  const text = describe(stored, c);
  if (text === undefined) return undefined;
  return `${c.dim(elapsed(stored.at - startedAt).padStart(7))} ${text}`;
}

export function eventJson(stored: StoredEvent): string {
  return JSON.stringify({ run: stored.run, seq: stored.seq, at: new Date(stored.at).toISOString(), ...stored.event });
}

function describe({ event, run }: StoredEvent, c: Colors): string | undefined {
  switch (event.type) {
    case 'run.planned':
      return `${c.cyan('◇')} planned ${event.actions.length} action(s)${event.skipped.length ? `, skipped ${event.skipped.join(', ')} (already done)` : ''}${event.excluded.length ? `, without ${event.excluded.join(', ')}` : ''}`;
    case 'attempt.started':
      return `${c.cyan('▶')} ${event.action}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}${event.iteration > 1 ? ` [round ${event.iteration}]` : ''}`;
    case 'attempt.exited':
      return exited(event, c);
    case 'retry.scheduled':
      return `${c.yellow('↻')} ${event.action} will retry`;
    case 'action.failed':
      return `${c.red('✗')} ${event.action} failed for good: ${event.reason}`;
    case 'action.cancelled':
      return `${c.dim('⊘')} ${event.action} cancelled: ${event.reason}`;
    case 'gate.finished':
      return `${event.passed ? c.green('◆') : c.red('◆')} gate of ${event.phase} ${event.passed ? 'passed' : 'failed'}${checks(event.checks, c)}`;
    case 'loop.repeat':
      return `${c.cyan('↺')} phase ${event.phase} round ${event.iteration}`;
    case 'loop.checked':
      return `${c.dim('?')} loop ${event.phase}: until ${event.holds ? 'holds' : 'does not hold yet'}`;
    case 'phase.waiting':
      return `${c.yellow('⏸')} phase ${event.phase} waits for approval: baton approve ${run} ${event.phase}`;
    case 'phase.approved':
      return `${c.green('✓')} phase ${event.phase} approved (${event.by})`;
    case 'run.interrupted':
      return `${c.yellow('■')} interrupted by ${event.signal}; resume with: baton resume ${run}`;
    case 'run.resumed':
      return `${c.cyan('▶')} resumed`;
    case 'merge.finished':
      return merge(event, c);
    case 'conflict.rerun':
      return `${c.yellow('↻')} ${event.action}: ${event.reason}`;
    case 'merge.retried':
      return `${c.yellow('⇄')} ${event.action}: ${event.reason}`;
    case 'action.blocked':
      return `${c.red('⛔')} ${event.action} blocked: ${event.reason.replace('`baton resolve`', `baton resolve ${run} ${event.action}`)}`;
    case 'action.resolved':
      return `${c.green('✓')} ${event.action} resolved (${event.by}); merging again`;
    case 'action.reopened':
      return `${c.yellow('↺')} ${event.action} runs again: ${event.reason}`;
    case 'files.overlap':
      return `${c.yellow('!')} ${event.actions.join(' and ')} both change ${list(event.files)}: a merge conflict in the making`;
    case 'files.outside_lease':
      return `${c.yellow('!')} ${event.action} changes ${list(event.files)} outside its files lease`;
    case 'attempt.waiting':
      return `${c.yellow('⏸')} ${event.action} waits: ${event.reason}`;
    case 'run.rolled_back':
      return `${c.yellow('⟲')} rolled back to the checkpoint of ${event.phase} (old tip kept as ${event.backup}); ${event.reset.length} to run again`;
    case 'run.landed':
      return `${c.green('⇒')} landed on ${event.into} (${event.mode}, ${event.commit.slice(0, 12)})`;
    case 'budget.exceeded':
      return `${c.red('$')} ${event.action} is over budget (${event.reason}): stopping it`;
    case 'run.finished':
      return event.status === 'succeeded' ? `${c.green('■')} run ${run} succeeded` : `${c.red('■')} run ${run} failed: ${event.reason}`;
    default:
      return undefined;
  }
}

function exited(event: Extract<StoredEvent['event'], { type: 'attempt.exited' }>, c: Colors): string {
  const took = elapsed(event.durationMs);
  switch (event.outcome) {
    case 'succeeded':
      return `${c.green('✓')} ${event.action} ${c.dim(took + spent(event.usage))}${event.review ? ` ${c.dim(`approved by ${event.review.reviewer}`)}` : ''}`;
    case 'interrupted':
      return `${c.yellow('■')} ${event.action} stopped`;
    case 'timed_out':
      return `${c.red('✗')} ${event.action} hit its time-box after ${took}`;
    case 'verify_failed':
      return `${c.red('✗')} ${event.action} exited 0 but verify failed${checks(event.verify, c)}`;
    case 'failed':
      return `${c.red('✗')} ${event.action} ${event.signal ? `killed by ${event.signal}` : `exit ${event.exitCode ?? '?'}`} ${c.dim(took)}`;
    case 'over_budget':
      return `${c.red('✗')} ${event.action} stopped: over budget after ${took}${spent(event.usage)}`;
    case 'changes_requested': {
      const review = event.review;
      const why = review ? `${review.reviewer} requested changes: ${review.reasons.join('; ')}` : 'changes requested';
      return `${c.yellow('↻')} ${event.action} ${why}`;
    }
  }
}

/** ` (12.3k tokens, $0.42)` for an attempt that reported usage. */
function spent(usage: Usage | undefined): string {
  if (!usage) return '';
  return ` (${spendText(usage.inputTokens + usage.outputTokens, usage.costUsd)})`;
}

/** `12.3k tokens, $0.42`: what an attempt, an action or a run spent. */
export function spendText(tokens: number, costUsd: number | undefined): string {
  const shown = tokens >= 1000 ? `${(tokens / 1000).toFixed(1)}k` : String(tokens);
  return `${shown} tokens${costUsd === undefined ? '' : `, $${costUsd.toFixed(2)}`}`;
}

function merge(event: Extract<StoredEvent['event'], { type: 'merge.finished' }>, c: Colors): string | undefined {
  switch (event.result) {
    case 'merged':
      return `${c.green('⇢')} ${event.action} merged${event.resolvedBy ? ` (conflict resolved by ${event.resolvedBy})` : ''}${event.overridden?.length ? ` (its side of ${list(event.overridden)} won)` : ''}: ${event.files.length} file(s)`;
    case 'nothing':
      return undefined;
    case 'conflict':
      return `${c.red('⇢')} ${event.action} conflicts on ${list(event.conflict?.files ?? [])}${event.conflict?.ours.length ? ` with ${event.conflict.ours.join(', ')}` : ''}${event.reason ? `: ${event.reason}` : ''}`;
    case 'failed':
      return `${c.red('⇢')} ${event.action} could not be merged: ${event.reason ?? 'git failed'}`;
  }
}

/** The first few files, and how many more. */
function list(files: readonly string[]): string {
  return files.length <= 3 ? files.join(', ') : `${files.slice(0, 3).join(', ')} and ${files.length - 3} more`;
}

function checks(list: readonly { name: string; passed: boolean; value?: number | undefined; target?: string | undefined }[], c: Colors): string {
  if (list.length === 0) return '';
  const parts = list.map((check) => `${check.passed ? c.green('✓') : c.red('✗')} ${check.name}${check.value === undefined ? '' : ` = ${check.value}${check.target ? ` (target ${check.target})` : ''}`}`);
  return `: ${parts.join(', ')}`;
}

/** `850ms`, `12.3s`, `4m05s`. */
export function elapsed(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}
