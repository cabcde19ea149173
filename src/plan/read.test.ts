import { describe, expect, it } from 'vitest';
import { formatProblem } from './format-problem.js';
import { readPlanText } from './read.js';

/** Reads plan text and returns each problem as the line `baton validate` prints, plus its code. */
function problems(text: string, file = 'plan.yaml'): { line: string; code: string }[] {
  return readPlanText(file, text).problems.map((p) => ({ line: formatProblem(p), code: p.code }));
}

function only(text: string, file?: string): { line: string; code: string } {
  const found = problems(text, file);
  expect(found, JSON.stringify(found, null, 2)).toHaveLength(1);
  return found[0]!;
}

const agents = `agents:
  dev: { use: claude-code }
  qa: { use: shell }
`;

describe('reading a plan', () => {
  it('accepts a valid plan and resolves its defaults', () => {
    const result = readPlanText(
      'ci.plan.yaml',
      `${agents}phases:
  - id: build
    actions:
      - { id: compile, run: make, estimate: 1h30m }
      - { id: docs, agent: dev, prompt: Write the docs., needs: compile }
  - id: ship
    mode: sequential
    actions:
      - { id: release, run: ./release.sh }
`,
    );
    expect(result.problems).toEqual([]);
    const plan = result.plan!;
    expect(plan.name).toBe('ci');
    expect(plan.actions.map((a) => [a.id, a.phase, a.agent, a.estimateS])).toEqual([
      ['compile', 'build', 'shell', 5400],
      ['docs', 'build', 'dev', 3600],
      ['release', 'ship', 'shell', 3600],
    ]);
    expect(plan.actions[1]!.needs).toEqual(['compile']);
    expect(plan.actions[1]!.estimateDefaulted).toBe(true);
    expect(plan.phases.map((p) => [p.id, p.mode, p.after])).toEqual([
      ['build', 'parallel', []],
      ['ship', 'sequential', ['build']],
    ]);
    expect(plan.agents.shell?.implicit).toBe(true);
    expect(plan.agents.dev?.concurrency).toBe(1);
  });

  it('puts top-level actions into one phase named main', () => {
    const plan = readPlanText('p.yaml', 'actions:\n  - { id: a, run: "true" }\n').plan!;
    expect(plan.phases.map((p) => p.id)).toEqual(['main']);
    expect(plan.actions[0]!.path).toEqual(['actions', 0]);
  });

  it('reads JSON plans', () => {
    const plan = readPlanText('p.json', '{"actions": [{"id": "a", "run": "true", "estimate": "90s"}]}').plan!;
    expect(plan.actions[0]!.estimateS).toBe(90);
  });
});

