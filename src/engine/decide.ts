/**
 * The decisions: given the state, what happens next. `nextDecisions` returns the next few events the core decides
 * (an empty list when there is nothing to decide until a driver reports something). The caller applies them and
 * asks again, so every decision sees the state the previous one left. Deterministic: no clock, no I/O.
 *
 * Order of concern: failures first (retry or fail for good), then merge conflicts and merges, then gates and
 * loops, then approvals, then new attempts by bottom level (critical-path-first; or FIFO, `options.order`), and
 * last whether the run is over.
 */
import type { OrderedHeap } from '../planner/heap.js';
import type { EngineEvent } from './events.js';
import { conflictDecisions, leasesFree, mergeDecision, reopenDecisions, trackFree } from './decide-integration.js';
import { failureDecisions } from './failure.js';
import { loopDecisions } from './loop.js';
import type { EngineState, NodeStatus } from './state.js';
import { poolLimit, startsBefore } from './state.js';

export function nextDecisions(state: EngineState): EngineEvent[] {
  if (state.status !== 'running') return [];
  for (const index of state.errored) return erroredDecisions(state, index);
  for (const index of state.conflicted) return conflictDecisions(state, index);
  if (state.reopen.length > 0) return reopenDecisions(state);
  const overBudget = budgetDecisions(state);
  if (overBudget.length > 0) return overBudget;
  const merge = mergeDecision(state);
  if (merge) return [merge];
  for (const index of state.readyGates) return gateDecisions(state, index);
  for (const [id, phase] of state.phases) {
    // A phase already waiting when the run is resumed with --yes is approved then.
    if (phase.approval === 'waiting' && state.options.yes) return [{ type: 'phase.approved', phase: id, by: '--yes' }];
    if (phase.approval !== 'needed' || phase.held.length === 0) continue;
    const waiting: EngineEvent = { type: 'phase.waiting', phase: id };
    return state.options.yes ? [waiting, { type: 'phase.approved', phase: id, by: '--yes' }] : [waiting];
  }
  const next = nextAttempt(state);
  if (next.length > 0) return next;
  return finishDecisions(state);
}

/**
 * Running attempts whose scope ran out of budget are stopped (`budget.exceeded`; the runner aborts them and they
 * end `over_budget`). Tokens and cost are looked at when an attempt reports usage; time, on every decision while
 * a scope limits it (the runner wakes the core when the next limit falls due).
 */
function budgetDecisions(state: EngineState): EngineEvent[] {
  const { budget } = state;
  if (budget.unlimited || state.runningAttempts.size === 0) return [];
  // Time moves only between instants: every running attempt is looked at once per instant, others on news.
  const all = (budget.limitsTime && state.budgetCheckedAt < state.now) || state.budgetsToCheck === 'all';
  if (!all && state.spendChanged.size === 0) return [];
  if (budget.limitsTime) state.budgetCheckedAt = state.now;
  const candidates = all ? [...state.runningAttempts] : [...state.spendChanged];
  state.spendChanged.clear();
  state.budgetsToCheck = 'changed';
  const decided: EngineEvent[] = [];
  for (const index of candidates) {
    const node = state.nodes[index]!;
    if (!state.runningAttempts.has(index) || node.stopping !== undefined || node.status !== 'running') continue;
    const reason = budget.exceeded(budget.scopesOf(state.domain.nodes[index]!.id), state.now);
    if (reason) decided.push({ type: 'budget.exceeded', action: state.domain.nodes[index]!.id, attempt: node.attempts, reason });
  }
  return decided;
}

function erroredDecisions(state: EngineState, index: number): EngineEvent[] {
  const node = state.nodes[index]!;
  const action = state.domain.nodes[index]!.action;
  if (action && node.failures <= action.retries && !node.noRetry) {
    const delay = state.options.retryBackoffMs * 2 ** (node.failures - 1);
    return [{ type: 'retry.scheduled', action: action.id, at: state.now + delay }];
  }
  const retried = action && action.retries > 0 && !node.noRetry ? ` after ${action.retries} retr${action.retries === 1 ? 'y' : 'ies'}` : '';
  return failureDecisions(state, index, `${node.reason}${retried}`);
}

function gateDecisions(state: EngineState, index: number): EngineEvent[] {
  const phaseId = state.domain.nodes[index]!.phase;
  const phase = state.plan.phases.find((p) => p.id === phaseId)!;
  if (phase.mode === 'loop') {
    const loop = loopDecisions(state, index, phase);
    if (loop) return loop;
  }
  // A gate without checks passes at once: no driver round trip, nothing for a driver to run — except in git,
  // where passing it tags a checkpoint that rollback can return to.
  if (phase.gate.length === 0 && !state.options.workspace) return [{ type: 'gate.finished', phase: phaseId, passed: true, checks: [] }];
  return [{ type: 'gate.started', phase: phaseId, iteration: state.phases.get(phaseId)!.iteration }];
}

