/**
 * Shapes a review found mapped wrongly: numbering that restarts per phase, one title under two parents, plain
 * lines that are steps, work that mentions an approval, loops in prose, cycles and phase statements.
 */
import { describe, expect, it } from 'vitest';
import { action, doc, imported, warningsOf } from '../../test/support/imported.js';

describe('work that looks alike but is not the same', () => {
  it('keeps task tables that number their rows from 1 in every phase apart', () => {
    const table = (rows: string[]): string[] => ['| # | Task | Owner | Estimate |', '|---|---|---|---|', ...rows];
    const { plan } = imported(doc('## Phase 1: Build', ...table(['| 1 | Schema | Data Engineer | 2d |', '| 2 | Loader | Data Engineer | 1d |']), '## Phase 2: Launch', ...table(['| 1 | Canary | SRE Engineer | 1d |', '| 2 | Full rollout | SRE Engineer | 2d |'])));
    expect(plan.phases.map((p) => p.actions)).toEqual([['schema', 'loader'], ['canary', 'full-rollout']]);
  });

  it('keeps two headings of one title under different parents as two pieces of work', () => {
    const { plan } = imported(doc('## Phase 1: Build', '### Backend', '#### Setup', '- [ ] Install Python deps', '### Frontend', '#### Setup', '- [ ] Install node modules'));
    expect(plan.actions.map((a) => a.id)).toEqual(['setup', 'setup-2']);
  });

  it('keeps plain checklist lines that are not fields as steps', () => {
    const { plan } = imported(doc('## Phase 1', '### Ship API (Backend Engineer)', '- [x] Implement endpoint', '- [ ] Verify: the endpoint answers under load', '- [ ] Backup: snapshot the database first'));
    const ship = action(plan, 'ship-api');
    expect(ship.provides).toEqual([]);
    expect(ship.review).toBeUndefined();
    expect(ship.prompt).toContain('- [ ] Verify: the endpoint answers under load');
    expect(ship.prompt).toContain('- [ ] Backup: snapshot the database first');
  });

  it('keeps work that mentions an approval as work', () => {
    const { plan } = imported(doc('## Phase 1', '### Approvals feature (Backend Engineer)', '- [ ] Add the approval state to the expense model', '- [ ] Fix the sign-off email template', '- [x] Approve pending Dependabot PRs', '## Phase 2', '### Launch (SRE Engineer)', '- [ ] Flip the flag'));
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false]);
    expect(action(plan, 'approvals-feature').prompt).toContain('Fix the sign-off email template');
  });

  it('reads "Go/no-go for Phase 3" as the approval of phase 3', () => {
    const phase = (n: number, who: string, ...steps: string[]): string[] => [`## Phase ${n}`, `### Work ${n} (${who})`, ...steps];
    const { plan } = imported(doc(...phase(1, 'Backend Engineer', '- [ ] b'), ...phase(2, 'QA Engineer', '- [ ] beta', '- [ ] Go/no-go for Phase 3 with the SRE lead'), ...phase(3, 'SRE Engineer', '- [ ] l'), ...phase(4, 'SRE Engineer', '- [ ] c')));
    expect(plan.phases.map((p) => p.approve)).toEqual([false, false, true, false]);
  });

  it('keeps a stricter target in a later phase as a check of its own', () => {
    const { plan } = imported(doc('## Phase 1', '### Canary (SRE Engineer)', '- [ ] 5%', '### Success Criteria', '- Error rate < 1%', '## Phase 2', '### Full (SRE Engineer)', '- [ ] 100%', '### Success Criteria', '- Error rate < 0.1%'));
    expect(plan.phases.map((p) => p.gate.map((g) => g.target?.value))).toEqual([[1], [0.1]]);
  });

  it('does not read a roadmap\'s "first iteration … until March" as a loop', () => {
    const { plan } = imported(doc('## Phase 1: MVP', 'This is the first iteration of the product; we keep the scope frozen until the end of March.', '### API (Backend Engineer)', '- [ ] Build it'));
    expect(plan.phases[0]?.mode).not.toBe('loop');
  });

  it('does not read the heading of a roles table as a role, and takes only AI adapters from it', () => {
    const { plan, result } = imported(doc('## Roles', '| Role | Runs as |', '|---|---|', '| Backend Engineer | codex |', '| Ops Engineer | shell |', '## Phase 1', '### API (Backend Engineer)', '- [ ] a', '### Ops (Ops Engineer)', '- [ ] o'));
    expect(plan.agents['backend-engineer']?.use).toBe('codex');
    expect(plan.agents['ops-engineer']?.use).toBe('claude-code');
    expect(Object.keys(plan.agents)).not.toContain('roles');
    expect(warningsOf(result).some((w) => w.includes('"shell", which is not an AI adapter'))).toBe(true);
  });
});

