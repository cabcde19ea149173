/**
 * The planning domain: the plan's actions and one gate node per phase, with their requirements and effects as
 * interned fact ids. Built once per plan; every search over it (first plan, replans) shares it.
 */
import type { Action, Phase, Plan } from '../plan/model.js';
import { doneFact, phaseFact } from '../plan/model.js';
import { FactTable } from './facts.js';
import { invertRows, rowOf, toRows } from './links.js';
import type { Links, Rows } from './links.js';

export type NodeKind = 'action' | 'gate';

/** One thing the planner can choose: a plan action, or the gate that closes a phase. */
export interface PlanNode {
  /** Position in {@link Domain.nodes}. */
  readonly index: number;
  /** The action id, or `gate:<phase id>` for a gate. */
  readonly id: string;
  readonly kind: NodeKind;
  readonly phase: string;
  /** The agent that runs the action; `null` for a gate, which runs on the integration branch. */
  readonly agent: string | null;
  /** What the planner minimises (`action.cost`); 0 for a gate. */
  readonly cost: number;
  /** Expected seconds (`action.estimateS`); 0 for a gate, which takes no agent time. */
  readonly durationS: number;
  /** Fact ids that must hold before it starts, without repeats. */
  readonly requires: readonly number[];
  /** Fact ids that hold once it is done, including its `done:`/`phase:` fact, without repeats. */
  readonly provides: readonly number[];
  /** The fact ids the plan declared in `provides:`; empty for gates. An action whose declared facts all hold is skipped. */
  readonly declared: readonly number[];
  /** The plan's action; `null` for a gate. */
  readonly action: Action | null;
}

export interface Domain {
  readonly plan: Plan;
  readonly facts: FactTable;
  /** The plan's actions in file order, then one gate per phase in phase order. */
  readonly nodes: readonly PlanNode[];
  /** The same edges as flat typed arrays, for the planner's inner loops. */
  readonly links: Links;
  /** For each fact id, the nodes that provide it. Built on first use. */
  readonly providers: readonly (readonly number[])[];
  /** For each fact id, the nodes that require it. Built on first use. */
  readonly consumers: readonly (readonly number[])[];
  /** Node index by node id. */
  readonly byId: ReadonlyMap<string, number>;
}

/** The id of the gate node that closes phase `phaseId`. */
export function gateId(phaseId: string): string {
  return `gate:${phaseId}`;
}

/** The goal of a plan that names none: every phase done, which means every action done and every gate passed. */
export function defaultGoal(plan: Plan): string[] {
  return plan.phases.map((phase) => phaseFact(phase.id));
}

/**
 * Turns a plan into planner nodes. Phase order goes through the gate nodes, so that a phase after another
 * costs one edge per action (to the gate) rather than one per pair of actions; a sequential phase chains each
 * action to the one written before it. A loop phase is planned like a parallel one: repeating it until its
 * condition holds is the engine's business, not the planner's.
 */
export function buildDomain(plan: Plan): Domain {
  const facts = new FactTable();
  const names = new NamedFacts(facts);
  const ids = new IdList();
  const phases = new Map(plan.phases.map((phase) => [phase.id, phase]));
  const earlier = earlierInSequence(plan.phases);
  const nodes: PlanNode[] = [];
  for (const action of plan.actions) {
    nodes.push(actionNode(nodes.length, action, phases.get(action.phase), earlier.get(action.id) ?? [], names, ids));
  }
  const actionsById = new Map(plan.actions.map((action) => [action.id, action]));
  for (const phase of plan.phases) nodes.push(gateNode(nodes.length, phase, names, ids, actionsById));
  const byId = new Map(nodes.map((node) => [node.id, node.index]));
  const links = linksOf(nodes, facts.size);
  let providers: number[][] | undefined;
  let consumers: number[][] | undefined;
  return {
    plan,
    facts,
    nodes,
    byId,
    links,
    get providers() {
      return (providers ??= listsOf(links.providers, facts.size));
    },
    get consumers() {
      return (consumers ??= listsOf(links.consumers, facts.size));
    },
  };
}

function actionNode(
  index: number,
  action: Action,
  phase: Phase | undefined,
  earlier: readonly string[],
  names: NamedFacts,
  ids: IdList,
): PlanNode {
  const facts = names.facts;
  ids.start(facts);
  for (const fact of action.requires) ids.add(facts.intern(fact));
  for (const need of action.needs) ids.add(names.done(need));
  for (const after of phase?.after ?? []) ids.add(names.phase(after));
  for (const id of earlier) ids.add(names.done(id));
  const requires = ids.take();
  ids.start(facts);
  for (const fact of action.provides) ids.add(facts.intern(fact));
  const declared = ids.peek();
  ids.add(names.done(action.id));
  const provides = ids.take();
  return {
    index,
    id: action.id,
    kind: 'action',
    phase: action.phase,
    agent: action.agent,
    cost: action.cost,
    durationS: action.estimateS,
    requires,
    provides,
    declared,
    action,
  };
}