/** The ready action that starts first ({@link startsBefore}) among pools that have room, if the global limit allows. */
function nextAttempt(state: EngineState): EngineEvent[] {
  if (state.running >= state.options.concurrency) return [];
  let best = -1;
  for (const [pool, heap] of state.ready) {
    if ((state.runningByPool.get(pool) ?? 0) >= poolLimit(state, pool)) continue;
    const top = firstStartable(state, heap);
    if (top >= 0 && (best < 0 || startsBefore(state, top, best))) best = top;
  }
  if (best < 0) return [];
  const node = state.domain.nodes[best]!;
  // A scope whose budget is spent starts nothing more: the action fails for good, naming the budget.
  const spent = state.budget.unlimited ? undefined : state.budget.exceeded(state.budget.scopesOf(node.id), state.now);
  if (spent) return failureDecisions(state, best, `over budget before it started: ${spent}`);
  return [{ type: 'attempt.started', action: node.id, attempt: state.nodes[best]!.attempts + 1, iteration: state.phases.get(node.phase)!.iteration }];
}

/**
 * The best node of a pool's heap that can start now — its resources, `files` leases and track worktree are free —
 * or -1. A node waiting for one of those must not hold back the ones behind it: they are looked at too, and put back. Entries go stale when their node
 * started or was cancelled; they are dropped here rather than searched for on removal.
 */
function firstStartable(state: EngineState, heap: OrderedHeap): number {
  const kept: number[] = [];
  let found = -1;
  while (heap.size > 0 && found < 0) {
    const top = heap.pop();
    if (state.nodes[top]!.status !== 'ready') continue;
    kept.push(top);
    if (resourcesFree(state, top) && leasesFree(state, top) && trackFree(state, top)) found = top;
  }
  for (const index of kept) heap.push(index);
  return found;
}

function resourcesFree(state: EngineState, index: number): boolean {
  const uses = state.domain.nodes[index]!.action?.uses ?? {};
  for (const [resource, amount] of Object.entries(uses)) {
    if ((state.resourcesInUse.get(resource) ?? 0) + amount > (state.plan.resources[resource] ?? 0)) return false;
  }
  return true;
}

const UNFINISHED: ReadonlySet<NodeStatus> = new Set(['ready', 'running', 'merging']);
/** What can no longer provide anything: failed, cancelled, or left out of the plan after a failure. */
const GONE: ReadonlySet<NodeStatus> = new Set(['failed', 'cancelled', 'idle']);

function finishDecisions(state: EngineState): EngineEvent[] {
  if (state.running > 0 || state.retryAt.size > 0 || state.errored.size > 0) return [];
  if (state.merging >= 0 || state.mergeQueue.length > 0 || state.conflicted.size > 0) return [];
  for (const phase of state.phases.values()) if (phase.held.length > 0) return [];
  if (state.nodes.some((node) => UNFINISHED.has(node.status))) return [];
  const unmet = state.options.goal.filter((fact) => !state.facts.has(fact));
  // A blocked action waits for `baton resolve`, and the run with it — unless the goal is out of reach anyway.
  if (state.nodes.some((node) => node.status === 'blocked') && !unmet.some((fact) => lost(state, fact))) return [];
  if (unmet.length === 0) return [{ type: 'run.finished', status: 'succeeded', reason: 'goal reached' }];
  const failed = state.nodes
    .map((node, index) => ({ node, id: state.domain.nodes[index]!.id }))
    .filter(({ node }) => node.status === 'failed' || node.status === 'blocked')
    .map(({ node, id }) => `${id}${node.status === 'blocked' ? ' (blocked)' : ''}: ${node.reason}`);
  const why = failed.length > 0 ? failed.join('; ') : 'nothing left to run';
  return [{ type: 'run.finished', status: 'failed', reason: `goal not reached (${unmet.join(', ')}): ${why}` }];
}

/** Whether nothing that could still make `fact` true is left: every provider failed, was cancelled or dropped. */
function lost(state: EngineState, fact: string): boolean {
  const id = state.domain.facts.id(fact);
  const providers = id === undefined ? [] : (state.domain.providers[id] ?? []);
  return providers.every((index) => GONE.has(state.nodes[index]!.status));
}
