import { describe, expect, it } from 'vitest';
import { action, doc, imported, warningsOf } from '../../test/support/imported.js';

describe('importing work described in several places', () => {
  const { plan, result } = imported(
    doc(
      '# Search v2', //                                                      1
      '', //                                                                 2
      '| # | Task | Owner | Support | Duration |', //                        3
      '|---|------|-------|---------|----------|', //                        4
      '| 1 | Define the schema | Schema Designer | API Developer | 1 day |', // 5
      '| 2 | Write the migration | Schema Designer | — | 4h |', //          6
      '| 3 | Build the indexer | Indexer Engineer | — | 2-3 days |', //     7
      '', //                                                                 8
      '## Dependencies', //                                                  9
      '', //                                                                10
      '- Task 2 (needs the schema): depends on Task 1', //                  11
      '- Task 3: Tasks 1 and 2', //                                         12
      '- Task 9: Task 1', //                                                13
      '', //                                                                14
      '## Task Details', //                                                 15
      '', //                                                                16
      '### Task 3: Build the indexer', //                                   17
      '- [ ] Read documents in pages of 1,000', //                          18
      '- [ ] Verify with `pnpm test --filter indexer`', //                   19
      '- [ ] Estimate: 4 days', //                                          20
    ),
  );

  it('numbers the rows of a task table by its # column', () => {
    expect(plan.actions.map((a) => a.id)).toEqual(['define-the-schema', 'write-the-migration', 'build-the-indexer']);
  });

  it('reads a separate dependency list into the work it names by task number', () => {
    expect(action(plan, 'write-the-migration').needs).toEqual(['define-the-schema']);
    expect(action(plan, 'build-the-indexer').needs).toEqual(['define-the-schema', 'write-the-migration']);
  });

  it('adds a "Task N:" details section to the row it names instead of making a second action', () => {
    const indexer = action(plan, 'build-the-indexer');
    expect(indexer.prompt).toContain('- [ ] Read documents in pages of 1,000');
    expect(indexer.verify).toEqual(['pnpm test --filter indexer']);
    expect(indexer.agent).toBe('indexer-engineer');
  });

  it('keeps the longer of two estimates that disagree and names both lines', () => {
    expect(action(plan, 'build-the-indexer').estimateS).toBe(4 * 8 * 3600);
    expect(warningsOf(result)).toContain('20: "Build the indexer": estimates at line 7 ("2-3 days") and line 20 ("4 days") disagree; keeping the longer');
  });

  it('warns about a dependency line whose subject names no work', () => {
    expect(warningsOf(result).some((w) => w.startsWith('13: dependency of "Task 9"') && w.includes('names no work found'))).toBe(true);
  });

  it('explains where a dependency written apart came from', () => {
    const why = result.explanations.find((e) => e.action === 'write-the-migration');
    expect(why?.lines).toEqual([6, 11]);
    expect(why?.why).toContain('from the item of the list under "Dependencies"');
  });
});

describe('importing dependencies that two places state differently', () => {
  const { plan, result } = imported(
    doc(
      '# Auth', //                                                  1
      '', //                                                        2
      '## 1. Discovery (Security Analyst)', //                      3
      '- [ ] Map the session reads', //                             4
      '', //                                                        5
      '## 2. Frontend login (Frontend Developer)', //               6
      '**Dependencies**: None – can start at once with mocks', //  7
      '- [ ] Replace the form', //                                  8
      '', //                                                        9
      '## Dependency summary', //                                  10
      '', //                                                       11
      '| Workstream | Depends on |', //                            12
      '|---|---|', //                                              13
      '| Frontend login | Discovery |', //                         14
    ),
  );

  it('reads a two-column dependency table as statements, not as new work', () => {
    expect(plan.actions.map((a) => a.id)).toEqual(['discovery', 'frontend-login']);
  });

  it('keeps the stricter statement and names both lines', () => {
    expect(action(plan, 'frontend-login').needs).toEqual(['discovery']);
    expect(warningsOf(result)).toContain(
      '14: "Frontend login": dependencies at line 7 ("None – can start at once with mocks") and line 14 ("Discovery") disagree; keeping both (the stricter)',
    );
  });
});

describe('importing chains of work', () => {
  it('reads "Critical Path: A → B → C" as an order, skipping an approval at its end', () => {
    const { plan, result } = imported(
      doc(
        '## Phase 1: Foundation',
        '**Critical Path**: Specification Validator → Architect/Analyzer (parallel) → Gate approval',
        '### Spec (Specification Validator)',
        '- [ ] Validate',
        '### Design (System Architect)',
        '- [ ] Design',
        '### Analysis (Code Analyzer)',
        '- [ ] Analyze',
      ),
    );
    expect(action(plan, 'design').needs).toEqual(['spec']);
    expect(action(plan, 'analysis').needs).toEqual(['spec']);
    expect(action(plan, 'spec').needs).toEqual([]);
    expect(warningsOf(result).filter((w) => w.includes('dependency'))).toEqual([]);
  });

  it('reads the edges of a mermaid graph under a dependency heading, by node label', () => {
    const { plan } = imported(
      doc(
        '## Phase 1',
        '### Build (Build Engineer)',
        '- [ ] Build',
        '### Test (QA Engineer)',
        '- [ ] Test',
        '### Ship (Release Manager)',
        '- [ ] Ship',
        '## Dependency graph',
        '```mermaid',
        'graph TD',
        '  B[Build] --> T[Test]',
        '  T -->|green| S[Ship]',
        '```',
      ),
    );
    expect(action(plan, 'test').needs).toEqual(['build']);
    expect(action(plan, 'ship').needs).toEqual(['test']);
  });

  it('leaves a mermaid graph elsewhere alone (it may draw who leads whom)', () => {
    const { plan } = imported(
      doc('## Team', '```mermaid', 'graph TB', '  A[Build] --> B[Test]', '```', '## Phase 1', '### Build (Build Engineer)', '- [ ] b', '### Test (QA Engineer)', '- [ ] t'),
    );
    expect(action(plan, 'test').needs).toEqual([]);
  });

  it('does not read a meeting about dependencies as dependencies', () => {
    const { result } = imported(doc('## Phase 1', '### Build (Build Engineer)', '- [ ] b', '### Dependency Sync (30 minutes)', '- Agenda: blockers'));
    expect(warningsOf(result).some((w) => w.includes('dependency of'))).toBe(false);
  });
});

