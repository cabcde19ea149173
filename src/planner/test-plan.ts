/**
 * A terse builder of resolved {@link Plan}s for tests and benchmarks: name the actions and what they require
 * and provide; every other field gets the value a loaded plan would have.
 */
import type { Action, Agent, ConflictRule, Phase, PhaseMode, Plan, Sensor } from '../plan/model.js';
import { IMPLICIT_PHASE, IMPLICIT_SHELL_AGENT } from '../plan/model.js';

export interface TestAction {
  readonly id: string;
  /** @default 'shell' */
  readonly agent?: string;
  /** @default the first phase, or 'main' */
  readonly phase?: string;
  readonly needs?: readonly string[];
  readonly requires?: readonly string[];
  readonly provides?: readonly string[];
  /** @default the estimate */
  readonly cost?: number;
  /** Seconds. @default 60 */
  readonly estimate?: number;
  /** Resource units held while it runs. @default {} */
  readonly uses?: Readonly<Record<string, number>>;
  /** Glob leases. @default [] */
  readonly files?: readonly string[];
  /** @default false */
  readonly parallelOk?: boolean;
}

export interface TestPhase {
  readonly id: string;
  /** @default 'parallel' */
  readonly mode?: PhaseMode;
  readonly after?: readonly string[];
  /** @default rebase, 3 reruns */
  readonly conflicts?: Partial<ConflictRule>;
}

export interface TestPlanSpec {
  readonly actions: readonly TestAction[];
  /** @default one parallel phase 'main' */
  readonly phases?: readonly TestPhase[];
  /** Agent id → concurrency. The implicit `shell` agent (unbounded) is always added unless named here. */
  readonly agents?: Readonly<Record<string, number>>;
  readonly resources?: Readonly<Record<string, number>>;
  readonly facts?: Readonly<Record<string, boolean>>;
  /** Facts that have a sensor. */
  readonly sensors?: readonly string[];
  readonly goal?: readonly string[];
}

/** Builds a resolved plan from `spec`. Phase action lists follow the order of `spec.actions`. */
export function testPlan(spec: TestPlanSpec): Plan {
  const phaseSpecs = spec.phases ?? [{ id: IMPLICIT_PHASE }];
  const firstPhase = phaseSpecs[0]?.id ?? IMPLICIT_PHASE;
  const actions = spec.actions.map((a, i) => testAction(a, i, firstPhase));
  const phases = phaseSpecs.map((p, i): Phase => ({
    id: p.id,
    title: p.id,
    mode: p.mode ?? 'parallel',
    after: p.after ?? [],
    until: undefined,
    maxIterations: undefined,
    gate: [],
    approve: false,
    budget: undefined,
    conflicts: { policy: 'rebase', agent: undefined, run: undefined, maxReruns: 3, path: [], ...p.conflicts },
    actions: actions.filter((a) => a.phase === p.id).map((a) => a.id),
    path: ['phases', i],
  }));
  return {
    name: 'test',
    description: undefined,
    goal: spec.goal,
    facts: spec.facts ?? {},
    sensors: Object.fromEntries((spec.sensors ?? []).map((fact) => [fact, testSensor(fact)])),
    agents: testAgents(spec.agents ?? {}),
    resources: spec.resources ?? {},
    workspace: undefined,
    budget: undefined,
    phases,
    actions,
    file: 'test.yaml',
  };
}

function testAction(a: TestAction, index: number, firstPhase: string): Action {
  const estimate = a.estimate ?? 60;
  return {
    id: a.id,
    title: a.id,
    agent: a.agent ?? IMPLICIT_SHELL_AGENT,
    phase: a.phase ?? firstPhase,
    prompt: undefined,
    run: `echo ${a.id}`,
    needs: a.needs ?? [],
    requires: a.requires ?? [],
    provides: a.provides ?? [],
    verify: [],
    files: a.files ?? [],
    estimateS: estimate,
    estimateDefaulted: a.estimate === undefined,
    cost: a.cost ?? estimate,
    timeboxS: undefined,
    retries: 0,
    priority: 'medium',
    risk: 'low',
    review: undefined,
    reviewRounds: 2,
    budget: undefined,
    env: {},
    uses: a.uses ?? {},
    workspace: undefined,
    setup: [],
    parallelOk: a.parallelOk ?? false,
    path: ['actions', index],
  };
}

function testAgents(concurrency: Readonly<Record<string, number>>): Record<string, Agent> {
  const agents: Record<string, Agent> = {};
  const add = (id: string, limit: number, implicit: boolean): void => {
    agents[id] = { id, use: 'shell', model: undefined, concurrency: limit, env: {}, args: [], bin: undefined, workspace: undefined, setup: [], permissionMode: undefined, command: [], promptVia: undefined, price: undefined, budget: undefined, implicit, path: ['agents', id] };
  };
  if (!Object.hasOwn(concurrency, IMPLICIT_SHELL_AGENT)) add(IMPLICIT_SHELL_AGENT, Infinity, true);
  for (const [id, limit] of Object.entries(concurrency)) add(id, limit, false);
  return agents;
}

function testSensor(fact: string): Sensor {
  return { fact, run: `test -e ${fact}`, timeoutS: 60, path: ['sensors', fact] };
}
