import { describe, expect, it } from 'vitest';
import { formatProblem } from '../plan/format-problem.js';
import { checkPlanText } from './load.js';

function problems(text: string): string[] {
  return checkPlanText('plan.yaml', text).problems.map(formatProblem);
}

describe('graph checks', () => {
  it('prints a cycle of needs as a chain, starting where it is written first', () => {
    expect(problems('actions:\n  - { id: a, run: x, needs: [b] }\n  - { id: b, run: y, needs: [a] }\n')).toEqual([
      'plan.yaml:2:30 actions[0].needs[0]: dependency cycle (each waits for the next): a → b → a',
    ]);
  });

  it('finds a cycle through facts that have one provider', () => {
    const found = problems('actions:\n  - { id: a, run: x, requires: [q], provides: [p] }\n  - { id: b, run: y, requires: [p], provides: [q] }\n');
    expect(found).toEqual(['plan.yaml:2:33 actions[0].requires[0]: dependency cycle (each waits for the next): a → b → a']);
  });

  it('finds a cycle made by phase order', () => {
    const found = problems(`phases:
  - id: one
    actions: [{ id: a, run: x, needs: [b] }]
  - id: two
    actions: [{ id: b, run: y }]
`);
    expect(found).toEqual(['plan.yaml:3:40 phases[0].actions[0].needs[0]: dependency cycle (each waits for the next): a → b → phase:one → a']);
  });

  it('does not call a choice between providers a cycle', () => {
    const text = `actions:
  - { id: a, run: x, requires: [p] }
  - { id: slow, run: y, requires: [done:a], provides: [p] }
  - { id: fast, run: z, provides: [p] }
`;
    expect(problems(text)).toEqual([]);
  });

  it('reports a goal that only a cyclic set of actions could reach', () => {
    const text = `goal: [p]
actions:
  - { id: a, run: x, requires: [q], provides: [p] }
  - { id: b, run: y, requires: [p], provides: [q] }
  - { id: c, run: z, requires: [p], provides: [q] }
`;
    const [found, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(found).toMatch(/^plan\.yaml:1:8 goal\[0\]: goal "p" cannot be reached: /);
  });

  it('counts sensed facts as possibly true', () => {
    expect(problems('sensors: { ready: test -f x }\ngoal: [ready]\nactions: [{ id: a, run: x }]\n')).toEqual([]);
  });
});
