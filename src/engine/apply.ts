/**
 * The fold: `apply(state, event)` moves the state by one event. It decides nothing (decide.ts does) and does no
 * I/O, so replaying a run's stored events rebuilds exactly the state the run had.
 */
import { doneFact } from '../plan/model.js';
import { endMerge, rollBack, startMerge } from './apply-integration.js';
import type { EngineEvent } from './events.js';
import { installPlan } from './install-plan.js';
import type { EngineState } from './state.js';
import { integrates } from './state.js';
import { complete, makeReady, markErrored, releaseCapacity, reopen, takeCapacity } from './transitions.js';

type AttemptExited = Extract<EngineEvent, { type: 'attempt.exited' }>;

/** Applies one event at time `at` (milliseconds). */
export function apply(state: EngineState, event: EngineEvent, at: number): void {
  state.now = Math.max(state.now, at);
  switch (event.type) {
    case 'run.created':
    case 'attempt.spawned':
    case 'attempt.waiting':
    case 'files.overlap':
    case 'files.outside_lease':
    case 'run.landed':
      return;
    case 'run.sensed':
      for (const fact of event.facts) state.facts.add(fact);
      return;
    case 'run.planned':
      for (const id of event.excluded) state.failed.add(id);
      installPlan(state, event.nodes, event.skipped);
      // A run starts deciding once it has its first plan.
      if (state.status === 'created') state.status = 'running';
      return;
    case 'attempt.started':
      return startAttempt(state, node(state, event.action), event.attempt);
    case 'attempt.exited':
      chargeEnd(state, node(state, event.action), event);
      return endAttempt(state, node(state, event.action), event);
    case 'attempt.usage': {
      const index = node(state, event.action);
      if (!state.runningAttempts.has(index) || state.nodes[index]!.attempts !== event.attempt) return;
      state.budget.usage(`${event.action}#${event.attempt}`, event.usage);
      // Its scopes are shared: another running attempt may be over now too.
      state.spendChanged.add(index);
      if (!state.budget.unlimited) state.budgetsToCheck = 'all';
      return;
    }
    case 'budget.exceeded': {
      const index = node(state, event.action);
      if (state.nodes[index]!.status === 'running') state.nodes[index]!.stopping = event.reason;
      return;
    }
    case 'retry.scheduled': {
      const index = node(state, event.action);
      state.nodes[index]!.status = 'retry_wait';
      state.errored.delete(index);
      state.retryAt.set(index, event.at);
      return;
    }
    case 'timer.fired':
      return retryNow(state, node(state, event.action));
    case 'action.failed':
    case 'action.cancelled':
      return settle(state, node(state, event.action), event.type === 'action.failed' ? 'failed' : 'cancelled', event.reason);
    case 'gate.started':
    case 'loop.check':
      return runGate(state, gateOf(state, event.phase));
    case 'gate.finished': {
      const index = gateOf(state, event.phase);
      state.readyGates.delete(index);
      if (event.passed) complete(state, index);
      else markErrored(state, index, failedChecks(event.checks));
      return;
    }
    case 'loop.checked': {
      const phase = state.phases.get(event.phase)!;
      phase.untilHolds = event.holds;
      makeReady(state, phase.index);
      return;
    }
    case 'loop.repeat':
      return repeatPhase(state, event.phase, event.iteration);
    case 'phase.waiting':
      state.phases.get(event.phase)!.approval = 'waiting';
      return;
    case 'phase.approved':
      return approve(state, event.phase);
    case 'run.interrupted':
      state.status = 'interrupted';
      state.reason = `interrupted by ${event.signal}`;
      return;
    case 'run.resumed':
      return resume(state);
    case 'merge.started':
      return startMerge(state, node(state, event.action));
    case 'merge.finished':
      return endMerge(state, node(state, event.action), event);
    case 'conflict.rerun': {
      const index = node(state, event.action);
      state.conflicted.delete(index);
      // It runs again from the new tip, from scratch: its review starts over too.
      Object.assign(state.nodes[index]!, { conflictReruns: state.nodes[index]!.conflictReruns + 1, reviewRounds: 0, review: undefined, revise: undefined });
      return makeReady(state, index);
    }
    case 'merge.retried': {
      const index = node(state, event.action);
      state.conflicted.delete(index);
      Object.assign(state.nodes[index]!, { status: 'merging', preferBranch: true });
      state.mergeQueue.unshift(index);
      return;
    }
    case 'action.blocked': {
      const index = node(state, event.action);
      state.conflicted.delete(index);
      Object.assign(state.nodes[index]!, { status: 'blocked', reason: event.reason });
      return;
    }
    case 'action.resolved': {
      const index = node(state, event.action);
      if (state.nodes[index]!.status !== 'blocked') return;
      // The person's fix is on the branch now: its tip merges, not the attempt's own commit.
      Object.assign(state.nodes[index]!, { status: 'merging', commit: undefined });
      state.mergeQueue.push(index);
      return;
    }
    case 'action.reopened': {
      const queued = state.reopen.indexOf(event.action);
      if (queued >= 0) state.reopen.splice(queued, 1);
      return reopen(state, node(state, event.action));
    }
    case 'run.rolled_back':
      return rollBack(state, event.reset, event.phase);
    case 'run.finished':
      state.status = event.status;
      state.reason = event.reason;
      return;
  }
}

