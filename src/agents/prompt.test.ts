import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { describe, expect, it } from 'vitest';
import { OWN_TOKEN_TARGET, PROMPT_CASES } from '../../bench/prompt.js';
import type { Action, Phase, Plan } from '../plan/model.js';
import { testPlan } from '../planner/test-plan.js';
import type { PromptContext, ReviewContext } from './prompt.js';
import { buildPrompt, buildReviewPrompt } from './prompt.js';

const PROMPT = 'Add a cleanup script.\n\n- [ ] thresholds at 80% and 90%\n- [x] keep the old script\n';

function context(action: Partial<Action> = {}, phase: Partial<Phase> = {}, rest: Partial<PromptContext> = {}): PromptContext {
  const base = testPlan({ actions: [{ id: 'cleanup', agent: 'devops' }, { id: 'docs', agent: 'devops' }], agents: { devops: 1 } });
  const built: Action = { ...base.actions[0]!, run: undefined, prompt: PROMPT, title: 'Disk cleanup', ...action };
  const plan: Plan = { ...base, name: 'ci', actions: [built, base.actions[1]!], phases: [{ ...base.phases[0]!, ...phase }] };
  return { plan, action: built, attempt: 1, iteration: 1, handoffs: [], handoffPath: '/r/.baton/runs/r1/handoffs/cleanup.yaml', budget: undefined, othersFiles: [], ...rest };
}

const HANDOFF = 'handoff_id: HD-2026-11-21-DEVOPS-001\ndeliverables:\n  - scripts/audit.sh\nnext_steps: |\n  Use ```audit.sh --json```.\n';

function headings(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
}

