/**
 * Load, check, sense and plan: the start that `baton plan`, `simulate` and `run` share, so the three agree on
 * what the plan means in the world as it is now.
 */
import type { Plan } from '../plan/model.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import type { Domain } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import type { Planned } from '../planner/goap.js';
import { loadPlan } from '../planner/load.js';
import { initialFacts, senseFacts } from '../planner/sense.js';
import type { SensorReading } from '../planner/sense.js';
import { withInterrupt } from './interrupt.js';
import { checkGoalFacts } from './target.js';

export interface PrepareOptions {
  /** `--goal` facts; else the plan's goal; else everything. */
  readonly goal?: readonly string[] | undefined;
  /** Run the sensors (in `cwd`). */
  readonly sense: boolean;
  readonly cwd: string;
}

export interface Prepared {
  readonly plan: Plan;
  readonly domain: Domain;
  readonly goal: readonly string[];
  readonly readings: readonly SensorReading[];
  readonly initial: ReadonlySet<string>;
  readonly planned: Planned;
}

/** Throws `PlanInvalidError` (exit 2) for a bad plan and `GoalUnreachableError` (exit 1) when the world rules the goal out. */
export async function preparePlan(file: string, options: PrepareOptions): Promise<Prepared> {
  const plan = await loadPlan(file);
  const domain = buildDomain(plan);
  checkGoalFacts(domain, options.goal ?? []);
  const goal = options.goal ?? plan.goal ?? defaultGoal(plan);
  const readings = options.sense ? await withInterrupt((signal) => senseFacts(plan, { cwd: options.cwd, signal })) : [];
  const initial = initialFacts(plan, readings);
  const planned = planActions(domain, { initial, goal });
  return { plan, domain, goal, readings, initial, planned };
}