function startAttempt(state: EngineState, index: number, attempt: number): void {
  const node = state.nodes[index]!;
  node.status = 'running';
  node.attempts = attempt;
  node.stopping = undefined;
  node.noRetry = false;
  takeCapacity(state, index);
  const id = state.domain.nodes[index]!.id;
  state.runningAttempts.add(index);
  state.budget.started(`${id}#${attempt}`, state.budget.scopesOf(id), state.now);
}

/** What an attempt spent goes to its scopes when it ends, whatever its outcome. */
function chargeEnd(state: EngineState, index: number, event: AttemptExited): void {
  if (!state.runningAttempts.has(index) || state.nodes[index]!.attempts !== event.attempt) return;
  state.runningAttempts.delete(index);
  state.spendChanged.delete(index);
  state.budget.ended(`${event.action}#${event.attempt}`, event.usage, event.lostAt ?? state.now);
  // What it spent in the end may put the attempts still running in its scopes over their limits.
  if (!state.budget.unlimited) state.budgetsToCheck = 'all';
}

function endAttempt(state: EngineState, index: number, event: AttemptExited): void {
  const node = state.nodes[index]!;
  if (node.status !== 'running') return;
  const { outcome } = event;
  releaseCapacity(state, index);
  node.commit = event.commit;
  node.stopping = undefined;
  if (outcome === 'changes_requested') return reviewAsked(state, index, event);
  // Approved: nothing to revise. A revision that was stopped or failed keeps its review and the reviewed work,
  // so the next attempt still continues from them.
  if (outcome === 'succeeded') Object.assign(node, { review: undefined, revise: undefined });
  if (outcome === 'succeeded' && integrates(state, index)) {
    node.status = 'merging';
    state.mergeQueue.push(index);
    return;
  }
  if (outcome === 'succeeded') return complete(state, index);
  // An attempt stopped by baton itself (Ctrl-C, a crash) is run again without counting against retries.
  if (outcome === 'interrupted') return makeReady(state, index);
  node.failures++;
  // Spending more cannot fix a budget that ran out: no retry.
  if (outcome === 'over_budget') node.noRetry = true;
  markErrored(state, index, `attempt ${node.attempts} ${outcome.replace('_', ' ')}`);
}

/**
 * The reviewer asked for changes: the action runs again from the reviewed work with the review in its context,
 * until its `review_rounds` are spent; then it fails for good (a retry would meet the same reviewer).
 */
function reviewAsked(state: EngineState, index: number, event: AttemptExited): void {
  const node = state.nodes[index]!;
  const action = state.domain.nodes[index]!.action!;
  node.reviewRounds++;
  node.review = event.review;
  node.revise = event.commit;
  if (node.reviewRounds <= action.reviewRounds) return makeReady(state, index);
  node.failures++;
  node.noRetry = true;
  const reasons = event.review?.reasons.join('; ') ?? 'no reason given';
  markErrored(state, index, `${event.review?.reviewer ?? 'its reviewer'} requested changes ${node.reviewRounds} times (review_rounds: ${action.reviewRounds}); last: ${reasons}`);
}


function retryNow(state: EngineState, index: number): void {
  if (state.nodes[index]!.status !== 'retry_wait') return;
  state.retryAt.delete(index);
  makeReady(state, index);
}

