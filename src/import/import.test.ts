import { describe, expect, it } from 'vitest';
import { action, doc, imported } from '../../test/support/imported.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';

describe('importing workstreams', () => {
  const { result, plan } = imported(
    doc(
      '# Cache Rollout', //                                        1
      '', //                                                       2
      '## Phase 1: Foundation (Parallel Execution)', //            3
      '', //                                                       4
      '### 1.1 Cache Warm-up (Build Engineer + QA Engineer)', //   5
      '', //                                                       6
      '**Priority**: Critical', //                                 7
      '**Timeline**: 2-3 hours', //                                8
      '**Risk**: Medium - needs a cold runner', //                 9
      '**Dependencies**: None (can start immediately)', //        10
      '', //                                                      11
      '- [ ] Measure the cold build with `cargo build --timings`', // 12
      '- [x] Pick a cache backend', //                            13
    ),
  );

  it('makes one action owned by the first owner, reviewed by the second', () => {
    expect(plan.actions).toHaveLength(1);
    expect(action(plan, 'cache-warm-up')).toMatchObject({ agent: 'build-engineer', review: 'qa-engineer', priority: 'critical', risk: 'medium' });
    expect(Object.keys(plan.agents).sort()).toEqual(['build-engineer', 'qa-engineer', 'shell']);
    expect(plan.agents['build-engineer']?.use).toBe('claude-code');
  });

  it('writes commands that echo instead of prompts for shell agents (dry runs)', () => {
    const { plan: dry, result: dryResult } = imported(doc('## Phase 1', '### Cache (Build Engineer + QA Engineer)', '- [ ] Warm it with `npm run warm`'), 'shell');
    expect(action(dry, 'cache')).toMatchObject({ agent: 'build-engineer', run: "echo 'dry run: cache (build-engineer)'", review: undefined, verify: [] });
    expect(dryResult.yaml).toContain('# dry run; verify candidates left out: npm run warm');
    expect(dry.agents['build-engineer']?.use).toBe('shell');
  });

  it('plans a range at its upper bound and keeps the range in a comment', () => {
    expect(action(plan, 'cache-warm-up').estimateS).toBe(3 * 3600);
    expect(result.yaml).toContain('# line 5; estimate from "2-3 hours"');
  });

  it('puts the checklist in the prompt, done items marked, and command spans into verify', () => {
    const { prompt, verify } = action(plan, 'cache-warm-up');
    expect(prompt).toContain('- [ ] Measure the cold build with `cargo build --timings`');
    expect(prompt).toContain('- [x] Pick a cache backend');
    expect(prompt).toMatch(/already done/u);
    expect(prompt).toContain('Phase: Phase 1: Foundation');
    expect(verify).toEqual(['cargo build --timings']);
    expect(result.yaml).toMatch(/# verify candidates: code spans that look like commands \(line 12\)/u);
  });

  it('explains each action with its lines and reasons', () => {
    expect(result.explanations).toEqual([
      expect.objectContaining({ action: 'cache-warm-up', lines: [5], why: expect.stringMatching(/workstream heading .* owned by Build Engineer .* reviewed by .*QA Engineer/u) as unknown }),
    ]);
  });
});

describe('importing a workstream whose checklist is all done', () => {
  const { plan, result } = imported(doc('## Phase 1: Setup', '', '### Repo (Build Engineer)', '', '- [x] Create the repository', '- [x] Add CI'));

  it('keeps the action but lets the run skip it through a fact that holds at the start', () => {
    expect(action(plan, 'repo').provides).toEqual(['complete:repo']);
    expect(plan.facts['complete:repo']).toBe(true);
    const planned = planActions(buildDomain(plan), { initial: new Set(['complete:repo']), goal: defaultGoal(plan) });
    expect(planned.skipped).toEqual(['repo']);
    expect(result.explanations[0]?.why).toMatch(/every item is done/u);
  });
});

describe('importing role blocks and role items', () => {
  const { plan } = imported(
    doc(
      '## Phase 1: Release', //                      1
      '', //                                         2
      '**Release Manager**:', //                     3
      '- [ ] Tag the release', //                    4
      '- [ ] Write the notes', //                    5
      '', //                                         6
      '- **QA Engineer**: Run the smoke tests', //   7
      '- **Release Manager**: Final sign-off', //    8
      '', //                                         9
      '## Phase 2: Announce', //                     10
      '', //                                         11
      '### Blog post (Writer)', //                   12
      'Write it.', //                                13
    ),
  );

  it('turns a role block into one action for the role and a role item into another', () => {
    expect(plan.actions.map((a) => [a.id, a.agent])).toEqual([
      ['release-manager-release', 'release-manager'],
      ['run-the-smoke-tests', 'qa-engineer'],
      ['blog-post', 'writer'],
    ]);
    expect(action(plan, 'release-manager-release').prompt).toContain('- [ ] Tag the release');
  });

  it('reads a sign-off item as an approval of the next phase', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true]);
  });
});