describe('order stated in several places', () => {
  it('drops the need that closes a loop between two places, and says so', () => {
    const { plan, result } = imported(doc('## Phase 1', '### Task 1: Schema (Data Engineer)', '- [ ] s', '- [ ] **Depends on**: Task 2', '### Task 2: Loader (Data Engineer)', '- [ ] l', '## Dependencies', '- Task 2: depends on Task 1'));
    expect(action(plan, 'schema').needs.length + action(plan, 'loader').needs.length).toBe(1);
    expect(warningsOf(result).some((w) => w.includes('wait for each other'))).toBe(true);
  });

  it('reports work that depends on itself', () => {
    const { result } = imported(doc('## Phase 1', '### Task 1: Schema (Data Engineer)', '- [ ] s', '## Dependencies', '- Task 1: depends on Task 1'));
    expect(warningsOf(result).some((w) => w.includes('"Schema" depends on itself'))).toBe(true);
  });

  it('keeps the order of phases when a statement names a later phase, and reads work a phase waits for', () => {
    const phases = ['## Phase 1', '### Schema (Data Engineer)', '- [ ] s', '### Docs (Tech Writer)', '- [ ] d', '## Phase 2', '### Tests (QA Engineer)', '- [ ] t', '## Phase 3', '### Deploy (SRE Engineer)', '- [ ] d'];
    const later = imported(doc(...phases, '## Dependencies', '- Phase 2: depends on Phase 3'));
    expect(later.plan.phases.map((p) => p.after)).toEqual([[], ['phase-1'], ['phase-2']]);
    expect(warningsOf(later.result).some((w) => w.includes('Phase 2 depends on Phase 3, which is not an earlier phase'))).toBe(true);
    const work = imported(doc(...phases, '## Dependencies', '- Phase 2: depends on Schema'));
    expect(action(work.plan, 'tests').needs).toEqual(['schema']);
    expect(work.plan.phases[1]?.after).toEqual(['phase-1']);
  });

  it('adds a critical path to the order days and phases imply instead of replacing it', () => {
    const days = imported(doc('## Week 1: Phase 1 - Build', '### Day 1: Schema (Data Engineer)', '- [ ] s', '### Day 2: API (Backend Engineer)', '- [ ] a', '### Day 3: UI (Frontend Engineer)', '- [ ] u', '## Critical path', 'Schema → UI'));
    expect(action(days.plan, 'ui').needs).toEqual(expect.arrayContaining(['schema', 'api']));
    const phases = imported(doc('## Phase 1', '### Schema (Data Engineer)', '- [ ] s', '## Phase 2', '### Docs (Tech Writer)', '- [ ] d', '## Phase 3', '### Launch (SRE Engineer)', '- [ ] l', '## Critical path', 'Phase 1 → Phase 3'));
    expect(phases.plan.phases[2]?.after).toEqual(expect.arrayContaining(['phase-2']));
  });

  it('starts a phase beside another, and the next waits for every phase still open', () => {
    const phase = (n: number, note = ''): string[] => [`## Phase ${n}${note}`, `### Work ${n} (Data Engineer)`, `- [ ] w${n}`];
    const earlier = imported(doc(...phase(1), ...phase(2, ' (in parallel with Phase 3)'), ...phase(3)));
    expect(earlier.plan.phases.map((p) => p.after)).toEqual([[], ['phase-1'], ['phase-1']]);
    const wide = imported(doc(...phase(1), ...phase(2), ...phase(3), ...phase(4, ' (runs in parallel with Phase 2)'), ...phase(5)));
    expect(wide.plan.phases[3]?.after).toEqual(['phase-1']);
    expect(wide.plan.phases[4]?.after).toEqual(['phase-2', 'phase-3', 'phase-4']);
  });

  it('reads an approval "before Phase 2" as phase 2\'s, wherever it is written', () => {
    const { plan } = imported(doc('## Phase 1', '- [ ] Build the API', '', '**Approval:** Security lead signs off on the build before Phase 2 starts', '', '## Phase 2', '- [ ] Flip the flag'));
    expect(plan.phases.map((p) => p.approve)).toEqual([false, true]);
  });

  it('reads a points column at the scale the document gives, and calls duplicate numbers ambiguous', () => {
    const { plan } = imported(doc('One point is half a day.', '## Phase 1', '| Task | Owner | Points |', '|---|---|---|', '| Schema | Data Engineer | 3 |'));
    expect(action(plan, 'schema').estimateS).toBe(12 * 3600);
    const dup = imported(doc('## Phase 1', '| # | Task | Owner |', '|---|---|---|', '| 2 | A | Data Engineer |', '| 2 | B | Data Engineer |', '| 3 | C | Data Engineer |', '## Dependencies', '- Task 3: depends on Task 2'));
    expect(warningsOf(dup.result).some((w) => w.includes('could be any of the work numbered 2'))).toBe(true);
  });

  it('reads negated targets the right way round', () => {
    const { plan } = imported(doc('## Phase 1', '### Ship (SRE Engineer)', '- [ ] ship', '### Success Criteria', '- p95 latency not above 250 ms', '- Error rate no higher than 1%', '- Coverage not below 80%'));
    expect(plan.phases[0]?.gate.map((g) => `${g.target?.op ?? ''} ${g.target?.value ?? ''}`)).toEqual(['<= 250', '<= 1', '>= 80']);
  });
});

