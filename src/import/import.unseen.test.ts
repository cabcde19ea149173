/**
 * Documents written after the importer, in shapes it had not seen (test/fixtures/import/unseen*), each checked
 * against what a careful person maps by hand (the `.expected.md` files beside the second set).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { action, imported, warningsOf } from '../../test/support/imported.js';

const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'import');

function load(path: string): ReturnType<typeof imported> & { warnings: string[] } {
  const result = imported(readFileSync(join(fixtures, path), 'utf8'));
  return { ...result, warnings: warningsOf(result.result) };
}

const hours = (n: number): number => n * 3600;

describe('a task table with a separate dependency list and task details (unseen/task-table.md)', () => {
  const { plan } = load('unseen/task-table.md');

  it('makes the seven rows seven actions, the details sections adding to them', () => {
    expect(plan.actions).toHaveLength(7);
    expect(Object.keys(plan.agents)).not.toContain('unassigned');
    expect(action(plan, 'build-batch-indexer').verify).toEqual(['pnpm test --filter indexer']);
  });

  it('reads all eight edges of the dependency list by task number', () => {
    expect(plan.actions.reduce((n, a) => n + a.needs.length, 0)).toBe(8);
    expect(action(plan, 'load-test-and-rollout').needs).toEqual(['build-batch-indexer', 'feature-flag-traffic-split', 'relevance-evaluation-harness']);
    expect(action(plan, 'relevance-evaluation-harness').needs).toEqual([]);
  });

  it('does not make the "Team:" roster an action', () => {
    expect(plan.actions.some((a) => a.id.includes('agents'))).toBe(false);
    for (const a of plan.actions) expect(a.prompt).toContain('Goal of the plan: Replace the Elasticsearch-backed search endpoint');
  });
});

describe('a messy document (unseen/messy.md)', () => {
  const { plan, warnings } = load('unseen/messy.md');

  it('cleans lossy emoji and bare numbers out of titles and ids', () => {
    expect(plan.actions.map((a) => a.id)).toEqual(['discovery', 'keycloak-integration', 'test-hardening-loop', 'frontend-login-screens']);
    expect(warnings.some((w) => w.startsWith('13: 3 character(s) were lost in an earlier lossy copy'))).toBe(true);
  });

  it('merges the dependency summary table into the workstreams and names both lines where they disagree', () => {
    expect(action(plan, 'frontend-login-screens').needs).toEqual(['keycloak-integration']);
    expect(warnings).toContain('56: "Frontend login screens": dependencies at line 43 ("None – can start immediately with mocked OIDC") and line 56 ("Keycloak Integration") disagree; keeping both (the stricter)');
  });

  it('retries the hardening loop while its test command fails, at most three rounds', () => {
    expect(action(plan, 'test-hardening-loop')).toMatchObject({ retries: 2, verify: ['npm run test:auth'] });
  });
});

describe('week roadmaps with role blocks (unseen/weeks-roles.md)', () => {
  const { plan } = load('unseen/weeks-roles.md');

  it('reads plain "Estimate:" and "Depends on:" lines inside checklists', () => {
    expect(action(plan, 'platform-engineer-foundations').estimateS).toBe(hours(16));
    expect(action(plan, 'service-developer-production-rollout').needs).toEqual(['platform-engineer-production-rollout']);
    expect(action(plan, 'sre-production-rollout').needs).toEqual(['service-developer-production-rollout']);
  });

  it('makes the Release Manager\'s week 1 sign-off the approval of week 2', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true]);
  });
});

describe('a German plan whose go/no-go list comes before the work of its phase (unseen/de-sprint.md)', () => {
  it('guards that phase with the approval', () => {
    const { plan } = load('unseen/de-sprint.md');
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false, true]);
  });
});

describe('a release train written by an AI planner (unseen2/release-train.md)', () => {
  const { plan, warnings } = load('unseen2/release-train.md');

  it('takes owners and reviewers from Owner:/Support: fields and adapters from the roles table', () => {
    expect(plan.actions).toHaveLength(11);
    expect(action(plan, 'mobile-sdk-release-candidate')).toMatchObject({ agent: 'mobile-engineer', review: 'qa-engineer' });
    expect(plan.agents['mobile-engineer']?.use).toBe('codex');
    expect(Object.keys(plan.agents).filter((id) => id.startsWith('qa'))).toEqual(['qa-engineer']);
    expect(Object.keys(plan.agents)).not.toContain('release-captain');
  });

  it('reads phase modes, and the go/no-go that ends phase 2 as phase 3\'s approval and phase 2\'s gate', () => {
    expect(plan.phases.map((p) => [p.mode, p.approve])).toEqual([['sequential', false], ['parallel', false], ['sequential', true]]);
    const gate = plan.phases[1]?.gate ?? [];
    expect(gate.map((g) => g.run).filter((run) => !run.startsWith('echo'))).toEqual(['npm run test:regression -- --env=staging']);
    expect(gate.find((g) => g.metric === 'dispatch_p95_latency')).toMatchObject({ target: { op: '<=', value: 250 }, baseline: 310 });
  });

  it('keeps the stricter of the diagram and the text, naming both lines', () => {
    expect(action(plan, 'digest-email-templates').needs).toEqual(['freeze-feature-flags', 'harden-the-batch-push-dispatcher']);
    expect(warnings.some((w) => w.startsWith('33: "Digest email templates": dependencies at line 109'))).toBe(true);
    expect(warnings.filter((w) => w.includes('disagree'))).toHaveLength(1);
  });

  it('reads ⏱ time-boxes, risk dots and stated checks, and keeps rollback commands out of them', () => {
    expect(action(plan, 'harden-the-batch-push-dispatcher')).toMatchObject({ timeboxS: hours(3), estimateS: hours(3), risk: 'high', priority: 'critical' });
    expect(action(plan, 'cut-the-release-branch').verify).toEqual(['git ls-remote --exit-code --heads origin release/2025.06']);
    expect(action(plan, 'publish-the-changelog-and-customer-notes').verify).toEqual([]);
    expect(warnings.filter((w) => w.includes('"Rollback point" is not mapped')).map((w) => w.split(':')[0])).toEqual(['80', '135', '174']);
  });
});

describe('a Spanish kanban plan (unseen2/kanban-es.md)', () => {
  const { plan, warnings } = load('unseen2/kanban-es.md');

  it('makes one agent per role however it is spelled, and no agent of the Product Owner', () => {
    expect(Object.keys(plan.agents).filter((id) => id !== 'shell').sort()).toEqual(['desarrollador-backend', 'desarrolladora-frontend', 'devops', 'ingeniero-qa']);
    expect(action(plan, 'adaptador-ses-en-notification-service')).toMatchObject({ agent: 'desarrollador-backend', review: 'ingeniero-qa' });
  });

  it('reads "Tarea N" numbers, Spanish durations and a wait it cannot express', () => {
    expect(plan.actions).toHaveLength(8);
    expect(action(plan, 'prueba-de-carga').estimateS).toBe(hours(4));
    expect(action(plan, 'apagar-sendgrid').needs).toEqual(['rollout-por-porcentaje']);
    expect(warnings.some((w) => w.startsWith('103: dependency "2 semanas sin incidencias" is a wait'))).toBe(true);
  });

  it('makes the Product Owner\'s OK the approval of phase 3 and the success criteria its gate', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false, true]);
    expect(plan.phases[2]?.gate.find((g) => g.metric === 'bounce_rate')).toMatchObject({ target: { op: '<', value: 2 }, baseline: 3.1 });
  });
});

describe('action items after an incident (unseen2/incident-followup.md)', () => {
  const { plan, warnings } = load('unseen2/incident-followup.md');

  it('makes each item an action, none for the struck-through one, and drops the need of it', () => {
    expect(plan.actions).toHaveLength(8);
    expect(action(plan, 'circuit-breaker-around-the-adyen-client').needs).toEqual(['fix-retry-storm-in-payments-client-go']);
    expect(warnings.some((w) => w.startsWith('16: action item 4 is struck through'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('19:') && w.includes('cancelled'))).toBe(true);
  });

  it('gives handles their roles, makes the one who reviews a reviewer, and marks the done item', () => {
    expect(action(plan, 'circuit-breaker-around-the-adyen-client')).toMatchObject({ agent: 'backend', review: 'erin' });
    expect(action(plan, 'revert-the-hotfix-pool-back-to-50-hpa-min-back').provides).toEqual(['complete:revert-the-hotfix-pool-back-to-50-hpa-min-back']);
    expect(warnings.filter((w) => w.includes('is given no role')).map((w) => w.split(':')[0])).toEqual(['14', '20']);
  });

  it('turns "done =" into gate checks and reports the plan-wide time-box', () => {
    expect(plan.phases[0]?.gate.map((g) => g.run)[0]).toBe('make test-payments');
    expect(warnings.some((w) => w.startsWith('5: time-box for the whole plan'))).toBe(true);
  });
});

describe('a monorepo migration in stages with tables, points and a loop (unseen2/monorepo-migration.md)', () => {
  const { plan, warnings } = load('unseen2/monorepo-migration.md');

  it('orders stages as written: C beside B, D after both, D a bounded loop, D and E approved', () => {
    expect(plan.phases.map((p) => p.after)).toEqual([[], ['stage-a-workspace-foundations'], ['stage-a-workspace-foundations'], ['stage-b-shared-libraries', 'stage-c-applications'], ['stage-d-canary']]);
    expect(plan.phases[3]).toMatchObject({ mode: 'loop', maxIterations: 5, approve: true });
    expect(plan.phases[4]?.approve).toBe(true);
  });

  it('reads story points at the scale the document defines and the typo of a team', () => {
    expect(action(plan, 'root-nx-workspace-skeleton-nx-json-tsconfig-base').estimateS).toBe(hours(12));
    expect(warnings).toContain('48: role "Platfrom" read as "Platform" (a one-letter difference)');
    expect(action(plan, 'history-preserving-import-script-git-filter-repo')).toMatchObject({ agent: 'platform', verify: ['./tools/import-repo.sh --dry-run web-app'] });
  });

  it('puts the SLO table on the gate of the stage it names, with its commands', () => {
    const gate = plan.phases[3]?.gate ?? [];
    expect(gate.find((g) => g.metric === 'ci_p50_time_per_pr')).toMatchObject({ run: './scripts/slo.sh ci-p50', target: { op: '<=', value: 8 }, baseline: 14 });
    expect(plan.phases[4]?.gate).toEqual([]);
  });

  it('does not call a critical path that names part of the dependencies a disagreement', () => {
    expect(action(plan, 'apps-web-app').needs).toEqual(['packages-ui-kit', 'packages-api-client']);
    expect(warnings.filter((w) => w.includes('disagree'))).toEqual([]);
  });
});

describe('a GitHub tracking issue (unseen3/gh-epic.md)', () => {
  const { plan, warnings } = load('unseen3/gh-epic.md');

  it('makes each open issue an action owned by the role its handle has in the who\'s-who table', () => {
    expect(plan.actions).toHaveLength(12);
    expect(Object.keys(plan.agents).filter((id) => id !== 'shell').sort()).toEqual(['backend-engineer', 'frontend-engineer', 'sre', 'technical-writer']);
    expect(warnings.some((w) => w.startsWith('36: action item #417 is struck through'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('24: @dana (VP Engineering) is a person'))).toBe(true);
  });

  it('reads "blocked by #n", the dependency list and the size legend', () => {
    expect(action(plan, 'load-test-at-2x-peak-with-k6').needs).toEqual(['x-ratelimit-and-retry-after-response-headers', 'grafana-dashboard-429-rate-alert']);
    expect(action(plan, 'token-bucket-middleware-in-gateway-ratelimit').estimateS).toBe(hours(40));
    expect(warnings.some((w) => w.startsWith('35:') && w.includes('acme/infra#88'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('64: "Tenant limits config'))).toBe(true);
  });

  it('makes the go/no-go before milestone 3 its approval, its measurable items milestone 2\'s gate', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false, true]);
    expect(plan.phases[1]?.gate.map((g) => g.run)).toContain('make test-gateway');
  });
});

describe('a French plan with tracks, a dependency table and a committee (unseen3/fr-sso.md)', () => {
  const { plan, warnings } = load('unseen3/fr-sso.md');

  it('makes one agent per role, inclusive spellings and a typo included, and none of the project lead', () => {
    expect(Object.keys(plan.agents).filter((id) => id !== 'shell')).toHaveLength(5);
    expect(action(plan, 'b1-audit-du-code-d-authentification').review).toBe('architecte-securite');
    expect(warnings.some((w) => w.startsWith('16: "Chef de projet" is a person'))).toBe(true);
  });

  it('puts the committee\'s approval on phase 3, and names both lines where the table disagrees', () => {
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false, true]);
    expect(warnings.some((w) => w.startsWith('114: "C1. Cahier de recette": dependencies at line 93'))).toBe(true);
  });
});

describe('a data-migration runbook (unseen3/runbook-orders-db.md)', () => {
  const { plan, warnings } = load('unseen3/runbook-orders-db.md');

  it('makes each cutover step an action of its role, in order, checked by its Check: command', () => {
    const close = action(plan, 'close-the-window');
    expect(close.needs).toEqual(['watch-the-dashboards-for-an-hour']);
    expect(action(plan, 'announce-the-maintenance-window')).toMatchObject({ agent: 'sre', estimateS: 5 * 60, verify: ['./bin/statuspage get orders | grep -q maintenance'] });
    expect(warnings.filter((w) => w.includes('"If this fails" is not mapped'))).toHaveLength(7);
  });

  it('merges the section of a timeline row into it, and reports what it cannot express', () => {
    expect(plan.actions.filter((a) => a.id.startsWith('cdc-pipeline'))).toHaveLength(1);
    expect(warnings.some((w) => w.startsWith('20: the table\'s start and end dates are not read'))).toBe(true);
    expect(warnings.some((w) => w.startsWith('102: "Delete the MySQL instance": "not before Nov 1'))).toBe(true);
  });
});

describe('an AI planner\'s swarm plan with a file-ownership table (unseen4/swarm-invoices.md)', () => {
  const { plan, warnings } = load('unseen4/swarm-invoices.md');

  it('leases each agent\'s paths from the "May write" column to its actions', () => {
    const [first] = plan.actions;
    expect(first?.files).toEqual(['services/billing/**', 'openapi/billing.yaml', 'handoff/agent1.md']);
    expect(plan.agents['agent-2']?.use).toBe('codex');
  });

  it('reports an approval that belongs to no phase instead of dropping it', () => {
    expect(warnings.some((w) => w.startsWith('106: "Approval: Ines signs off'))).toBe(true);
  });
});

describe('a German sprint plan written as one table per day (unseen4/sprint-export-de.md)', () => {
  const { plan } = load('unseen4/sprint-export-de.md');

  it('reads "Wer" as the owner, time slots as estimates, and a dash as no dependency', () => {
    expect(action(plan, 'api-endpunkt-post-reports-id-export-entwerfen')).toMatchObject({ agent: 'backend-agent', estimateS: 2.75 * 3600 });
    expect(action(plan, 'export-job-streaming-csv-xlsx-implementieren').needs).toEqual(['api-endpunkt-post-reports-id-export-entwerfen', 'bibliothek-fur-xlsx-wahlen-exceljs-vs-sheetjs']);
    expect(Object.keys(plan.agents)).not.toContain('frontend-agent-backend-agent');
  });
});
