import { describe, expect, it } from 'vitest';
import { formatProblem } from './format-problem.js';
import { readPlanText } from './read.js';

function read(text: string) {
  const result = readPlanText('plan.yaml', text);
  return { plan: result.plan, problems: result.problems.map((p) => ({ line: formatProblem(p), code: p.code })) };
}

describe('workspace and conflict settings in a plan', () => {
  it('resolves workspace modes, setup commands, parallel_ok and conflict rules with their defaults', () => {
    const { plan, problems } = read(`workspace: worktree
conflicts: escalate
agents:
  dev: { use: shell, workspace: track, setup: cp .env.example .env, env: { CARGO_TARGET_DIR: "{{workspace}}/.target", PORT: "{{ port }}" } }
phases:
  - id: one
    actions:
      - { id: a, agent: dev, run: make, setup: [npm ci], parallel_ok: true, workspace: none }
  - id: two
    conflicts: { policy: rebase, max_reruns: 1 }
    actions:
      - { id: b, run: make }
`);
    expect(problems).toEqual([]);
    expect(plan!.workspace).toBe('worktree');
    expect(plan!.agents.dev).toMatchObject({ workspace: 'track', setup: ['cp .env.example .env'] });
    expect(plan!.actions[0]).toMatchObject({ workspace: 'none', setup: ['npm ci'], parallelOk: true });
    expect(plan!.actions[1]).toMatchObject({ workspace: undefined, setup: [], parallelOk: false });
    expect(plan!.phases[0]!.conflicts).toMatchObject({ policy: 'escalate', maxReruns: 3 });
    expect(plan!.phases[1]!.conflicts).toMatchObject({ policy: 'rebase', maxReruns: 1 });
  });

  it('defaults to the rebase policy', () => {
    const { plan } = read('actions: [{ id: a, run: make }]\n');
    expect(plan!.phases[0]!.conflicts.policy).toBe('rebase');
    expect(plan!.workspace).toBeUndefined();
  });

  it('reports an unknown placeholder in an env value with the known ones', () => {
    const { problems } = read('actions: [{ id: a, run: make, env: { DIR: "{{worksapce}}/x" } }]\n');
    expect(problems).toEqual([
      {
        code: 'unknown-placeholder',
        line: expect.stringContaining('actions[0].env.DIR: unknown placeholder "{{worksapce}}" (did you mean "workspace"?); expected one of {{workspace}}, {{run}}, {{action}}, {{agent}}, {{port}}'),
      },
    ]);
  });

  it('reports an unknown workspace mode', () => {
    const { problems } = read('workspace: branch\nactions: [{ id: a, run: make }]\n');
    expect(problems[0]!.line).toContain('workspace');
    expect(problems[0]!.line).toContain('"worktree"');
  });

  it('asks the agent policy for a resolver, and a shell resolver for its command', () => {
    expect(read('conflicts: agent\nactions: [{ id: a, run: make }]\n').problems).toEqual([
      { code: 'missing-resolver', line: expect.stringContaining('policy "agent" needs the resolver') },
    ]);
    expect(read('conflicts: { policy: agent, agent: fixer }\nagents: { fixer: { use: shell } }\nactions: [{ id: a, run: make }]\n').problems).toEqual([
      { code: 'resolver-needs-run', line: expect.stringContaining('expected "run"') },
    ]);
    expect(read('conflicts: { policy: agent, agent: fixr }\nagents: { fixer: { use: shell } }\nactions: [{ id: a, run: make }]\n').problems).toEqual([
      { code: 'unknown-agent', line: expect.stringContaining('unknown agent "fixr" (did you mean "fixer"?)') },
    ]);
  });

  it('reports a resolver set on a policy that does not use one', () => {
    const { problems } = read('phases: [{ id: p, conflicts: { policy: rebase, run: ./fix.sh }, actions: [{ id: a, run: make }] }]\n');
    expect(problems).toEqual([{ code: 'resolver-without-agent-policy', line: expect.stringContaining('phases[0].conflicts.run: "run" applies only to policy: agent') }]);
  });
});
