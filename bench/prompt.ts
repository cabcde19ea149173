/**
 * bench/prompt: how many tokens baton adds to every agent prompt. `npm run bench:prompt` (or `npx tsx bench/prompt.ts`).
 *
 * Three actions — minimal, typical, rich (10 verify commands, 8 gate checks, 20 leases, 200 other actions' leases,
 * 3 dependency handoffs, a conflict and a review round, a budget) — and a review prompt. For each: the tokens of
 * baton's own words (`ownText`: everything but the user's prompt, the ids, commands and paths it quotes and the
 * handoff bodies), the tokens of the whole prompt, and the median time to build it. Tokens are counted with
 * gpt-tokenizer's o200k_base and cl100k_base encodings: Claude's tokenizer is not public, so these stand in.
 * The cases are exported for src/agents/prompt.test.ts, which holds the rich case to its 1,500-token target.
 */
import { fileURLToPath } from 'node:url';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import type { CheckResult } from '../src/engine/events.js';
import type { Action, GateCheck, Phase, Plan } from '../src/plan/model.js';
import { testPlan } from '../src/planner/test-plan.js';
import { formatHandoff, synthesizeHandoff } from '../src/agents/handoff.js';
import type { BuiltPrompt, PromptContext, ReviewContext } from '../src/agents/prompt.js';
import { buildPrompt, buildReviewPrompt } from '../src/agents/prompt.js';
import { median } from './median.js';

/** The target for baton's own words in the rich case. */
export const OWN_TOKEN_TARGET = 1500;

const TYPICAL_PROMPT = 'Replace the basic disk cleanup in CI with a space-management script: thresholds at 80% (warn) and 90% (clean target/ and ~/.cargo/registry), logging what it freed. Call it from every workflow before the build step.';

const RICH_PROMPT = `Implement the disk-space-aware job scheduler for the CI runners.

Context: jobs fail with "No space left on device" when three Rust builds share a runner. The scheduler must hold a job back while free space is under its declared need, and start the biggest job that fits first.

- [ ] Add \`scripts/scheduler/\` with a \`schedule.sh\` entry point reading \`jobs.yml\`
- [ ] Each job declares \`disk_gb\`; default 10
- [ ] Poll free space every 5 s with \`df --output=avail\`; never start a job that would leave less than 5 GB
- [ ] Log every decision as one JSON line to \`logs/scheduler.jsonl\`
- [ ] Wire it into \`.github/workflows/ci.yml\` and \`nightly.yml\`
- [ ] Unit tests with bats for the selection rule, including the tie-break by submission time

Keep the existing cleanup script as is; the performance specialist builds the matrix execution on top of this next.`;

const VERIFY = [
  'test -x scripts/scheduler/schedule.sh', 'bats test/scheduler', 'shellcheck scripts/scheduler/*.sh', 'npm run lint',
  'npm test -- --run scheduler', 'yq e . jobs.yml >/dev/null', 'actionlint .github/workflows/ci.yml',
  'grep -q schedule.sh .github/workflows/nightly.yml', './scripts/scheduler/schedule.sh --dry-run jobs.yml', 'git diff --check HEAD~1',
];

function gateCheck(name: string, run: string, metric?: { metric: string; target: string; baseline: number }): GateCheck {
  const op = metric?.target.split(' ')[0] as '<=' | '>=';
  return {
    name, run, metric: metric?.metric, baseline: metric?.baseline, timeoutS: undefined, path: [],
    target: metric === undefined ? undefined : { op, value: Number(metric.target.split(' ')[1]), text: metric.target },
  };
}

const GATE = [
  gateCheck('tests', 'npm test'), gateCheck('lint', 'npm run lint'), gateCheck('types', 'npx tsc --noEmit'),
  gateCheck('build-time', './bench/measure-build.sh', { metric: 'build_s', target: '<= 90', baseline: 120 }),
  gateCheck('disk-failures', './scripts/count-disk-failures.sh --last 20', { metric: 'failures', target: '<= 0', baseline: 6 }),
  gateCheck('cache-hit', './scripts/cache-stats.sh', { metric: 'hit_rate', target: '>= 0.8', baseline: 0.45 }),
  gateCheck('workflows', 'actionlint'), gateCheck('smoke', './scripts/smoke.sh staging'),
];

