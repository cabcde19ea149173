import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBaton } from './support/run-baton.js';

const examples = readdirSync(join(repoRoot, 'examples')).filter((f) => f.endsWith('.plan.yaml')).map((f) => `examples/${f}`);

function tempPlan(text: string, name = 'plan.yaml'): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'baton-cli-'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

interface PlanJson {
  actions: { id: string; title: string; agent: string; phase: string; needs: string[]; estimate_s: number }[];
  phases: { id: string; mode: string }[];
  critical_path: string[];
  critical_path_s: number;
  sequential_s: number;
  lower_bound_s: number;
  makespan_s: number;
  skipped: string[];
  lease_overlaps: { a: string; b: string; patterns: [string, string][]; ordered: boolean }[];
}

function planJson(args: string[], cwd?: string): PlanJson {
  const run = runBaton(['plan', '--json', ...args], cwd ? { cwd } : {});
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as PlanJson;
}

describe('baton validate', () => {
  it('accepts every bundled example', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const run = runBaton(['validate', ...examples]);
    expect(run.code).toBe(0);
    for (const example of examples) expect(run.stdout).toContain(`✓ ${example}: valid`);
  });

  it('lists every problem with file:line:col and exits 2, without a stack trace', () => {
    const { file } = tempPlan(`agents:
  dev: { use: claude-code }
phases:
  - id: build
    actions:
      - { id: cache-setup, agent: dev, prompt: Set up the cache., estimate: 2 hours }
      - { id: compile, run: make, needs: [cach-setup] }
`);
    const run = runBaton(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:6:77 phases[0].actions[0].estimate: expected a duration like "4h", "30m" or "1h30m", got "2 hours"`);
    expect(run.stderr).toMatch(/✗ .*plan\.yaml: 1 problem/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints a dependency cycle as a chain', () => {
    const { file } = tempPlan('actions:\n  - { id: a, run: x, needs: [c] }\n  - { id: b, run: y, needs: [a] }\n  - { id: c, run: z, needs: [b] }\n');
    const run = runBaton(['validate', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('actions[0].needs[0]: dependency cycle (each waits for the next): a → c → b → a');
  });

  it('reports a missing file as bad input, and still checks the others', () => {
    const run = runBaton(['validate', 'no/such/plan.yaml', 'examples/loop.plan.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no/such/plan.yaml:1:1: cannot read plan no/such/plan.yaml: no such file\n');
    expect(run.stdout).toContain('✓ examples/loop.plan.yaml: valid');
  });

  it('gives the problems as JSON for tools', () => {
    const { file } = tempPlan('actions:\n  - { id: a, run: x, needs: [zz] }\n');
    const run = runBaton(['validate', '--json', file]);
    expect(run.code).toBe(2);
    const report = JSON.parse(run.stdout) as { valid: boolean; files: { problems: { line: number; col: number; code: string }[] }[] };
    expect(report.valid).toBe(false);
    expect(report.files[0]!.problems[0]).toMatchObject({ line: 2, col: 30, code: 'unknown-action' });
  });
});

describe('baton plan', () => {
  it('prints the JSON contract', () => {
    const plan = planJson(['examples/ci-disk-space.plan.yaml', '--no-sense']);
    expect(plan.phases).toEqual([
      { id: 'quick-wins', mode: 'parallel' },
      { id: 'restructuring', mode: 'sequential' },
      { id: 'advanced', mode: 'parallel' },
      { id: 'monitoring', mode: 'loop' },
    ].map((p) => expect.objectContaining(p) as unknown));
    const orchestration = plan.actions.find((a) => a.id === 'job-orchestration')!;
    expect(orchestration).toMatchObject({ agent: 'devops', phase: 'restructuring', estimate_s: 2 * 8 * 3600 });
    expect(orchestration.needs).toContain('disk-cleanup');
    expect(plan.critical_path[0]).toBe('disk-cleanup');
    expect(plan.critical_path.at(-1)).toBe('monitor');
    expect(plan.critical_path_s).toBe(12 * 8 * 3600);
    expect(plan.sequential_s).toBe(19 * 8 * 3600);
    expect(plan.lower_bound_s).toBeLessThanOrEqual(plan.makespan_s);
    expect(plan.lower_bound_s).toBeGreaterThanOrEqual(plan.critical_path_s);
  });

  it('predicts one action at a time with a single worker', () => {
    const plan = planJson(['examples/parallel.plan.yaml', '--no-sense', '--agents', '1']);
    expect(plan.makespan_s).toBe(plan.sequential_s);
    expect(plan.lower_bound_s).toBe(plan.sequential_s);
  });

  it('plans only what --goal needs, like make target', () => {
    const plan = planJson(['examples/parallel.plan.yaml', '--no-sense', '--goal', 'tests_pass']);
    expect(plan.actions.map((a) => a.id)).toEqual(['unit-tests']);
  });

  it('skips actions whose facts a sensor already reports true', () => {
    const { dir, file } = tempPlan(`sensors:
  built: test -f out.bin
actions:
  - { id: build, run: touch out.bin, provides: [built], estimate: 1h }
  - { id: test, run: "true", requires: [built], estimate: 30m }
`);
    expect(planJson([file], dir).actions.map((a) => a.id)).toEqual(['build', 'test']);
    writeFileSync(join(dir, 'out.bin'), '');
    const plan = planJson([file], dir);
    expect(plan.actions.map((a) => a.id)).toEqual(['test']);
    expect(plan.skipped).toEqual(['build']);
  });

  it('fails with exit 1 when the sensed world makes the goal unreachable', () => {
    const { dir, file } = tempPlan('sensors:\n  has_key: test -n "$NO_SUCH_VARIABLE"\nactions:\n  - { id: deploy, run: "true", requires: [has_key] }\n');
    const run = runBaton(['plan', file], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('goal cannot be reached');
    expect(run.stderr).toContain('has_key');
  });

  it('prints a text report with the critical path and the saving', () => {
    const run = runBaton(['plan', 'examples/ci-disk-space.plan.yaml', '--no-sense']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('* critical path (12d): disk-cleanup → job-orchestration');
    expect(run.stdout).toContain('Sequential (one at a time): 19d');
    expect(run.stdout).toMatch(/Saving: \d+% of the time/);
  });

  it('prints a Mermaid gantt chart', () => {
    const run = runBaton(['plan', 'examples/sequential.plan.yaml', '--mermaid']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(['gantt', '  title release']);
    expect(run.stdout).toContain('  bump-version :crit, 2000-01-01 00:00:00, 2000-01-01 00:05:00');
  });

  it('lists actions whose file leases may share a file, and shows only those the graph does not order', () => {
    const { dir, file } = tempPlan(`actions:
  - { id: cleanup, run: "true", files: ["scripts/**"] }
  - { id: add-script, run: "true", files: [scripts/a.sh] }
  - { id: docs, run: "true", files: ["docs/**"] }
  - { id: docs-index, run: "true", needs: [docs], files: [docs/index.md] }
`);
    expect(planJson([file], dir).lease_overlaps).toEqual([
      { a: 'cleanup', b: 'add-script', patterns: [['scripts/**', 'scripts/a.sh']], ordered: false },
      { a: 'docs', b: 'docs-index', patterns: [['docs/**', 'docs/index.md']], ordered: true },
    ]);
    const text = runBaton(['plan', file], { cwd: dir });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Lease overlaps (these run one at a time):\n  cleanup ↔ add-script (scripts/** ∩ scripts/a.sh)\n');
    expect(text.stdout).not.toContain('docs ↔ docs-index');
  });

  it('says nothing about leases when none overlap or the overlapping action is parallel_ok', () => {
    const { dir, file } = tempPlan(`actions:
  - { id: a, run: "true", files: ["src/a/**"] }
  - { id: b, run: "true", files: ["src/b/**"] }
  - { id: format, run: "true", files: ["src/**"], parallel_ok: true }
`);
    expect(planJson([file], dir).lease_overlaps).toEqual([]);
    expect(runBaton(['plan', file], { cwd: dir }).stdout).not.toContain('Lease overlaps');
  });

  it('rejects bad options with exit 2', () => {
    expect(runBaton(['plan', 'examples/loop.plan.yaml', '--agents', 'two']).code).toBe(2);
    expect(runBaton(['plan', 'examples/loop.plan.yaml', '--goal', 'nope']).stderr).toContain('--goal: unknown fact "nope"');
    expect(runBaton(['frobnicate']).code).toBe(2);
  });
});

describe('baton simulate', () => {
  it('runs the engine’s scheduler under a virtual clock and predicts what baton plan predicts', () => {
    const simulated = JSON.parse(runBaton(['simulate', 'examples/ci-disk-space.plan.yaml', '--json', '--no-sense']).stdout) as PlanJson & { status: string };
    const planned = planJson(['examples/ci-disk-space.plan.yaml', '--no-sense']);
    expect(simulated.status).toBe('succeeded');
    expect(simulated.makespan_s).toBe(planned.makespan_s);
    const text = runBaton(['simulate', 'examples/parallel.plan.yaml', '--agents', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Simulated by the engine's scheduler: \d+ events, run succeeded/);
  });
});

describe('the README', () => {
  it('tells the truth about its example', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
    const { file } = tempPlan(yaml);
    const plan = planJson([file, '--no-sense']);
    expect(plan.critical_path).toEqual(['docs', 'publish']);
    expect(plan.critical_path_s).toBe(70 * 60);
    expect(plan.sequential_s).toBe(100 * 60);
    expect(plan.makespan_s).toBe(70 * 60);
    expect(readme).toContain('`docs → publish`, 1h10m');
    expect(readme).toContain('(1h40m)');
    expect(readme).toContain('(1h10m, 30% less)');
  });
});
