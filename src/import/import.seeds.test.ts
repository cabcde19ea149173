import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan/model.js';
import { buildDomain, defaultGoal } from '../planner/domain.js';
import { planActions } from '../planner/goap.js';
import { checkPlanText } from '../planner/load.js';
import { importMarkdown } from './import.js';
import type { ImportResult } from './import.js';

const seeds = new URL('../../test/fixtures/import/seeds/', import.meta.url);
const DAY = 8 * 3600;

function importSeed(name: string): { result: ImportResult; plan: Plan } {
  const result = importMarkdown(readFileSync(new URL(`${name}.md`, seeds), 'utf8'), { file: `${name}.md`, agentDefault: 'claude-code' });
  const checked = checkPlanText(`${name}.yaml`, result.yaml);
  expect(checked.problems).toEqual([]);
  const plan = checked.plan as Plan;
  const planned = planActions(buildDomain(plan), { initial: new Set(), goal: defaultGoal(plan) });
  expect(planned.nodes.filter((n) => !n.id.startsWith('gate:'))).toHaveLength(plan.actions.length);
  return { result, plan };
}

function action(plan: Plan, id: string): Plan['actions'][number] {
  const found = plan.actions.find((a) => a.id === id);
  if (found === undefined) throw new Error(`no action ${id}; have ${plan.actions.map((a) => a.id).join(', ')}`);
  return found;
}

describe('seed 000: the GOAP execution schedule', () => {
  const { result, plan } = importSeed('000_6e826696a097c9b8');

  it('imports 17 actions in four phases, with the modes the headings state', () => {
    // Phase 1 (line 34): 4 role blocks under "Day 1-2" (lines 38-56) + 3 role items under "Day 3-4" (lines 59-61);
    // line 62 ("Goap Agent: Phase 1 gate review and approval") is an approval, not work.
    // Phase 2 (line 64): the workstreams at lines 66, 72, 78, 83. Phase 3 (line 87): lines 89, 95, 100.
    // Phase 4 & 5 (line 104): lines 106, 111, 116.
    expect(result.actions).toBe(17);
    expect(plan.phases.map((p) => [p.actions.length, p.mode])).toEqual([
      [7, 'parallel'],
      [4, 'sequential'],
      [3, 'parallel'],
      [3, 'parallel'],
    ]);
  });

  it('gives each workstream to the owner in its heading and the second owner the review', () => {
    // line 66 "Job Orchestration (DevOps Engineer)", line 89 "(Systems Architect + Performance Specialist)"
    expect(action(plan, 'job-orchestration').agent).toBe('devops-engineer');
    expect(action(plan, 'resource-aware-workflow-design')).toMatchObject({ agent: 'systems-architect', review: 'performance-specialist' });
    expect(action(plan, 'devops-engineer-all-agents-parallel-deployment').agent).toBe('devops-engineer');
    expect(action(plan, 'validate-all-quick-wins-are-effective').agent).toBe('qa-engineer');
  });

  it('sizes work by the day spans of its headings', () => {
    // "Day 5-6" (line 66) is 2 working days, "Day 9" (line 78) one, "Day 19-21" (line 116) three.
    expect(action(plan, 'job-orchestration').estimateS).toBe(2 * DAY);
    expect(action(plan, 'benchmark-coverage-optimization').estimateS).toBe(DAY);
    expect(action(plan, 'loop-execution-final-validation').estimateS).toBe(3 * DAY);
  });

  it('turns stated dependencies and day order into edges', () => {
    // line 75 "Job orchestration from DevOps Engineer"; line 80 "Matrix optimization complete"
    expect(action(plan, 'matrix-build-optimization').needs).toEqual(['job-orchestration']);
    expect(action(plan, 'benchmark-coverage-optimization').needs).toEqual(['matrix-build-optimization']);
    // "Day 3-4" (line 58) comes after the four "Day 1-2" role blocks
    expect(action(plan, 'coordinate-integration-testing').needs).toHaveLength(4);
    // "Day 15" (line 100) waits for both workstreams of days 11-14, which run side by side (line 98)
    expect([...action(plan, 'phase-3-integration-testing').needs].sort()).toEqual(['resource-aware-workflow-design', 'smart-testing-strategies']);
  });

  it('lets "Phase 1 completion (can run parallel to Phase 3.1)" start phase 3 after phase 1', () => {
    // line 98 (3.2 needs only Phase 1) against line 92 (3.1 needs Phase 2)
    const phase3 = plan.phases[2];
    expect(phase3?.after).toEqual([plan.phases[0]?.id]);
    expect(action(plan, 'resource-aware-workflow-design').requires).toEqual([`phase:${plan.phases[1]?.id ?? ''}`]);
    expect(action(plan, 'smart-testing-strategies').requires).toEqual([]);
  });

  it('reads gate reviews as approvals of the next phase and risk sections into the workstreams', () => {
    // line 62 guards phase 2, line 85 guards phase 3
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true, true, false]);
    // line 205 "Risk Level: High" (3.1), line 219 "Medium-High" (2.1, the stricter), line 244 "Low" (phase 1)
    expect(action(plan, 'resource-aware-workflow-design').risk).toBe('high');
    expect(action(plan, 'job-orchestration').risk).toBe('high');
    expect(action(plan, 'coordinate-integration-testing').risk).toBe('low');
  });

  it('warns about the mojibake it repaired and the sections it could not map', () => {
    expect(result.warnings[0]?.message).toMatch(/repaired 3 mojibake/u);
    expect(result.warnings.some((w) => w.line === 181 && /Priority Conflicts/u.test(w.message))).toBe(true);
  });
});