describe('importing task tables', () => {
  const { plan } = imported(
    doc(
      '## Phase 1: Build', //                                                         1
      '', //                                                                          2
      '| # | Task | Owner | Support | Priority | Duration | Depends on |', //         3
      '|---|------|-------|---------|----------|----------|------------|', //         4
      '| 1 | Set up cache | Build Engineer | QA Engineer | High | 2h | None |', //    5
      '| 2 | Warm cache | Build Engineer | | Low | 1-2 days | Set up cache |', //     6
    ),
  );

  it('makes one action per row with its owner, reviewer, priority, duration and dependencies', () => {
    expect(action(plan, 'set-up-cache')).toMatchObject({ agent: 'build-engineer', review: 'qa-engineer', priority: 'high', estimateS: 7200, needs: [] });
    expect(action(plan, 'warm-cache')).toMatchObject({ priority: 'low', estimateS: 2 * 8 * 3600, needs: ['set-up-cache'] });
  });
});

describe('importing success metrics and go/no-go lists', () => {
  const { plan, result } = imported(
    doc(
      '## Phase 1: Speed up (Sequential)', //                                  1
      '', //                                                                   2
      '### Caching (Build Engineer)', //                                       3
      '- [ ] Cache the target directory', //                                   4
      '', //                                                                   5
      '**Success Metrics**:', //                                               6
      '- Build time: 120s → ≤ 90s (`./measure.sh build`)', //                  7
      '', //                                                                   8
      '| Metric | Baseline | Target |', //                                    9
      '|---|---|---|', //                                                      10
      '| Cache hit rate | 20% | ≥ 80% |', //                                  11
      '', //                                                                   12
      '## Phase 2: Roll out', //                                               13
      '', //                                                                   14
      '### Deploy (DevOps Engineer)', //                                       15
      '- [ ] Deploy', //                                                       16
      '', //                                                                   17
      '## Go/No-Go', //                                                        18
      '', //                                                                   19
      '### Phase 1 exit criteria', //                                          20
      '- [ ] Build time under 90s', //                                         21
      '- [x] Runbook reviewed', //                                             22
    ),
  );

  it('makes gate checks with metric, baseline, target and the command written beside them', () => {
    expect(plan.phases[0]?.mode).toBe('sequential');
    expect(plan.phases[0]?.gate[0]).toMatchObject({ name: 'Build time', run: './measure.sh build', metric: 'build_time', baseline: 120, target: { op: '<=', value: 90 } });
  });

  it('writes a placeholder that fails for a metric with no command, and warns', () => {
    const last = plan.phases[0]?.gate.find((g) => g.metric === 'cache_hit_rate');
    expect(last).toMatchObject({ baseline: 20, target: { op: '>=', value: 80 } });
    expect(last?.run).toBe("echo 'measure cache_hit_rate: fill in a command' >&2; exit 1");
    expect(result.warnings).toContainEqual({ line: 11, message: expect.stringMatching(/placeholder/u) as unknown });
  });

  it('turns a go/no-go list into an approval of the phase it guards, the criteria in a comment', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true]);
    expect(result.yaml).toContain('approval (line 21): Build time under 90s; [done] Runbook reviewed');
  });
});

describe('importing dependencies', () => {
  const { plan, result } = imported(
    doc(
      '## Phase 1: One', //                                         1
      '### Alpha (Build Engineer)', //                              2
      '- [ ] Do alpha', //                                          3
      '## Phase 2: Two', //                                         4
      '**Dependencies**: None (independent of phase 1)', //        5
      '### Beta (QA Engineer)', //                                  6
      '- [ ] Do beta', //                                           7
      '## Phase 3: Three', //                                       8
      '### Gamma (QA Engineer)', //                                 9
      '**Dependencies**: None', //                                 10
      '- [ ] Do gamma', //                                         11
      '- [ ] **Dependencies**: Beta complete', //                  12
      '### Delta (Build Engineer)', //                             13
      '**Dependencies**: Phase 7', //                              14
    ),
  );

  it('lets "None" under a phase heading start the phase at once', () => {
    expect(plan.phases.map((p) => p.after)).toEqual([[], [], [plan.phases[1]?.id]]);
  });

  it('keeps the stricter of two statements that disagree and names both lines', () => {
    expect(action(plan, 'gamma').needs).toEqual(['beta']);
    expect(result.warnings).toContainEqual({ line: 12, message: expect.stringMatching(/line 10 .*line 12 .*disagree/u) as unknown });
  });

  it('warns about a reference that names nothing', () => {
    expect(result.warnings).toContainEqual({ line: 14, message: expect.stringMatching(/"Phase 7" names nothing/u) as unknown });
  });

  it('keeps the order implied by phases when a phase\'s stated dependency names nothing found', () => {
    const unresolved = imported(doc('## Phase 1: One', '### Alpha (Build Engineer)', '- [ ] a', '## Phase 2: Two', '**Dependencies**: Go/No-Go decision', '### Beta (QA Engineer)', '- [ ] b'));
    expect(unresolved.plan.phases.map((p) => p.after)).toEqual([[], [unresolved.plan.phases[0]?.id]]);
    expect(unresolved.result.warnings).toContainEqual({ line: 5, message: expect.stringMatching(/names nothing/u) as unknown });
  });
});

