/**
 * Synthetic plans for the planner benchmark: layered DAGs where about 10% of the facts have 2–3 alternative
 * providers of different costs, a few agents with limits, five parallel phases (the last after the first) and
 * a short sequential release phase as the goal. Deterministic for a given size.
 */
import type { Plan } from '../../src/plan/model.js';
import { testPlan } from '../../src/planner/test-plan.js';
import type { TestAction, TestPhase } from '../../src/planner/test-plan.js';
import { mulberry32 } from '../random.js';

const WIDTH = 100;
const PHASES = 5;
const AGENTS = ['dev', 'qa', 'ops', 'shell'] as const;

/** A plan of about `size` actions. */
export function layeredPlan(size: number): Plan {
  const random = mulberry32(size);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const layers = Math.max(1, Math.ceil(size / WIDTH / 1.15));
  const facts: string[][] = [];
  const actions: TestAction[] = [];
  for (let layer = 0; layer < layers && actions.length < size; layer++) {
    const phase = `p${Math.floor((layer * PHASES) / layers)}`;
    const row: string[] = [];
    for (let k = 0; k < WIDTH && actions.length < size; k++) {
      const fact = `f${layer}_${k}`;
      row.push(fact);
      const providers = random() < 0.1 ? 2 + Math.floor(random() * 2) : 1;
      for (let p = 0; p < providers; p++) {
        const requires = layer === 0 ? [] : requirements(facts, layer, random);
        const estimate = 60 + Math.floor(random() * 3540);
        const id = providers === 1 ? `a${layer}_${k}` : `a${layer}_${k}_${p}`;
        actions.push({ id, phase, agent: pick(AGENTS), requires, provides: [fact], estimate, cost: estimate * (1 + p) });
      }
    }
    facts.push(row);
  }
  const last = facts[facts.length - 1]!;
  for (let r = 0; r < 5; r++) {
    actions.push({ id: `release${r}`, phase: 'release', agent: 'ops', requires: [pick(last), pick(last), pick(last)], estimate: 600 });
  }
  const phases: TestPhase[] = Array.from({ length: PHASES }, (_, i) => ({ id: `p${i}`, after: i === PHASES - 1 ? ['p0'] : [] }));
  phases.push({ id: 'release', mode: 'sequential' });
  return testPlan({ actions, phases, agents: { dev: 4, qa: 2, ops: 2 }, goal: ['phase:release'] });
}

/** 1–3 facts from the 1–3 layers before `layer`. */
function requirements(facts: readonly (readonly string[])[], layer: number, random: () => number): string[] {
  const count = 1 + Math.floor(random() * 3);
  const chosen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const from = Math.max(0, layer - 1 - Math.floor(random() * 3));
    const row = facts[from]!;
    chosen.add(row[Math.floor(random() * row.length)]!);
  }
  return [...chosen];
}