describe('agent prompts', () => {
  it('keeps the user prompt verbatim, checklist included', () => {
    expect(buildPrompt(context()).text).toContain(`## Task\n${PROMPT.trim()}\n`);
  });

  it('a section with nothing to say is left out', () => {
    const { text } = buildPrompt(context());
    expect(headings(text)).toEqual(['Phase', 'Task', 'Files', 'Your handoff']);
    expect(text).not.toContain('How your work is judged');
    expect(text).not.toContain('Budget');
  });

  it('says everything in order: goal, phase, task, judgement, files, handoffs, own handoff, rerun, budget', () => {
    const full = context(
      { verify: ['npm test'], files: ['scripts/**'], timeboxS: 7200 },
      { gate: [{ name: 'lint', run: 'npm run lint', metric: undefined, target: undefined, baseline: undefined, timeoutS: undefined, path: [] }] },
      {
        attempt: 2, handoffs: [{ action: 'audit', agent: 'ops', text: HANDOFF, synthesized: false }], budget: { costUsd: 1.5 },
        othersFiles: [{ action: 'docs', files: ['docs/**'] }], review: { reviewer: 'qa', round: 1, reasons: ['add a dry run'] },
      },
    );
    const { text } = buildPrompt({ ...full, plan: { ...full.plan, description: 'Stop disk failures.', goal: ['disk_ok'] } });
    expect(headings(text)).toEqual([
      'Goal', 'Phase', 'Task', 'How your work is judged', 'Files', 'Handoffs from your dependencies', 'Your handoff', 'Why you run again', 'Budget',
    ]);
    expect(text).toContain('Stop disk failures.\nGoal facts: `disk_ok`.');
    expect(text).toContain('- `npm test`\n');
    expect(text).toContain('- lint: `npm run lint`\n');
    expect(text).toContain('You may still spend $1.50.\nTime-box: 2h for this attempt.');
  });

  it('the prompt carries the dependency handoffs verbatim, fenced so that their own backticks cannot close the fence', () => {
    const { text } = buildPrompt(context({}, {}, { handoffs: [{ action: 'audit', agent: 'ops', text: HANDOFF, synthesized: false }] }));
    expect(text).toContain(`### \`audit\` (agent \`ops\`)\n\`\`\`\`yaml\n${HANDOFF}\`\`\`\`\n`);
  });

  it('marks a handoff that baton wrote', () => {
    const { text } = buildPrompt(context({}, {}, { handoffs: [{ action: 'audit', agent: 'ops', text: HANDOFF, synthesized: true }] }));
    expect(text).toMatch(/### `audit` \(agent `ops`\) — written by baton/);
  });

  it('tells the agent where to write its handoff, with the path given literally', () => {
    const { text } = buildPrompt(context());
    expect(text).toContain('to `/r/.baton/runs/r1/handoffs/cleanup.yaml` (also in `$BATON_HANDOFF`)');
    for (const field of ['deliverables:', 'dependencies:', 'quality_checks:', 'risk_assessment:', 'next_steps:']) expect(text).toContain(field);
  });

  it('lists its leases and caps the leases of others with "and N more"', () => {
    const othersFiles = Array.from({ length: 30 }, (_, i) => ({ action: `a${i}`, files: [`pkg/${i}/**`, `pkg/${i}.md`] }));
    const { text } = buildPrompt(context({ files: ['scripts/**'] }, {}, { othersFiles }));
    expect(text).toContain('Your leases; change files only here:\n- `scripts/**`\n');
    expect(text).toContain('- `pkg/0/**`, `pkg/0.md` (a0)\n');
    expect(text).not.toContain('(a10)');
    expect(text).toContain('- and 40 more patterns of 20 other actions\n');
    expect(text).toContain('never rewrite history, switch branches or push');
  });

  it('says which step of a sequential phase and which round of a loop it is', () => {
    expect(buildPrompt(context({}, { mode: 'sequential', actions: ['cleanup', 'docs'] })).text).toContain('yours is step 1 of 2');
    const loop = buildPrompt(context({}, { mode: 'loop', until: 'disk_ok', maxIterations: 5, title: 'Tune' }, { iteration: 3 })).text;
    expect(loop).toContain('Tune (`main`), loop. The phase repeats until `disk_ok` holds, at most 5 rounds; this is round 3.');
  });

  it('a rerun after a conflict names the files and the actions merged first', () => {
    const { text } = buildPrompt(context({}, {}, { attempt: 2, conflict: { files: ['ci.yml'], ours: ['cache'], theirs: 'cleanup' } }));
    expect(text).toContain('conflicted with work merged first by `cache` in:\n- `ci.yml`\n');
  });

  it('a later attempt without a conflict or review says it starts afresh', () => {
    expect(buildPrompt(context({}, {}, { attempt: 3 })).text).toContain('Attempt 3: an earlier attempt failed or was stopped.');
  });

  it("keeps the user's words out of baton's own words", () => {
    const rich = context(
      { verify: ['npm test'], files: ['scripts/**'] },
      {},
      { handoffs: [{ action: 'audit', agent: 'ops', text: HANDOFF, synthesized: true }], othersFiles: [{ action: 'docs', files: ['docs/**'] }] },
    );
    const { ownText, text } = buildPrompt(rich);
    for (const quoted of ['Add a cleanup script', 'thresholds at 80%', 'npm test', 'scripts/**', 'docs/**', 'scripts/audit.sh', '/r/.baton/runs', 'Disk cleanup']) {
      expect(text).toContain(quoted);
      expect(ownText).not.toContain(quoted);
    }
    expect(ownText).toContain('Before you stop, write YAML');
  });

  it('quotes a command that holds backticks with a longer code span', () => {
    expect(buildPrompt(context({ verify: ['test "`cat v`" = 1'] })).text).toContain('- `` test "`cat v`" = 1 ``\n');
  });

  it("the rich prompt stays within 1,500 tokens of baton's own words", () => {
    const rich = PROMPT_CASES.find((c) => c.name.startsWith('rich'));
    const { ownText, text } = rich!.build();
    expect(text).toContain('- and 180 more patterns of 180 other actions');
    expect(countO200k(ownText)).toBeLessThanOrEqual(OWN_TOKEN_TARGET);
    expect(countCl100k(ownText)).toBeLessThanOrEqual(OWN_TOKEN_TARGET);
  });
});

describe('review prompts', () => {
  function review(overrides: Partial<ReviewContext> = {}): ReviewContext {
    const { plan, action } = context({ verify: ['npm test'] });
    return {
      plan, action, reviewer: 'qa', round: 2, rounds: 3, diff: '--- a/x\n+++ b/x\n+new\n', handoff: HANDOFF,
      diffStat: [{ file: 'x', added: 1, deleted: 0 }], checks: [{ name: 'npm test', exitCode: 0, passed: true, durationMs: 10 }], ...overrides,
    };
  }

  it('gives the reviewer the task, the checks, the handoff, the diff and the verdict format, and forbids edits', () => {
    const { text } = buildReviewPrompt(review());
    expect(headings(text)).toEqual(['The task it was given', 'How it is judged', 'Its handoff', 'What changed', 'Your verdict']);
    expect(text).toContain('(round 2 of 3)');
    expect(text).toContain('Do not edit files, commit or push');
    expect(text).toContain(PROMPT.trim());
    expect(text).toContain('- `npm test`: passed\n');
    expect(text).toContain('1 file, +1 -0:\n- `x` +1 -0\n```diff\n--- a/x\n+++ b/x\n+new\n```');
    expect(text).toContain('VERDICT: request_changes\n- ');
  });

  it('leaves out an empty handoff and a diff with no changes', () => {
    const { text } = buildReviewPrompt(review({ handoff: '', diff: '', diffStat: [], checks: [] }));
    expect(headings(text)).toEqual(['The task it was given', 'Your verdict']);
  });
});