describe('roles and owners that only look alike', () => {
  it('keeps "Track A" and "Track B", and names that differ by a letter, as different roles', () => {
    const { plan, result } = imported(doc('## Phase 1', '### One (Track A)', '- [ ] a', '### Two (Track B)', '- [ ] b', '### Three (Juliana + Julian)', '- [ ] c'));
    expect(action(plan, 'one').agent).not.toBe(action(plan, 'two').agent);
    expect(action(plan, 'three').review).toBeDefined();
    expect(warningsOf(result).filter((w) => w.includes('read as'))).toEqual([]);
  });

  it('makes no agent of an owner still to be decided, and none of an unknown label', () => {
    const { plan, result } = imported(doc('## Phase 1', '### Cache (Owner: TBD)', '- [ ] c', '### Docs (Owner: Alice, ETA: Friday)', '- [ ] d'));
    expect(action(plan, 'cache').agent).toBe('unassigned');
    expect(Object.keys(plan.agents).some((id) => id.includes('eta'))).toBe(false);
    expect(warningsOf(result).some((w) => w.includes('"Cache" names no owner'))).toBe(true);
  });
});

describe('a second review\'s cases', () => {
  it('starts a new phase after a go/no-go and at a section that says when, in a document without phases', () => {
    const { plan } = imported(
      doc('# Runbook', '## Preparation', '- [ ] Convert the schema (DBA) — 2h', '- [ ] Write the shim (Backend Dev) — 1h', '## Go / No-Go', '- [ ] Rehearsal passed', '## Cutover (strictly in order)', '1. Freeze writes (Backend Dev) — 5 min', '2. Switch over (DBA) — 10 min', '## After the window', '- [ ] Delete the old instance (DBA) — 1h'),
    );
    expect(plan.phases.map((p) => [p.actions.length, p.approve])).toEqual([[2, false], [2, true], [1, false]]);
    expect(action(plan, 'switch-over').needs).toEqual(['freeze-writes']);
  });

  it('takes no work from rollback plans, risk registers or contact lists that name roles', () => {
    const { plan } = imported(doc('## Phase 1', '### Migrate (DBA Engineer)', '- [ ] migrate', '### Rollback plan (only if the migration fails)', '1. Revert the deploy (SRE) — 5 min', '2. Restore the snapshot (Backend Engineer)', '### Escalation contacts', '- Primary: Femi (SRE)', '- Secondary: Ana (Backend Engineer)'));
    expect(plan.actions.map((a) => a.id)).toEqual(['migrate']);
  });

  it('keeps a sentence that leads into a list from retitling it, and a lead from outliving a table', () => {
    const { plan } = imported(doc('## Phase 1', '### Prep (QA Engineer)', '- [ ] p', '## Phase 2', 'Before the go/no-go meeting, the team prepares:', '', '- [ ] Collect the numbers', '- [ ] Write the summary'));
    expect(plan.phases[1]?.actions).toHaveLength(1);
    expect(plan.phases[1]?.approve).toBe(false);
  });

  it('reads a Name | Team table as tasks, not as people', () => {
    const { plan } = imported(doc('# Plan', '| Name | Team | Estimate |', '|---|---|---|', '| Schema | Data Engineer | 1d |', '| Loader | Data Engineer | 2d |'));
    expect(plan.actions.map((a) => a.id)).toEqual(['schema', 'loader']);
  });

  it('guards the phase after the one a decision is about, and reads common sign-offs as approvals', () => {
    const phase = (n: number, ...lines: string[]): string[] => [`## Phase ${n}`, `### Work ${n} (QA Engineer)`, '- [ ] w', ...lines];
    const review = imported(doc(...phase(1, '- [ ] Sign-off for Phase 1 findings'), ...phase(2), ...phase(3)));
    expect(review.plan.phases.map((p) => p.approve)).toEqual([false, true, false]);
    const security = imported(doc(...phase(1, '- [ ] Security sign-off', '- [ ] Stakeholder approval'), ...phase(2)));
    expect(security.plan.phases.map((p) => p.approve)).toEqual([false, true]);
    expect(action(security.plan, 'work-1').prompt).not.toContain('Security sign-off');
  });

  it('reads a plain "Owner: Priya" as the owner, and no agents from components in parentheses', () => {
    const owner = imported(doc('## Phase 1', '### API', 'Owner: Priya', '', '- [ ] build'));
    expect(action(owner.plan, 'api').agent).toBe('priya');
    const parts = imported(doc('## Phase 1', '### Rollout (SRE Engineer)', '1. Enable the flag (EU, US) — 10 min', '2. Watch the graphs (EU, US) — 30 min'));
    expect(Object.keys(parts.plan.agents)).not.toContain('eu');
  });

  it('drops a need that goes backwards in a sequential phase', () => {
    const { plan, result } = imported(doc('## Phase 1 (Sequential)', '### Task 1: A (QA Engineer)', '- [ ] a', '### Task 2: B (QA Engineer)', '**Depends on:** Task 3', '- [ ] b', '### Task 3: C (QA Engineer)', '- [ ] c'));
    expect(action(plan, 'b').needs).toEqual([]);
    expect(warningsOf(result).some((w) => w.includes('comes after it in the sequential'))).toBe(true);
  });

  it('does not run a query column, and reads "never above" and "must not exceed"', () => {
    const { plan } = imported(doc('## Phase 1', '### Ship (SRE Engineer)', '- [ ] s', '### Success metrics', '| Metric | Baseline | Target | Query |', '|---|---|---|---|', '| Orders | 10 | ≥ 20 | `SELECT count(*) FROM orders WHERE day = today` |', '', '- p99 latency never above 300 ms', '- p95 latency must not exceed 250 ms'));
    const gate = plan.phases[0]?.gate ?? [];
    expect(gate[0]?.run.startsWith('echo')).toBe(true);
    expect(gate.slice(1).map((g) => `${g.target?.op ?? ''} ${g.target?.value ?? ''}`)).toEqual(['<= 300', '<= 250']);
  });

  it('keeps a corrected title, and lets a details section find its row by title when numbers repeat', () => {
    const corrected = imported(doc('## Phase 1', '- [ ] ~~Redis~~ Memcached for the cache (@alice)', '- [ ] Warm the cache (@bob)'));
    expect(corrected.plan.actions).toHaveLength(2);
    const table = (rows: string[]): string[] => ['| # | Task | Owner |', '|---|---|---|', ...rows];
    const details = imported(doc('## Phase 1', ...table(['| 1 | Write the code | Backend Engineer |']), '## Phase 2', ...table(['| 1 | Write the docs | Tech Writer |']), '## Task details', '### Task 1: Write the docs', '- [ ] Cover the API'));
    expect(action(details.plan, 'write-the-docs').prompt).toContain('Cover the API');
  });
});