describe('importing owners and fields written plainly', () => {
  const { plan, result } = imported(
    doc(
      '# Observability', //                                           1
      '', //                                                          2
      '**Goal:** Move every service to OpenTelemetry.', //            3
      '**Team:** 3 agents (Platform Engineer, Service Developer, QA Analyst)', // 4
      '', //                                                          5
      '## Week 1: Foundations', //                                    6
      '', //                                                          7
      '### 1.1 Collector', //                                         8
      '**Owner:** Platform Engineer', //                              9
      '**Support:** QA Analyst', //                                  10
      '', //                                                         11
      '- [ ] Deploy the collector', //                               12
      '- [ ] Estimate: 2 days', //                                   13
      '', //                                                         14
      '### Instrumentation', //                                      15
      '**Service Developer**:', //                                   16
      '- [ ] Add the SDK', //                                        17
      '- [ ] Depends on: Collector', //                              18
      '- [ ] Week 1 sign-off', //                                    19
      '', //                                                         20
      '## Week 2: Rollout', //                                       21
      '', //                                                         22
      '**Platform Engineer**:', //                                   23
      '- [ ] Roll out to production', //                             24
    ),
  );

  it('takes the owner and the reviewer from "Owner:" and "Support:" fields', () => {
    expect(action(plan, 'collector')).toMatchObject({ agent: 'platform-engineer', review: 'qa-analyst', estimateS: 2 * 8 * 3600 });
  });

  it('reads plain "Estimate:" and "Depends on:" lines inside a checklist as fields, not steps', () => {
    const developer = action(plan, 'service-developer-instrumentation');
    expect(developer.needs).toEqual(['collector']);
    expect(developer.prompt).not.toContain('Depends on');
    expect(action(plan, 'collector').prompt).not.toContain('Estimate');
  });

  it('turns a sign-off item of a role block into the approval of the next phase', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true]);
    expect(action(plan, 'service-developer-instrumentation').prompt).not.toContain('sign-off');
  });

  it('reads a "Team:" roster as roles, not as work, and puts the goal in every prompt', () => {
    expect(plan.actions.map((a) => a.id)).toEqual(['collector', 'service-developer-instrumentation', 'platform-engineer-rollout']);
    for (const a of plan.actions) expect(a.prompt).toContain('Goal of the plan: Move every service to OpenTelemetry.');
    expect(warningsOf(result).filter((w) => w.includes('roster') || w.includes('Team'))).toEqual([]);
  });
});

describe('importing a workstream that loops', () => {
  it('retries it while its verify fails, as many rounds as the document allows', () => {
    const { plan, result } = imported(
      doc(
        '## 3 🧪 Test Hardening Loop (QA Engineer)',
        '**Mode**: loop – repeat until tests pass',
        '**Duration**: 2d per iteration, max 3 iterations',
        '- [ ] Run `npm run test:auth`',
      ),
    );
    const loop = action(plan, 'test-hardening-loop');
    expect(loop).toMatchObject({ title: 'Test Hardening Loop', retries: 2, verify: ['npm run test:auth'], estimateS: 2 * 8 * 3600 });
    expect(loop.prompt).toContain('This work repeats until tests pass (max 3 iterations)');
    expect(result.yaml).toContain('# line 2: loops until "tests pass", "max 3 iterations" (line 3): reruns while verify fails');
  });

  it('warns when a loop has no bound or no command to check its condition', () => {
    const { plan, result } = imported(doc('## Hardening (QA Engineer)', '- [ ] Repeat until the suite is green', '- [ ] Fix flaky tests'));
    expect(action(plan, 'hardening').retries).toBe(2);
    expect(warningsOf(result)).toContain('2: "Hardening" repeats until the suite is green but states no bound; at most 3 rounds assumed');
    expect(warningsOf(result).some((w) => w.startsWith('2: "Hardening" repeats until "the suite is green", but no command checks that'))).toBe(true);
  });
});

describe('importing a go/no-go list written before the work of its phase', () => {
  it('makes that phase wait for the approval, not the next one', () => {
    const { plan } = imported(
      doc('## Phase 1', '### Build (Build Engineer)', '- [ ] b', '## Phase 2: Launch', '### Go/No-Go', '- [ ] Staging soak passed', '### Ship (Release Manager)', '- [ ] ship', '## Phase 3', '### Clean (Build Engineer)', '- [ ] c'),
    );
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true, false]);
  });
});