/**
 * A phase is done when what each of its actions is for holds: the facts it declares it provides, or, for an
 * action that declares none, its own `done:` fact. So two actions that provide the same fact are alternatives
 * (the planner picks the cheaper; a replan can switch), not both required.
 */
function gateNode(index: number, phase: Phase, names: NamedFacts, ids: IdList, actions: ReadonlyMap<string, Action>): PlanNode {
  ids.start(names.facts);
  for (const id of phase.actions) {
    const provides = actions.get(id)?.provides ?? [];
    if (provides.length === 0) ids.add(names.done(id));
    else for (const fact of provides) ids.add(names.facts.intern(fact));
  }
  for (const after of phase.after) ids.add(names.phase(after));
  const requires = ids.take();
  const provides = [names.phase(phase.id)];
  return {
    index,
    id: gateId(phase.id),
    kind: 'gate',
    phase: phase.id,
    agent: null,
    cost: 0,
    durationS: 0,
    requires,
    provides,
    declared: [],
    action: null,
  };
}

/** `done:`/`phase:` fact ids by action/phase id, so each fact name is built and hashed once, not per use. */
class NamedFacts {
  private readonly doneIds = new Map<string, number>();
  private readonly phaseIds = new Map<string, number>();

  constructor(readonly facts: FactTable) {}

  done(actionId: string): number {
    let id = this.doneIds.get(actionId);
    if (id === undefined) this.doneIds.set(actionId, (id = this.facts.intern(doneFact(actionId))));
    return id;
  }

  phase(phaseId: string): number {
    let id = this.phaseIds.get(phaseId);
    if (id === undefined) this.phaseIds.set(phaseId, (id = this.facts.intern(phaseFact(phaseId))));
    return id;
  }
}

/**
 * For each action of a sequential phase, every action written before it. Not just the previous one: an earlier
 * action whose result already holds is skipped (its `done:` fact is true from the start), and the order must
 * hold across it. Quadratic in the phase's length; sequential phases are short.
 */
function earlierInSequence(phases: readonly Phase[]): Map<string, string[]> {
  const earlier = new Map<string, string[]>();
  for (const phase of phases) {
    if (phase.mode !== 'sequential') continue;
    for (let i = 1; i < phase.actions.length; i++) earlier.set(phase.actions[i]!, phase.actions.slice(0, i));
  }
  return earlier;
}

function linksOf(nodes: readonly PlanNode[], factCount: number): Links {
  const requires = toRows(nodes.length, (i) => nodes[i]!.requires);
  const provides = toRows(nodes.length, (i) => nodes[i]!.provides);
  const providers = invertRows(provides, factCount);
  const consumers = invertRows(requires, factCount);
  const cost = new Float64Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) cost[i] = nodes[i]!.cost;
  return { requires, provides, providers, consumers, cost };
}

function listsOf(rows: Rows, count: number): number[][] {
  return Array.from({ length: count }, (_, i) => rowOf(rows, i));
}

const NONE: readonly number[] = Object.freeze([]);

/** Collects fact ids without repeats in O(1) each, with a stamp per fact instead of a `Set` per node. */
class IdList {
  private stamps = new Int32Array(1024);
  private stamp = 0;
  private ids: number[] = [];

  start(facts: FactTable): void {
    this.stamp++;
    this.ids = [];
    if (facts.size >= this.stamps.length) this.widen(facts.size);
  }

  add(id: number): void {
    if (id >= this.stamps.length) this.widen(id);
    if (this.stamps[id] === this.stamp) return;
    this.stamps[id] = this.stamp;
    this.ids.push(id);
  }

  /** A copy of the ids so far (a shared empty array when none); collection goes on. */
  peek(): readonly number[] {
    return this.ids.length === 0 ? NONE : this.ids.slice();
  }

  take(): number[] {
    const ids = this.ids;
    this.ids = [];
    return ids;
  }

  /** Makes room for ids up to `id`, at least doubling so that growing by one id at a time stays linear. */
  private widen(id: number): void {
    const stamps = new Int32Array(Math.max(id + 1, this.stamps.length * 2));
    stamps.set(this.stamps);
    this.stamps = stamps;
  }
}