describe('validation problems name the place, the path and what was expected', () => {
  it('reports a YAML syntax error at its line', () => {
    const found = only('actions:\n  - id: a\n    run: [unclosed\n');
    expect(found.code).toBe('syntax');
    expect(found.line).toMatch(/^plan\.yaml:\d+:\d+: /);
  });

  it('reports a JSON syntax error at its line and column', () => {
    const found = only('{\n  "actions": [\n    {"id": "a",}\n  ]\n}\n', 'plan.json');
    expect(found.code).toBe('syntax');
    expect(found.line).toMatch(/^plan\.json:3:\d+: invalid JSON/);
  });

  it('reports a duplicate key in a mapping', () => {
    expect(only('name: a\nname: b\nactions: []\n').line).toBe('plan.yaml:2:1: duplicate key "name": a mapping may name each key once');
  });

  it('reports an unknown field with the nearest known name', () => {
    expect(only('actions:\n  - id: a\n    run: "true"\n    estimte: 2h\n')).toEqual({
      line: 'plan.yaml:4:5 actions[0].estimte: unknown field "estimte" (did you mean "estimate"?)',
      code: 'unknown-field',
    });
  });

  it('lists the known fields when an unknown one is not a typo', () => {
    expect(only('banana: 1\nactions: [{ id: a, run: "true" }]\n').line).toMatch(
      /^plan\.yaml:1:1 banana: unknown field "banana"; expected one of "version", "name"/,
    );
  });

  it('reports a wrong type with what was found', () => {
    expect(only('actions:\n  - id: a\n    run: "true"\n    retries: many\n')).toEqual({
      line: 'plan.yaml:4:14 actions[0].retries: expected a number, got "many"',
      code: 'wrong-type',
    });
  });

  it('reports a missing id', () => {
    expect(only('actions:\n  - run: "true"\n')).toEqual({
      line: 'plan.yaml:2:5 actions[0].id: missing required field "id"',
      code: 'missing-field',
    });
  });

  it('reports an id that cannot be a branch name', () => {
    expect(only('actions:\n  - { id: "a b", run: "true" }\n').line).toMatch(
      /^plan\.yaml:2:11 actions\[0\]\.id: expected an id of letters.*, got "a b"$/,
    );
  });

  it('reports duplicate action ids and where the first one is', () => {
    expect(only('actions:\n  - { id: a, run: "true" }\n  - { id: a, run: "false" }\n')).toEqual({
      line: 'plan.yaml:3:11 actions[1].id: duplicate action id "a" (first used at actions[0])',
      code: 'duplicate-id',
    });
  });

  it('reports an unknown action in needs with a suggestion', () => {
    const text = `phases:
  - id: setup
    actions:
      - { id: cache-setup, run: "true" }
  - id: build
    actions:
      - { id: compile, run: make }
      - id: link
        run: ld
        needs: [cach-setup]
`;
    expect(only(text)).toEqual({
      line: 'plan.yaml:10:17 phases[1].actions[1].needs[0]: unknown action "cach-setup" (did you mean "cache-setup"?)',
      code: 'unknown-action',
    });
  });

  it('reports an unknown agent with a suggestion', () => {
    expect(only(`${agents}actions:\n  - { id: a, agent: devv, prompt: hi }\n`)).toEqual({
      line: 'plan.yaml:5:21 actions[0].agent: unknown agent "devv" (did you mean "dev"?)',
      code: 'unknown-agent',
    });
  });

  it('reports an unknown fact in requires', () => {
    const found = only('facts: { repo_ready: true }\nactions:\n  - { id: a, run: "true", requires: [repo_redy] }\n');
    expect(found.code).toBe('unknown-fact');
    expect(found.line).toBe(
      'plan.yaml:3:38 actions[0].requires[0]: unknown fact "repo_redy" (did you mean "repo_ready"?): no action provides it, it is not in "facts" and no sensor measures it',
    );
  });

  it('reports an unknown phase in a done: or phase: fact', () => {
    expect(only('goal: [phase:mian]\nactions:\n  - { id: a, run: "true" }\n').line).toBe(
      'plan.yaml:1:8 goal[0]: unknown phase "mian" in fact "phase:mian" (did you mean "main"?)',
    );
  });

  it('reports a required fact that is false, not sensed and not provided', () => {
    expect(only('facts: { approved: false }\nactions:\n  - { id: a, run: "true", requires: approved }\n')).toEqual({
      line: 'plan.yaml:3:37 actions[0].requires[0]: required fact "approved" is false at start, no sensor measures it and no action provides it',
      code: 'unprovided-fact',
    });
  });

  it('accepts a required fact that a sensor measures', () => {
    expect(problems('sensors: { approved: test -f ok }\nactions:\n  - { id: a, run: "true", requires: approved }\n')).toEqual([]);
  });

  it('reports a bad duration with the expected form', () => {
    expect(only('actions:\n  - { id: a, run: "true", timebox: 4 hours }\n')).toEqual({
      line: 'plan.yaml:2:36 actions[0].timebox: expected a duration like "4h", "30m" or "1h30m", got "4 hours"',
      code: 'bad-duration',
    });
  });

  it('reports a duration written as a bare number', () => {
    expect(only('actions:\n  - { id: a, run: "true", estimate: 30 }\n').line).toBe(
      'plan.yaml:2:37 actions[0].estimate: expected a duration with a unit like "30m" or "30s", got the bare number 30',
    );
  });

  it('reports a bad gate target', () => {
    const found = only('phases:\n  - id: p\n    gate: [{ run: ./m, metric: t, target: "about 90" }]\n    actions: [{ id: a, run: "true" }]\n');
    expect(found.code).toBe('bad-target');
    expect(found.line).toMatch(/phases\[0\]\.gate\[0\]\.target: expected a target like "<= 90"/);
  });

  it('reports a loop phase without a bound', () => {
    expect(only('phases:\n  - id: polish\n    mode: loop\n    actions: [{ id: a, run: "true" }]\n')).toEqual({
      line: 'plan.yaml:3:11 phases[0].mode: loop phase "polish" has no bound: expected "max_iterations" (a whole number > 0)',
      code: 'unbounded-loop',
    });
  });

  it('reports loop fields on a phase that is not a loop', () => {
    expect(only('phases:\n  - id: p\n    max_iterations: 3\n    actions: [{ id: a, run: "true" }]\n')).toEqual({
      line: 'plan.yaml:3:5 phases[0].max_iterations: "max_iterations" applies only to loop phases; expected mode: loop, got mode: parallel',
      code: 'loop-field-outside-loop',
    });
  });

  it('reports a run action whose agent is not a shell agent', () => {
    expect(only(`${agents}actions:\n  - { id: a, agent: dev, run: make }\n`)).toEqual({
      line: 'plan.yaml:5:26 actions[0].run: "run" is a shell command but agent "dev" uses claude-code; expected a shell agent (use: shell) or "prompt" instead of "run"',
      code: 'run-needs-shell-agent',
    });
  });

  it('reports a prompt action whose agent is a shell agent', () => {
    expect(only(`${agents}actions:\n  - { id: a, agent: qa, prompt: Fix it }\n`)).toEqual({
      line: 'plan.yaml:5:25 actions[0].prompt: "prompt" is work for an AI agent but agent "qa" is a shell agent; expected an agent with use: claude-code, codex, gemini, aider or command, or "run" instead of "prompt"',
      code: 'prompt-needs-ai-agent',
    });
  });

  it('reports a prompt action with no agent', () => {
    expect(only('actions:\n  - { id: a, prompt: Fix it }\n')).toEqual({
      line: 'plan.yaml:2:5 actions[0]: action "a" has a prompt but no agent: expected "agent" naming one of the plan\'s agents',
      code: 'missing-agent',
    });
  });

  it('reports an action with neither run nor prompt, and one with both', () => {
    expect(only('actions:\n  - { id: a }\n')).toEqual({
      line: 'plan.yaml:2:5 actions[0]: action "a" has nothing to do: expected "run" (a shell command) or "prompt" (work for an AI agent)',
      code: 'no-work',
    });
    expect(only(`${agents}actions:\n  - { id: a, agent: qa, run: x, prompt: y }\n`)).toEqual({
      line: 'plan.yaml:5:33 actions[0].prompt: expected either "run" (a shell command) or "prompt" (work for an AI agent), not both',
      code: 'run-and-prompt',
    });
  });

  it('reports phases and top-level actions together', () => {
    expect(only('phases: [{ id: p, actions: [{ id: a, run: x }] }]\nactions: [{ id: b, run: y }]\n')).toEqual({
      line: 'plan.yaml:2:1 actions: expected either "phases" or top-level "actions", not both; move these actions into a phase',
      code: 'phases-and-actions',
    });
  });

  it('reports an unknown phase in after', () => {
    expect(only('phases:\n  - { id: one, actions: [{ id: a, run: x }] }\n  - { id: two, after: [onee], actions: [{ id: b, run: y }] }\n').line).toBe(
      'plan.yaml:3:24 phases[1].after[0]: unknown phase "onee" (did you mean "one"?)',
    );
  });

  it('reports a reserved fact in provides', () => {
    expect(only('actions:\n  - { id: a, run: x, provides: [done:b] }\n')).toEqual({
      line: 'plan.yaml:2:33 actions[0].provides[0]: "done:b" is reserved: baton sets done:<action> and phase:<phase> itself; expected a fact of your own',
      code: 'reserved-fact',
    });
    expect(only('facts: { "phase:main": true }\nactions: [{ id: a, run: x }]\n').line).toBe(
      'plan.yaml:1:10 facts.phase:main: "phase:main" is reserved: baton sets done:<action> and phase:<phase> itself; expected a fact of your own',
    );
  });

  it('reports a resource that is not declared, and one used beyond its capacity', () => {
    const text = 'resources: { gpu: 1 }\nactions:\n  - { id: a, run: x, uses: gpus }\n  - { id: b, run: y, uses: { gpu: 2 } }\n';
    expect(problems(text)).toEqual([
      { line: 'plan.yaml:3:28 actions[0].uses: unknown resource "gpus" (did you mean "gpu"?); expected one declared under "resources"', code: 'unknown-resource' },
      { line: 'plan.yaml:4:28 actions[1].uses: uses 2 of "gpu" but only 1 exist: it could never start', code: 'resource-too-small' },
    ]);
  });

  it('reports an env variable named like baton’s own', () => {
    expect(only('actions: [{ id: a, run: x, env: { BATON_RUN: mine } }]\n').line).toBe(
      'plan.yaml:1:35 actions[0].env.BATON_RUN: invalid name "BATON_RUN": names starting with BATON_ are set by baton itself; expected another name',
    );
  });

  it('reports an empty goal list and an absurd duration', () => {
    expect(only('goal: []\nactions: [{ id: a, run: x }]\n').line).toBe('plan.yaml:1:7 goal: expected at least one fact; leave "goal" out to mean everything');
    expect(only(`actions: [{ id: a, run: x, estimate: ${'9'.repeat(400)}s }]\n`).code).toBe('bad-duration');
  });

  it('reports an unknown alias at the alias, without a stack trace', () => {
    expect(only('actions:\n  - { id: a, run: x, requires: *nope }\n').line).toBe('plan.yaml:2:32: unknown alias "*nope": expected an anchor "&nope" defined before it');
  });

  it('reports two YAML documents in one file', () => {
    expect(only('actions: [{ id: a, run: x }]\n---\nactions: []\n').line).toBe('plan.yaml:2:1: expected one YAML document, found several: remove the "---" separator');
  });

  it('reports every problem at once, in file order', () => {
    const found = problems(`${agents}actions:
  - { id: a, agent: nobody, run: x }
  - { id: b, run: y, needs: [zzz] }
`);
    expect(found.map((f) => f.code)).toEqual(['unknown-agent', 'unknown-action']);
  });

  it('reports a document that is not a mapping', () => {
    expect(only('- just\n- a list\n').line).toBe('plan.yaml:1:1: expected a plan: a mapping with "phases" or "actions", got a list');
  });
});