const LEASES = Array.from({ length: 20 }, (_, i) => (i < 4 ? ['scripts/scheduler/**', 'jobs.yml', '.github/workflows/ci.yml', '.github/workflows/nightly.yml'][i]! : `test/scheduler/case-${i}.bats`));

function planWith(action: Partial<Action>, phase: Partial<Phase>, description?: string): { plan: Plan; action: Action } {
  const base = testPlan({ actions: [{ id: 'job-scheduler', agent: 'devops' }, { id: 'matrix', agent: 'perf' }], agents: { devops: 1, perf: 1 } });
  const built = { ...base.actions[0]!, run: undefined, prompt: TYPICAL_PROMPT, title: 'Disk space-aware job scheduler', ...action };
  const plan: Plan = {
    ...base, name: 'ci-disk-space', description, goal: description === undefined ? undefined : ['disk_failures_zero', 'build_time_reduced'],
    actions: [built, base.actions[1]!], phases: [{ ...base.phases[0]!, ...phase }],
  };
  return { plan, action: built };
}

const check = (name: string, passed: boolean): CheckResult => ({ name, exitCode: passed ? 0 : 1, passed, durationMs: 1200 });

function dependencyHandoff(id: string, agent: string, files: number): string {
  const plan = testPlan({ actions: [{ id, agent }], agents: { [agent]: 1 } });
  return formatHandoff(synthesizeHandoff({
    run: 'r1', action: plan.actions[0]!, phase: plan.phases[0]!, toAgents: ['devops'], dependencies: [],
    diffStat: Array.from({ length: files }, (_, i) => ({ file: `scripts/${id}/part-${i}.sh`, added: 30 + i, deleted: i })),
    checks: [check('bats test/cleanup', true), check('shellcheck scripts/*.sh', true)],
    finalMessage: `${id} is done. The script exits 3 when it cannot free enough space; callers should treat that as a skip.`,
    date: new Date('2026-11-21T09:00:00Z'), sequence: 1, reason: 'missing',
  }));
}

const SEED_HANDOFF = `handoff_id: HD-2026-11-20-DEVOPS-001
from_agent: devops
to_agent: devops
phase: quick-wins
deliverables:
  - Enhanced disk cleanup script with 80/90% thresholds
  - Target directory optimization (CARGO_TARGET_DIR per job)
dependencies:
  - runner image with bats and shellcheck
quality_checks:
  - cleanup script tests: PASSED
  - workflow lint: PASSED
risk_assessment: low
next_steps: Build the scheduler on scripts/cleanup.sh --free-gb N, which returns the GB it freed.
`;

export interface PromptCase {
  readonly name: string;
  readonly build: () => BuiltPrompt;
}

function richContext(): PromptContext {
  const { plan, action } = planWith(
    { prompt: RICH_PROMPT, verify: VERIFY, files: LEASES, timeboxS: 4 * 3600, risk: 'medium', review: 'qa', reviewRounds: 2 },
    { title: 'Phase 2.1: scheduling', mode: 'sequential', gate: GATE, actions: ['job-scheduler', 'matrix'] },
    'Stop CI failing on disk space and cut the build from 120 s to 90 s, without losing cache hits.',
  );
  return {
    plan, action, attempt: 3, iteration: 1, handoffPath: '/home/dev/repo/.baton/runs/20261121-0900-ab12/handoffs/job-scheduler+2.yaml',
    handoffs: [
      { action: 'disk-cleanup', agent: 'devops', text: SEED_HANDOFF, synthesized: false },
      { action: 'target-dir', agent: 'devops', text: dependencyHandoff('target-dir', 'devops', 4), synthesized: true },
      { action: 'runner-image', agent: 'ops', text: dependencyHandoff('runner-image', 'ops', 25), synthesized: true },
    ],
    budget: { tokens: 420_000, costUsd: 3.5, timeS: 2 * 3600 + 15 * 60 },
    conflict: { files: ['.github/workflows/ci.yml', 'jobs.yml'], ours: ['cache-setup', 'matrix-prep'], theirs: 'job-scheduler' },
    review: { reviewer: 'qa', round: 1, reasons: ['schedule.sh starts the smallest job first; the task asks for the biggest that fits', 'no test covers the 5 GB floor'] },
    othersFiles: Array.from({ length: 200 }, (_, i) => ({ action: `module-${i}`, files: [`packages/p${i % 50}/src/m${i}`] })),
  };
}

