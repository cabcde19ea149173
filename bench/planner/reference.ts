/**
 * The reference every planner run is compared with: the least work any planner must do on the same plan.
 * Read each action's requirements, link every provider of a fact to every consumer (phase order through one
 * node per phase, as baton does), sort topologically and take the longest path. No search, no choices.
 */
import type { Plan } from '../../src/plan/model.js';
import { doneFact, phaseFact } from '../../src/plan/model.js';

/** The length in seconds of the longest chain of estimates. */
export function longestPath(plan: Plan): number {
  const n = plan.actions.length + plan.phases.length;
  const providers = new Map<string, number[]>();
  const provide = (fact: string, node: number): void => {
    const list = providers.get(fact);
    if (list === undefined) providers.set(fact, [node]);
    else list.push(node);
  };
  const requires: string[][] = [];
  const duration = new Float64Array(n);
  const afterOf = new Map(plan.phases.map((phase) => [phase.id, phase.after]));
  plan.actions.forEach((action, i) => {
    for (const fact of action.provides) provide(fact, i);
    provide(doneFact(action.id), i);
    const after = (afterOf.get(action.phase) ?? []).map(phaseFact);
    requires.push([...action.requires, ...action.needs.map(doneFact), ...after]);
    duration[i] = action.estimateS;
  });
  plan.phases.forEach((phase, j) => {
    provide(phaseFact(phase.id), plan.actions.length + j);
    requires.push([...phase.actions.map(doneFact), ...phase.after.map(phaseFact)]);
  });
  const succ: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Int32Array(n);
  requires.forEach((facts, v) => {
    for (const fact of facts) {
      for (const p of providers.get(fact) ?? []) {
        succ[p]!.push(v);
        indegree[v]!++;
      }
    }
  });
  return longestFromSources(succ, indegree, duration);
}

function longestFromSources(succ: readonly number[][], indegree: Int32Array, duration: Float64Array): number {
  const order: number[] = [];
  for (let v = 0; v < succ.length; v++) if (indegree[v] === 0) order.push(v);
  const finish = new Float64Array(succ.length);
  let longest = 0;
  for (let head = 0; head < order.length; head++) {
    const v = order[head]!;
    finish[v] = finish[v]! + duration[v]!;
    longest = Math.max(longest, finish[v]);
    for (const w of succ[v]!) {
      finish[w] = Math.max(finish[w]!, finish[v]);
      if (--indegree[w]! === 0) order.push(w);
    }
  }
  return longest;
}