describe('a last review\'s cases', () => {
  it('keeps a rollback list led by a sentence out of the work', () => {
    const { plan, result } = imported(doc('## Cutover (in order)', '1. Stop writers (SRE) — 5 min', '2. Promote the replica (DBA) — 10 min', '', 'If the promotion fails, roll back:', '', '1. Demote the replica (DBA) — 10 min', '2. Restart writers (SRE) — 5 min'));
    expect(plan.actions.map((a) => a.id)).toEqual(['stop-writers', 'promote-the-replica']);
    expect(warningsOf(result).some((w) => w.includes('is not work to do now'))).toBe(true);
  });

  it('guards the phase a go/no-go is written before, and the next after a sign-off for the phase just done', () => {
    const phase = (n: number, ...lines: string[]): string[] => [`## Phase ${n}`, `### Work ${n} (QA Engineer)`, '- [ ] w', ...lines];
    const ahead = imported(doc(...phase(1, '### Phase 2 go/no-go', '- [ ] Numbers reviewed'), ...phase(2), ...phase(3)));
    expect(ahead.plan.phases.map((p) => p.approve)).toEqual([false, true, false]);
    const done = imported(doc('## Phase 1', '- [ ] Build it', '', '**Approval:** DBA sign-off for Phase 1', '', ...phase(2)));
    expect(done.plan.phases.map((p) => p.approve)).toEqual([false, true]);
  });

  it('splits a document without phases at a pre-cutover go/no-go too', () => {
    const { plan } = imported(doc('# Runbook', '## Preparation', '- [ ] Convert the schema (DBA) — 2h', '- [ ] Write the shim (Backend Dev) — 1h', '## Pre-cutover go/no-go', '- [ ] Rehearsal passed', '## Migration', '- [ ] Copy the rows (DBA) — 1h', '- [ ] Switch reads (Backend Dev) — 1h'));
    expect(plan.phases.map((p) => [p.actions.length, p.approve])).toEqual([[2, false], [2, true]]);
  });

  it('reads owner cells with a slash in parentheses as one owner, night slots, and only paths as leases', () => {
    const { plan } = imported(doc('## Roles', '| Role | Owns |', '|---|---|', '| Network Engineer | `infra/dns/**` (read-only: `api/**`), the `POST /orders` endpoint |', '## Phase 1', '| Zeit | Aufgabe | Wer |', '|---|---|---|', '| 23:00–01:30 | Switch DNS | Network Engineer (DNS / CDN) |'));
    const dns = action(plan, 'switch-dns');
    expect(dns.estimateS).toBe(2.5 * 3600);
    expect(dns.files).toEqual(['infra/dns/**']);
    expect(dns.review).toBeUndefined();
  });
});
