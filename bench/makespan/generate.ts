/**
 * Random DAGs for the makespan benchmark, reproducible from a seed. Each plan has 200–500 actions in one parallel
 * phase, run by interchangeable workers. Three things vary from plan to plan, so that the set covers deep and
 * wide graphs, and both even and skewed durations:
 * - **locality**: each action depends on 0–3 actions among the `window` written just before it (window 3 to the
 *   whole plan): a small window makes long, narrow graphs, a large one short, wide ones;
 * - **density**: the chance that an action has no dependency at all (a new source), 0–30%;
 * - **durations**: uniform 1–60 min; log-uniform 1 min–8 h (heavy-tailed); or bimodal (90% 5–30 min, 10% 2–8 h).
 */
import type { Plan } from '../../src/plan/model.js';
import { testPlan } from '../../src/planner/test-plan.js';
import type { TestAction } from '../../src/planner/test-plan.js';
import { mulberry32 } from '../random.js';

export type DurationShape = 'uniform' | 'log-uniform' | 'bimodal';

export interface RandomDag {
  readonly plan: Plan;
  readonly seed: number;
  readonly window: number;
  readonly shape: DurationShape;
  readonly edges: number;
}

const SHAPES: readonly DurationShape[] = ['uniform', 'log-uniform', 'bimodal'];

/** The `seed`-th random DAG: the same seed always gives the same plan. */
export function randomDag(seed: number): RandomDag {
  const random = mulberry32(0x9e3779b9 ^ seed);
  const size = 200 + Math.floor(random() * 301);
  const window = Math.max(3, Math.round(Math.exp(Math.log(3) + random() * Math.log(size / 3))));
  const sourceChance = random() * 0.3;
  const shape = SHAPES[seed % SHAPES.length]!;
  const actions: TestAction[] = [];
  let edges = 0;
  for (let i = 0; i < size; i++) {
    const needs = new Set<string>();
    if (i > 0 && random() >= sourceChance) {
      const count = 1 + Math.floor(random() * 3);
      for (let k = 0; k < count; k++) needs.add(`a${i - 1 - Math.floor(random() * Math.min(window, i))}`);
    }
    edges += needs.size;
    actions.push({ id: `a${i}`, needs: [...needs], estimate: duration(shape, random) });
  }
  return { plan: testPlan({ actions }), seed, window, shape, edges };
}

/** A duration in whole seconds. */
function duration(shape: DurationShape, random: () => number): number {
  const minutes = (from: number, to: number): number => Math.round(60 * (from + random() * (to - from)));
  switch (shape) {
    case 'uniform':
      return minutes(1, 60);
    case 'log-uniform':
      return Math.round(60 * Math.exp(random() * Math.log(480)));
    case 'bimodal':
      return random() < 0.9 ? minutes(5, 30) : minutes(120, 480);
  }
}