function minimalContext(): PromptContext {
  return { ...planWith({}, {}), attempt: 1, iteration: 1, handoffs: [], handoffPath: '.baton/runs/r1/handoffs/job-scheduler.yaml', budget: undefined, othersFiles: [] };
}

function typicalContext(): PromptContext {
  const { plan, action } = planWith(
    { verify: ['test -x scripts/cleanup.sh', 'bats test/cleanup'], files: ['scripts/**', '.github/workflows/*.yml', 'test/cleanup'], timeboxS: 4 * 3600 },
    { title: 'Quick wins', gate: GATE.slice(0, 2) },
    'Stop CI failing on disk space.',
  );
  return {
    plan, action, attempt: 1, iteration: 1, handoffs: [{ action: 'disk-audit', agent: 'devops', text: SEED_HANDOFF, synthesized: false }],
    handoffPath: '/home/dev/repo/.baton/runs/20261121-0900-ab12/handoffs/job-scheduler.yaml', budget: { costUsd: 2 },
    othersFiles: [{ action: 'cache-setup', files: ['src/cache/**'] }, { action: 'docs', files: ['docs/ci.md'] }],
  };
}

// Built once: the cases time buildPrompt, not the making of their inputs.
const minimal = minimalContext();
const typical = typicalContext();
const rich = richContext();
const review = reviewContext(rich);

/** The cases measured, from the least baton has to say to the most. */
export const PROMPT_CASES: readonly PromptCase[] = [
  { name: 'minimal (prompt only)', build: () => buildPrompt(minimal) },
  { name: 'typical (2 verify, 2 gate checks, 3 leases, 1 handoff, budget)', build: () => buildPrompt(typical) },
  { name: 'rich (10 verify, 8 gate, 20 leases, 200 others, 3 handoffs, conflict, review, budget)', build: () => buildPrompt(rich) },
  { name: 'review of the rich action (2 checks, 12 files, 300-line diff)', build: () => buildReviewPrompt(review) },
];

function reviewContext({ plan, action }: PromptContext): ReviewContext {
  const diff = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? `@@ -${i},3 +${i},4 @@` : `+  echo "step ${i}" >> "$LOG"`)).join('\n');
  return {
    plan, action, reviewer: 'qa', round: 1, rounds: 2, diff, handoff: SEED_HANDOFF, checks: VERIFY.slice(0, 2).map((name) => check(name, true)),
    diffStat: Array.from({ length: 12 }, (_, i) => ({ file: `scripts/scheduler/part-${i}.sh`, added: 20 + i, deleted: i })),
  };
}

const BATCH = 200;

function main(): void {
  console.log(`prompt tokens (gpt-tokenizer o200k_base / cl100k_base; Claude's tokenizer is not public); node ${process.version}`);
  console.log('');
  console.log("| case | baton's own words, tokens (o200k / cl100k) | whole prompt, tokens (o200k / cl100k) | characters | build µs (median of 9 batches of 200) |");
  console.log('|---|---:|---:|---:|---:|');
  for (const c of PROMPT_CASES) {
    const built = c.build();
    // Batches of BATCH builds: one build takes microseconds, below what one timer reading resolves well.
    const microseconds = (median(() => { for (let i = 0; i < BATCH; i++) c.build(); }) * 1000) / BATCH;
    const own = `${countO200k(built.ownText)} / ${countCl100k(built.ownText)}`;
    const whole = `${countO200k(built.text)} / ${countCl100k(built.text)}`;
    console.log(`| ${c.name} | ${own} | ${whole} | ${built.text.length} | ${microseconds.toFixed(0)} |`);
  }
  console.log('');
  console.log(`target: baton's own words in the rich case <= ${OWN_TOKEN_TARGET} tokens`);
  if (process.argv.includes('--print')) for (const c of PROMPT_CASES) console.log(`\n===== ${c.name}\n${c.build().text}`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