describe('importing messy documents', () => {
  it('repairs mojibake and reads German headings and fields', () => {
    const text = doc(
      '# Ãœbersicht â€“ Plan', //                                     1
      '## Phase 1: Grundlagen (parallel)', //                         2
      '### Datenbank (Entwicklerteam)', //                            3
      '- [ ] Schema anlegen âœ…', //                                   4
      '**Abhängigkeiten**: Keine', //                                 5
      '**Dauer**: 2 Tage', //                                         6
      '## Phase 2: Umsetzung (sequenziell)', //                       7
      '### Tag 1-2: Oberfläche (QA Engineer)', //                     8
      '- [ ] Formulare bauen', //                                     9
    );
    const { plan, result } = imported(text);
    expect(plan.name).toBe('Übersicht – Plan');
    expect(result.warnings[0]).toMatchObject({ line: 1, message: expect.stringMatching(/repaired 3 mojibake .* 1, 4/u) as unknown });
    expect(result.warnings.filter((w) => /mojibake/u.test(w.message))).toHaveLength(1);
    expect(plan.phases.map((p) => p.mode)).toEqual(['parallel', 'sequential']);
    expect(action(plan, 'datenbank')).toMatchObject({ agent: 'entwicklerteam', estimateS: 2 * 8 * 3600 });
    expect(action(plan, 'oberflache')).toMatchObject({ agent: 'qa-engineer', estimateS: 2 * 8 * 3600 });
  });

  it('reads emoji and inconsistent numbering in headings, and French phase words', () => {
    const { plan } = imported(
      doc(
        '## 🚀 Étape 1 : Préparation', //           1
        '### 2.3 Nettoyage (DevOps Engineer)', //   2
        '- [ ] Nettoyer', //                        3
        '### 1) Revue (QA Engineer)', //            4
        '- [ ] Relire', //                          5
      ),
    );
    expect(plan.phases).toHaveLength(1);
    expect(plan.actions.map((a) => [a.id, a.agent])).toEqual([
      ['nettoyage', 'devops-engineer'],
      ['revue', 'qa-engineer'],
    ]);
  });

  it('makes ids unique and safe, whatever the titles', () => {
    const { plan } = imported(doc('## Phase 1', '### Setup!! (Build Engineer)', '- [ ] a', '### Setup (QA Engineer)', '- [ ] b', '### 🚀 (Writer)', '- [ ] c'));
    expect(plan.actions.map((a) => a.id)).toEqual(['setup', 'setup-2', 'action']);
  });

  it('warns, with its lines, about a section that maps to nothing', () => {
    const { result } = imported(doc('## Phase 1', '### Work (Build Engineer)', '- [ ] a', '## Meeting notes', '', 'We talked.'));
    expect(result.warnings).toContainEqual({ line: 4, message: expect.stringMatching(/"Meeting notes" \(lines 4–6\).*not imported/u) as unknown });
  });

  it('puts workstreams of a document without phase headings into one phase', () => {
    const { plan } = imported(doc('# Tidy up', '## Lint (Build Engineer)', '- [ ] Fix lint', '## Docs (Writer)', '- [ ] Write docs'));
    expect(plan.phases.map((p) => p.actions)).toEqual([['lint', 'docs']]);
  });

  it('gives a checklist nobody owns to an "unassigned" agent and says so', () => {
    const { plan, result } = imported(doc('## Phase 1', '### Day 1-2: Cleanup', '- [ ] Remove old jobs'));
    expect(action(plan, 'cleanup')).toMatchObject({ agent: 'unassigned', estimateS: 2 * 8 * 3600 });
    expect(result.warnings).toContainEqual({ line: 3, message: expect.stringMatching(/names no owner/u) as unknown });
  });
});