function settle(state: EngineState, index: number, status: 'failed' | 'cancelled', reason: string): void {
  const node = state.nodes[index]!;
  // Nothing in flight is settled by the core (see cancelDependents); should it be, its capacity and merge go.
  if (node.status === 'running' && state.domain.nodes[index]!.action) releaseCapacity(state, index);
  if (state.merging === index) state.merging = -1;
  const queued = state.mergeQueue.indexOf(index);
  if (queued >= 0) state.mergeQueue.splice(queued, 1);
  node.status = status;
  node.reason = reason;
  state.errored.delete(index);
  state.conflicted.delete(index);
  state.retryAt.delete(index);
  state.readyGates.delete(index);
  const domainNode = state.domain.nodes[index]!;
  if (status === 'failed' && domainNode.kind === 'action') state.failed.add(domainNode.id);
}

function runGate(state: EngineState, index: number): void {
  state.readyGates.delete(index);
  state.nodes[index]!.status = 'running';
}

/** A loop phase goes round again: its actions wait for fresh attempts, its gate waits for them. */
function repeatPhase(state: EngineState, phaseId: string, iteration: number): void {
  const phase = state.phases.get(phaseId)!;
  phase.iteration = iteration;
  phase.untilHolds = undefined;
  const members = [...state.plan.phases.find((p) => p.id === phaseId)!.actions]
    .map((id) => state.domain.byId.get(id)!)
    .filter((index) => state.nodes[index]!.status === 'done');
  for (const index of members) {
    state.facts.delete(doneFact(state.domain.nodes[index]!.id));
    Object.assign(state.nodes[index]!, { status: 'waiting', failures: 0, reviewRounds: 0, review: undefined, revise: undefined });
  }
  const gate = state.nodes[phase.index]!;
  gate.status = 'waiting';
  state.readyGates.delete(phase.index);
  relinkRound(state, members, phase.index);
  // Nodes outside the loop that still wait on a member counted it done last round; they wait for this round too.
  const outside = members.flatMap((index) => state.nodes[index]!.succs).filter((index) => state.nodes[index]!.status === 'waiting');
  for (const index of new Set([...members, phase.index, ...outside])) {
    const node = state.nodes[index]!;
    node.blockers = node.preds.filter((pred) => state.nodes[pred]!.status !== 'done').length;
  }
  for (const index of members) if (state.nodes[index]!.blockers === 0) makeReady(state, index);
}

/**
 * Puts back the edges of a new round among the loop's members and its gate. A replan plans only what is not done,
 * so members that were done then lost the edges between them; without these, a member would start before the
 * ones it needs and the gate would run before the round ends.
 */
function relinkRound(state: EngineState, members: readonly number[], gate: number): void {
  const { domain, nodes } = state;
  for (const member of members) {
    const done = domain.facts.id(doneFact(domain.nodes[member]!.id));
    for (const index of [...members, gate]) {
      const node = nodes[index]!;
      if (done === undefined || !domain.nodes[index]!.requires.includes(done) || node.preds.includes(member)) continue;
      node.preds.push(member);
      nodes[member]!.succs.push(index);
    }
  }
}

function approve(state: EngineState, phaseId: string): void {
  const phase = state.phases.get(phaseId);
  if (!phase || phase.approval === 'approved') return;
  phase.approval = 'approved';
  const held = phase.held;
  phase.held = [];
  for (const index of held) if (state.nodes[index]!.status === 'held') makeReady(state, index);
}

/** After a crash or Ctrl-C: gates and loop checks in flight run again; retry delays are over. */
function resume(state: EngineState): void {
  state.status = 'running';
  state.reason = '';
  // A merge in flight is done again; merging is idempotent (a branch already merged merges as `nothing`).
  if (state.merging >= 0) {
    state.mergeQueue.unshift(state.merging);
    state.merging = -1;
  }
  state.nodes.forEach((node, index) => {
    if (state.domain.nodes[index]!.kind === 'gate' && node.status === 'running') makeReady(state, index);
    if (node.status === 'retry_wait') retryNow(state, index);
  });
}

function failedChecks(checks: readonly { name: string; passed: boolean }[]): string {
  const failed = checks.filter((check) => !check.passed).map((check) => check.name);
  return `gate failed: ${failed.join(', ') || 'a check'}`;
}

function node(state: EngineState, id: string): number {
  const index = state.domain.byId.get(id);
  if (index === undefined) throw new Error(`internal: event names unknown node "${id}"`);
  return index;
}

function gateOf(state: EngineState, phaseId: string): number {
  const phase = state.phases.get(phaseId);
  if (!phase) throw new Error(`internal: event names unknown phase "${phaseId}"`);
  return phase.index;
}
