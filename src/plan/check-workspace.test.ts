import { describe, expect, it } from 'vitest';
import { formatProblem } from './format-problem.js';
import { readPlanText } from './read.js';

/** The one problem of a plan, as its code and the line `baton validate` prints. */
function only(text: string): { code: string; line: string } {
  const { problems } = read(text);
  expect(problems, JSON.stringify(problems)).toHaveLength(1);
  return problems[0]!;
}

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
    const problem = only('actions: [{ id: a, run: make, env: { DIR: "{{worksapce}}/x" } }]\n');
    expect(problem.code).toBe('unknown-placeholder');
    expect(problem.line).toContain('actions[0].env.DIR: unknown placeholder "{{worksapce}}" (did you mean "workspace"?); expected one of {{workspace}}, {{run}}, {{action}}, {{agent}}, {{port}}');
  });

  it('reports an unknown workspace mode', () => {
    const { problems } = read('workspace: branch\nactions: [{ id: a, run: make }]\n');
    expect(problems[0]!.line).toContain('workspace');
    expect(problems[0]!.line).toContain('"worktree"');
  });

  it('asks the agent policy for a resolver, and a shell resolver for its command', () => {
    const missing = only('conflicts: agent\nactions: [{ id: a, run: make }]\n');
    expect([missing.code, missing.line]).toEqual(['missing-resolver', 'plan.yaml:1:12 conflicts: policy "agent" needs the resolver: expected "agent" naming one of the plan\'s agents']);
    const noRun = only('conflicts: { policy: agent, agent: fixer }\nagents: { fixer: { use: shell } }\nactions: [{ id: a, run: make }]\n');
    expect(noRun.code).toBe('resolver-needs-run');
    expect(noRun.line).toContain('expected "run", the command that resolves the conflicted merge');
    const typo = only('conflicts: { policy: agent, agent: fixr }\nagents: { fixer: { use: shell } }\nactions: [{ id: a, run: make }]\n');
    expect(typo.code).toBe('unknown-agent');
    expect(typo.line).toContain('conflicts.agent: unknown agent "fixr" (did you mean "fixer"?)');
  });

  it('reports a resolver set on a policy that does not use one', () => {
    const problem = only('phases: [{ id: p, conflicts: { policy: rebase, run: ./fix.sh }, actions: [{ id: a, run: make }] }]\n');
    expect(problem.code).toBe('resolver-without-agent-policy');
    expect(problem.line).toContain('phases[0].conflicts.run: "run" applies only to policy: agent; expected policy: agent, got policy: rebase');
  });
});