describe('seed 002: the build optimisation status report', () => {
  const { result, plan } = importSeed('002_c2186ced79eb6d80');

  it('imports the ten agent todos of the code block at lines 125-134 into their phases', () => {
    expect(result.actions).toBe(10);
    expect(plan.phases.map((p) => p.actions.length)).toEqual([4, 5, 1]);
    expect(action(plan, 'cargo-target-dir-isolation').agent).toBe('build-config-optimizer');
    expect(action(plan, 'integration-validation').agent).toBe('production-validator');
  });

  it('plans each todo at its phase duration: 2, 3 and 1 days (lines 211, 223, 236)', () => {
    expect(action(plan, 'rdf-spec-closure').estimateS).toBe(2 * DAY);
    expect(action(plan, 'crate-isolation').estimateS).toBe(3 * DAY);
    expect(action(plan, 'integration-validation').estimateS).toBe(DAY);
    expect(plan.phases.map((p) => p.after)).toEqual([[], [plan.phases[0]?.id], [plan.phases[1]?.id]]);
  });

  it('makes the validation commands and SLOs of lines 241-250 gate checks of phase 3', () => {
    const gate = plan.phases[2]?.gate ?? [];
    expect(gate.map((g) => g.run)).toContain('cargo make check');
    expect(gate.find((g) => g.metric === 'first_build')).toMatchObject({ run: 'cargo make slo-check', baseline: 120, target: { op: '<=', value: 15 } });
    expect(gate.find((g) => g.metric === 'file_locks')).toMatchObject({ baseline: 42, target: { op: '<=', value: 0 } });
  });

  it('reads the go/no-go checklist (line 351) as approvals before phases 1, 2 and 3', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([true, true, true]);
    expect(result.warnings.some((w) => w.line === 380 && /guards no phase/u.test(w.message))).toBe(true);
  });

  it('writes a failing placeholder for metrics without a command, and says so', () => {
    const gate = plan.phases[2]?.gate ?? [];
    expect(gate.find((g) => g.metric === 'ci_cd_pipeline')?.run).toMatch(/fill in a command.*exit 1/u);
    expect(result.warnings.some((w) => w.line === 283 && /placeholder/u.test(w.message))).toBe(true);
  });
});

describe('seed 004: the parallel agent execution guide', () => {
  const { result, plan } = importSeed('004_c03d2d43f575d66e');

  it('imports one action per week of each track (lines 62-195) owned by the track agent', () => {
    expect(result.actions).toBe(7);
    expect(plan.actions.map((a) => a.agent)).toEqual(['agent-alpha', 'agent-alpha', 'agent-alpha', 'agent-beta', 'agent-beta', 'agent-gamma', 'agent-gamma']);
  });

  it('plans a week as five working days and chains the weeks of a track', () => {
    expect(plan.actions.every((a) => a.estimateS === 5 * DAY)).toBe(true);
    expect(action(plan, 'publishing-validation-systems').needs).toEqual(['database-core-apis']);
    expect(action(plan, 'rollback-advanced-features').needs).toEqual(['publishing-validation-systems']);
    expect(action(plan, 'template-marketplace-foundation').needs).toEqual([]);
  });

  it('carries the day-by-day task lines of the code blocks into the prompt', () => {
    expect(action(plan, 'database-core-apis').prompt).toContain('- Day 1-2: Database Schema');
    expect(action(plan, 'database-core-apis').prompt).toContain('  - Create migration: 20241001000001_agent_registry_tables.sql');
  });

  it('does not turn a contact list outside the phases into work', () => {
    expect(plan.actions.some((a) => /contact/iu.test(a.title))).toBe(false);
    expect(result.warnings.some((w) => /Contact Information/u.test(w.message))).toBe(true);
  });
});
