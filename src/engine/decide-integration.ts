/**
 * Decisions about integration: which branch merges next (one at a time, in the order attempts succeeded, so
 * an action's dependencies are always merged before it starts), and what a merge conflict leads to under its
 * phase's policy. Deterministic, like decide.ts.
 */
import { matchesLease } from '../plan/leases.js';
import type { Action, ConflictRule } from '../plan/model.js';
import type { ConflictInfo, EngineEvent } from './events.js';
import { failureDecisions } from './failure.js';
import type { EngineState } from './state.js';
import { HOLDS_LEASES } from './state.js';

/** The next merge, when none is under way. */
export function mergeDecision(state: EngineState): EngineEvent | undefined {
  if (state.merging >= 0) return undefined;
  const index = state.mergeQueue.find((queued) => state.nodes[queued]!.status === 'merging');
  if (index === undefined) return undefined;
  const node = state.nodes[index]!;
  const event: EngineEvent = { type: 'merge.started', action: state.domain.nodes[index]!.id, attempt: node.attempts };
  return node.preferBranch ? { ...event, prefer: 'branch' } : event;
}

/** What a conflicted merge leads to, by the policy of the action's phase. */
export function conflictDecisions(state: EngineState, index: number): EngineEvent[] {
  const action = state.domain.nodes[index]!.action!;
  const node = state.nodes[index]!;
  const rule = ruleOf(state, action);
  const conflict = node.conflict ?? { files: [], ours: [], theirs: action.id };
  const what = describe(conflict);
  switch (rule.policy) {
    case 'escalate':
      return [{ type: 'action.blocked', action: action.id, reason: `${what}: fix it in its worktree, then run \`baton resolve\`` }];
    case 'agent':
      // The resolver already worked on this merge (the driver starts it on a conflict) and could not settle it.
      return [{ type: 'action.blocked', action: action.id, reason: `${node.reason}: the resolver ${rule.agent ?? ''} could not settle it; fix it in its worktree, then run \`baton resolve\`` }];
    case 'owner': {
      const owner = ownerOf(state, conflict);
      if (owner === action.id && conflict.ours.every((id) => reopenable(state, id))) {
        return [{ type: 'merge.retried', action: action.id, prefer: 'branch', reason: `${what}; ${action.id} holds the lease on them, so its side wins` }];
      }
      const why =
        owner === undefined
          ? 'no single lease covers them, so the first merged wins'
          : owner === action.id
            ? `${action.id} holds the lease on them, but the other side's phase is closed (its gate ran), so the first merged wins`
            : `${owner} holds the lease on them`;
      return rerun(state, index, rule, `${what}; ${why}`);
    }
    case 'rebase':
      return rerun(state, index, rule, `${what}; the first merged wins`);
  }
}

/** Done actions whose changes a merge overrode, now to run again on top of it (owner policy). */
export function reopenDecisions(state: EngineState): EngineEvent[] {
  return state.reopen.map((id): EngineEvent => ({ type: 'action.reopened', action: id, reason: 'a merge that owns the files it changed replaced its changes' }));
}

/** Whether the action's `files` leases are free: no action they may overlap holds its own. */
export function leasesFree(state: EngineState, index: number): boolean {
  for (const other of state.leaseConflicts.get(index) ?? []) if (HOLDS_LEASES.has(state.nodes[other]!.status)) return false;
  return true;
}

/**
 * Whether a track action's worktree is free: an agent's track holds one action at a time, from its attempt's
 * start until its work is merged (or it fails, or runs again).
 */
export function trackFree(state: EngineState, index: number): boolean {
  if (state.modes[index] !== 'track') return true;
  const holder = state.trackHolders.get(state.domain.nodes[index]!.agent!);
  return holder === undefined || !HOLDS_LEASES.has(state.nodes[holder]!.status);
}

function rerun(state: EngineState, index: number, rule: ConflictRule, reason: string): EngineEvent[] {
  const node = state.nodes[index]!;
  if (node.conflictReruns < rule.maxReruns) return [{ type: 'conflict.rerun', action: state.domain.nodes[index]!.id, reason: `${reason}; running it again on the new tip` }];
  return failureDecisions(state, index, `${reason}; still conflicting after ${rule.maxReruns} rerun${rule.maxReruns === 1 ? '' : 's'}`);
}

/**
 * Whether a done action can run again because a merge replaced its changes: only while its phase is open. Once
 * its phase's gate has run, the gate's verdict and checkpoint were about its work; reopening it would leave them
 * standing for a tree they never saw.
 */
function reopenable(state: EngineState, id: string): boolean {
  const index = state.domain.byId.get(id);
  if (index === undefined || state.nodes[index]!.status !== 'done') return false;
  const gate = state.phases.get(state.domain.nodes[index]!.phase);
  const gateStatus = gate === undefined ? 'done' : state.nodes[gate.index]!.status;
  return gateStatus !== 'running' && gateStatus !== 'done';
}

/** The one side whose leases cover every conflicting file, if there is exactly one. */
function ownerOf(state: EngineState, conflict: ConflictInfo): string | undefined {
  const sides = [conflict.theirs, ...conflict.ours];
  const owners = sides.filter((id) => {
    const files = state.plan.actions.find((a) => a.id === id)?.files ?? [];
    return files.length > 0 && conflict.files.every((file) => matchesLease(file, files));
  });
  return owners.length === 1 ? owners[0] : undefined;
}

function ruleOf(state: EngineState, action: Action): ConflictRule {
  return state.plan.phases.find((phase) => phase.id === action.phase)!.conflicts;
}

function describe(conflict: ConflictInfo): string {
  const files = conflict.files.length > 0 ? conflict.files.join(', ') : 'some files';
  const ours = conflict.ours.length > 0 ? ` with ${conflict.ours.join(', ')}` : '';
  return `merge conflict on ${files}${ours}`;
}
