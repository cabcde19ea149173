import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Collector } from './collect-context.js';
import { actionItemParagraph } from './collect-item-lines.js';
import { dependencyList } from './collect-dependencies.js';
import { actionItems } from './collect-items.js';
import type { DraftAction } from './draft.js';
import { allSections, readOutline } from './outline.js';
import { resolveDependency, resolveSubject } from './resolve-refs.js';
import { sizeLegendIn } from './size-legend.js';
import type { SizeLegend } from './size-legend.js';

const fixtures = new URL('../../test/fixtures/import/', import.meta.url);

interface Read {
  readonly c: Collector;
  /** What `actionItems` returned for the section's first list. */
  readonly made: DraftAction[] | undefined;
  /** What `actionItemParagraph` returned, by line, for the paragraph lines after it. */
  readonly paragraphs: Map<number, boolean>;
  readonly byNumber: (number: string) => DraftAction;
  readonly warned: (line: number) => string[];
}

/**
 * Reads the list of the section titled `title` (the document's last section by default) and the lines after it;
 * `sizes` is the size legend given to the reader.
 */
function read(markdown: string, title?: string, sizes?: SizeLegend): Read {
  const c = new Collector();
  const sections = allSections(readOutline(markdown));
  const section = title === undefined ? sections.at(-1) : sections.find((s) => s.title === title);
  if (section === undefined) throw new Error(`no section ${title ?? ''}`);
  const phaseFor = (line: number): ReturnType<Collector['mainPhase']> => c.mainPhase(line);
  let made: DraftAction[] | undefined;
  let listed = false;
  const paragraphs = new Map<number, boolean>();
  for (const block of section.blocks) {
    if (block.kind === 'list' && !listed) {
      listed = true;
      made = actionItems(c, block, { order: 'test', trail: [section.title] }, { phase: undefined, name: section.title }, phaseFor, sizes);
    } else if (block.kind === 'paragraph' && made !== undefined) {
      const done = made;
      block.text.split('\n').forEach((text, i) => paragraphs.set(block.line + i, actionItemParagraph(c, text, block.line + i, done, phaseFor)));
    }
  }
  const byNumber = (number: string): DraftAction => {
    const found = c.actions().find((a) => a.number === number);
    if (found === undefined) throw new Error(`no action #${number}`);
    return found;
  };
  const warned = (line: number): string[] => c.draft.warnings.filter((w) => w.line === line).map((w) => w.message);
  return { c, made, paragraphs, byNumber, warned };
}

const refsOf = (action: DraftAction): string[][] => action.dependencies.map((d) => d.refs.map((r) => `${r.kind} ${r.ref}`));

const epicText = readFileSync(new URL('unseen3/gh-epic.md', fixtures), 'utf8');

interface Epic {
  readonly c: Collector;
  /** What `actionItems` returned, by the line of each list. */
  readonly lists: Map<number, DraftAction[] | undefined>;
  readonly byNumber: (number: string) => DraftAction;
  readonly warned: (line: number) => string[];
  /** The issue numbers an action's own needs resolve to. */
  readonly needs: (number: string) => string[];
}

/**
 * Reads every list of the tracking issue as collect-group.ts does: as action items when they are, the
 * Dependencies list as a dependency list. `handles` stands for what a roles table reader puts in `c.handles`.
 */
function readEpic(sizes: SizeLegend | undefined, handles: Readonly<Record<string, string>> = {}): Epic {
  const c = new Collector();
  for (const [handle, role] of Object.entries(handles)) c.handles.set(handle, c.addRole(role, 19));
  const lists = new Map<number, DraftAction[] | undefined>();
  for (const section of allSections(readOutline(epicText))) {
    for (const block of section.blocks) {
      if (block.kind !== 'list') continue;
      const scope = { order: 'test', trail: [section.title] };
      const made = actionItems(c, block, scope, { phase: undefined, name: section.title }, (line) => c.mainPhase(line), sizes);
      lists.set(block.line, made);
      if (made === undefined && section.title.startsWith('Dependencies')) dependencyList(c, block, scope);
    }
  }
  const byNumber = (number: string): DraftAction => {
    const found = c.actions().find((a) => a.number === number);
    if (found === undefined) throw new Error(`no action #${number}`);
    return found;
  };
  const needs = (number: string): string[] => {
    const action = byNumber(number);
    return action.dependencies.flatMap((dep) => [...resolveDependency(c.draft, action, dep, []).actions].map((a) => a.number ?? '?'));
  };
  const warned = (line: number): string[] => c.draft.warnings.filter((w) => w.line === line).map((w) => w.message);
  return { c, lists, byNumber, warned, needs };
}

describe('reading a GitHub tracking issue (unseen3/gh-epic.md)', () => {
  const legend = sizeLegendIn(epicText);
  const epic = readEpic(legend);
  const { c, byNumber, warned, needs } = epic;
  const numbers = (): string[] => c.actions().map((a) => a.number ?? '');

  it('takes the three milestone lists as action items, and not the go/no-go list or the Dependencies list', () => {
    expect([...epic.lists].map(([line, made]) => [line, made?.length])).toEqual([
      [30, 4],
      [42, 6],
      [52, undefined],
      [59, 2],
      [64, undefined],
    ]);
  });

  it('numbers each action by its issue, so that "#416" elsewhere finds it', () => {
    expect(numbers()).toEqual(['413', '415', '416', '418', '420', '421', '422', '423', '424', '425', '426', '427']);
    expect(c.actions().map((a) => a.lines[0])).toEqual([30, 31, 33, 34, 42, 43, 44, 46, 47, 49, 59, 60]);
    const found = resolveSubject(c.draft, '#416');
    expect(found !== undefined && 'found' in found ? found.found.map((a) => a.title) : []).toEqual(['Tenant limits config: schema + loader for `tenants.yaml`']);
  });

  // Line 36 strikes through only "#417 Sliding-window fallback", the item's title: it is cancelled all the same.
  it('makes no action for the struck-through #417', () => {
    expect(numbers()).not.toContain('417');
  });

  it('cancels a struck-through issue, with why, and drops a need of it', () => {
    const doc = read('## M1\n\n- [ ] #416 Loader (@sam) `M` — blocked by #417\n- [ ] ~~#417 Sliding-window fallback — dropped, the token bucket is enough~~\n- [ ] #418 Redis (@priya) `M`\n');
    expect(doc.c.actions().map((a) => a.number)).toEqual(['416', '418']);
    expect(doc.warned(4).join()).toMatch(/action item #417 is struck through \("dropped, the token bucket is enough"\): no action/u);
    expect(doc.warned(3).join()).toMatch(/comes after #417, which is cancelled \(line 4\); that need is dropped/u);
  });

  it('keeps titles to the task: no issue number, owner, size, status or tails', () => {
    expect(c.actions().filter((a) => a.number !== '417').map((a) => a.title)).toEqual([
      'Spike: token bucket in Redis vs. Envoy local rate limit',
      'Token-bucket middleware in `gateway/ratelimit`',
      'Tenant limits config: schema + loader for `tenants.yaml`',
      'Redis cluster for limits, 3 shards in eu-west-1',
      '`X-RateLimit-*` and `Retry-After` response headers',
      'Limits page in the admin console',
      'Grafana dashboard + 429-rate alert',
      'Public docs: "Rate limits" page + changelog entry',
      'Load test at 2x peak with k6',
      "Shadow mode in prod: count but don't block, for 48 h",
      'Enforce for all tenants, 10 % → 50 % → 100 %',
      'Email the top 20 tenants about their limits',
    ]);
    expect(byNumber('413').steps).toEqual([{ text: 'Spike: token bucket in Redis vs. Envoy local rate limit — decision: Redis + Lua, see PR #430', line: 30, done: true }]);
  });

  it('reads "blocked by #n" as needs that resolve to those issues, never to "PR #430"', () => {
    expect(['413', '415', '416', '418', '420', '421', '422', '423', '424', '425', '426', '427'].map((n) => [n, needs(n)])).toEqual([
      ['413', []],
      ['415', []],
      ['416', ['413']],
      ['418', []],
      ['420', ['415']],
      ['421', ['416']],
      ['422', ['415', '418']],
      ['423', ['420']],
      ['424', ['420', '422']],
      ['425', ['424']],
      ['426', ['425']],
      ['427', ['423']],
    ]);
    expect(byNumber('416').dependencies[0]?.text).toBe('blocked by #413');
  });

  it('lets the Dependencies list name the items by issue number', () => {
    const subjects = c.draft.statements.map((s) => {
      const found = resolveSubject(c.draft, s.subject);
      return [s.dependency.line, found !== undefined && 'found' in found ? found.found.map((a) => a.number) : []];
    });
    expect(subjects).toEqual([
      [64, ['416']],
      [65, ['421']],
      [66, ['424']],
    ]);
  });

  it('reports the issue of another repository as a blocker outside the plan, kept in the prompt and no need', () => {
    expect(byNumber('418').dependencies).toEqual([]);
    expect(byNumber('418').context).toContain('Blocked by acme/infra#88 (VPC peering, infra team owns it)');
    expect(byNumber('418').steps.map((s) => s.text)).toEqual(['Redis cluster for limits, 3 shards in eu-west-1']);
    expect(warned(35)).toEqual(['"Redis cluster for limits, 3 shards in eu-west-1" is blocked by acme/infra#88, an issue of another repository: baton cannot wait for it; kept in the prompt']);
  });

  it('reads a blocker of another repository written at the end of the item the same way', () => {
    const doc = read('## M1\n\n- [ ] #1 Peering (@priya) — blocked by #2, acme/infra#88\n- [ ] #2 VPC (@sam)\n');
    expect(refsOf(doc.byNumber('1'))).toEqual([['task 2']]);
    expect(doc.byNumber('1').context).toContain('Blocked by acme/infra#88');
    expect(doc.warned(3).join()).toMatch(/blocked by acme\/infra#88, an issue of another repository/u);
  });

  it("plans each T-shirt size at the legend's value, a range at its upper bound", () => {
    expect(c.actions().filter((a) => a.number !== '417').map((a) => [a.number, (a.estimate?.value ?? 0) / 3600])).toEqual([
      ['413', 4],
      ['415', 40],
      ['416', 16],
      ['418', 16],
      ['420', 4],
      ['421', 16],
      ['422', 16],
      ['423', 4],
      ['424', 16],
      ['425', 4],
      ['426', 16],
      ['427', 4],
    ]);
    expect(byNumber('416').estimate?.text).toBe('`M` (M = 1–2 days, line 26)');
    expect(c.draft.warnings.filter((w) => /size/iu.test(w.message))).toEqual([]);
  });

  it('warns once, and converts nothing, when no size legend is given', () => {
    const bare = readEpic(undefined);
    expect(bare.c.actions().filter((a) => a.estimate !== undefined)).toEqual([]);
    expect(bare.c.draft.warnings.filter((w) => /size/iu.test(w.message))).toEqual([
      { line: 30, message: 'T-shirt sizes ("`S`") are not converted: no size legend (like "S = ½ day, M = 1–2 days") was read; sized items have no estimate' },
    ]);
  });

  it('warns once for a size the legend does not define', () => {
    const doc = read('## M1\n\n- [ ] #1 A (@a) `XL`\n- [ ] #2 B (@b) [XL]\n- [ ] #3 C (@c) [S]\n', undefined, sizeLegendIn('S = 4h, M = 1d'));
    expect(doc.c.actions().map((a) => a.estimate?.value)).toEqual([undefined, undefined, 4 * 3600]);
    expect(doc.c.draft.warnings.filter((w) => /legend/u.test(w.message))).toEqual([
      { line: 3, message: 'size XL ("`XL`") is not in the size legend (line 1: S = 4h, M = 1d); items of that size have no estimate' },
    ]);
  });

  it('names an agent after each handle, with a warning, when no roles table gives their roles', () => {
    expect(c.actions().filter((a) => a.number !== '417').map((a) => a.owners[0])).toEqual(['priya', 'jlee', 'sam', 'priya', 'jlee', 'marta', 'priya', 'kofi', 'sam', 'jlee', 'jlee', 'kofi']);
    expect(c.draft.warnings.filter((w) => /given no role/u.test(w.message)).map((w) => w.line)).toEqual([30, 31, 33, 43, 46]);
    expect(byNumber('416').context).toContain('Owner in the document: @sam');
  });

  it("takes a handle's role from the roles table when the collector holds one", () => {
    const roled = readEpic(legend, { jlee: 'Backend Engineer', sam: 'Backend Engineer', priya: 'SRE', marta: 'Frontend Engineer', kofi: 'Technical Writer' });
    expect(roled.c.actions().filter((a) => a.number !== '417').map((a) => a.owners[0])).toEqual([
      'SRE',
      'Backend Engineer',
      'Backend Engineer',
      'SRE',
      'Backend Engineer',
      'Frontend Engineer',
      'SRE',
      'Technical Writer',
      'Backend Engineer',
      'Backend Engineer',
      'Backend Engineer',
      'Technical Writer',
    ]);
    expect(roled.c.draft.warnings.filter((w) => /given no role/u.test(w.message))).toEqual([]);
    expect(roled.byNumber('416').context).toContain('Owner in the document: @sam (Backend Engineer)');
  });

  it('takes stated and command-like checks as verify, never a path or a name in a code span', () => {
    expect(c.actions().filter((a) => a.verify.length > 0).map((a) => [a.number, a.verify.map((v) => v.value)])).toEqual([
      ['415', ['go test ./gateway/ratelimit/... -race']],
      ['422', ['promtool check rules deploy/alerts/ratelimit.yml']],
      ['424', ['k6 run load/ratelimit.js --vus 400']],
    ]);
  });

  it('marks the "[x]" issue done, and no other', () => {
    expect(c.actions().filter((a) => a.steps.every((s) => s.done === true)).map((a) => a.number)).toEqual(['413']);
  });
});

describe('reading the incident follow-ups (unseen2/incident-followup.md)', () => {
  const doc = read(readFileSync(new URL('unseen2/incident-followup.md', fixtures), 'utf8'), 'Action items');
  const { c, byNumber, warned } = doc;

  it('makes one action per item, 5b written after the list included, and none for the struck-through item 4', () => {
    expect(doc.made?.map((a) => a.number)).toEqual(['1', '2', '3', '5', '6', '7', '8']);
    expect(c.actions().map((a) => a.number)).toEqual(['1', '2', '3', '5', '6', '7', '8', '5b']);
    expect(c.actions().map((a) => a.lines[0])).toEqual([13, 14, 15, 17, 18, 19, 20, 23]);
    expect(warned(16).join()).toMatch(/item 4 is struck through \("cancelled, too big, tracked in INC-2280"\): no action/u);
  });

  it('keeps titles to the task: no owner, estimate, needs, status or checking command', () => {
    expect(c.actions().map((a) => a.title)).toEqual([
      'fix retry storm in `payments/client.go`',
      'add "retries/sec" + pool saturation panels to the payments dashboard',
      'revert the hotfix (pool back to 50, HPA min back to 12)',
      'load test the new retry behaviour against the Adyen sandbox with fault injection',
      'alert when retry rate > 5% for 5m',
      'circuit breaker around the Adyen client',
      'write the postmortem + customer comms',
      'same load test against the EU cluster',
    ]);
    expect(byNumber('1').steps[0]?.text).toBe('fix retry storm in `payments/client.go` — exp backoff + jitter, max 3 retries, honour Retry-After');
  });

  it('names agents by the role given and remembers it for the same handle later', () => {
    expect(c.actions().map((a) => [a.number, a.owners])).toEqual([
      ['1', ['backend']],
      ['2', ['bob']],
      ['3', ['SRE']],
      ['5', ['QA']],
      ['6', ['backend']],
      ['7', ['backend']],
      ['8', ['maria']],
      ['5b', ['QA']],
    ]);
    expect(byNumber('7').context).toContain('Owner in the document: @alice (backend)');
    expect([...c.draft.agents.values()].map((a) => a.name)).toEqual(['backend', 'bob', 'SRE', 'QA', 'maria', 'erin']);
  });

  it('warns once for each handle given no role, and only for those', () => {
    expect(warned(14).join()).toMatch(/@bob is given no role; the agent is named after the handle/u);
    expect(warned(20).join()).toMatch(/@maria is given no role/u);
    expect(c.draft.warnings.filter((w) => /given no role/u.test(w.message)).map((w) => w.line)).toEqual([14, 20]);
  });

  it('reads estimates at the end of an item', () => {
    expect(c.actions().map((a) => a.estimate?.text)).toEqual(['2h', '1h', undefined, '3h', '30m', '4h', '1h', '1h']);
    expect(byNumber('1').estimate?.value).toBe(7200);
  });

  it('reads "after #n" as needs and drops the need of the cancelled item with a warning naming both lines', () => {
    expect(refsOf(byNumber('1'))).toEqual([['task 3']]);
    expect(refsOf(byNumber('5'))).toEqual([['task 1']]);
    expect(refsOf(byNumber('7'))).toEqual([['task 1']]);
    expect(refsOf(byNumber('8'))).toEqual([['task 5', 'task 7']]);
    expect(refsOf(byNumber('5b'))).toEqual([['task 5']]);
    expect(warned(19).join()).toMatch(/comes after #4, which is cancelled \(line 16\); that need is dropped/u);
  });

  it('marks the "[DONE]" item done, so that a run skips it, and no other', () => {
    expect(byNumber('3').steps).toEqual([{ text: 'revert the hotfix (pool back to 50, HPA min back to 12)', line: 15, done: true }]);
    expect(c.actions().filter((a) => a.steps.every((s) => s.done === true)).map((a) => a.number)).toEqual(['3']);
  });

  it('takes command-like code spans as verify candidates, never a path', () => {
    expect(c.actions().map((a) => [a.number, a.verify.map((v) => v.value)])).toEqual([
      ['1', ['go test ./payments/... -run Retry -count=3']],
      ['2', []],
      ['3', []],
      ['5', ['k6 run load/retry-storm.js']],
      ['6', ['promtool check rules alerts/payments.yml']],
      ['7', ['go test ./payments/... -run Retry -count=3']],
      ['8', []],
      ['5b', []],
    ]);
    expect(byNumber('1').verify[0]?.line).toBe(25);
  });

  it('keeps an external blocker in the prompt and reports it', () => {
    expect(byNumber('8').context).toContain('Blocked: legal has to OK the customer wording, ping @ines');
    expect(warned(21).join()).toMatch(/baton cannot express an external blocker/u);
  });

  it('makes the reviewer a supporter of the items named, never their owner', () => {
    expect(byNumber('1').support).toEqual(['erin']);
    expect(byNumber('7').support).toEqual(['erin']);
    expect(c.actions().filter((a) => a.support.length > 0).map((a) => a.number)).toEqual(['1', '7']);
    expect(byNumber('1').lines).toEqual([13, 25, 29]);
  });

  it('reads the lines after the list that are about its items and leaves the others', () => {
    expect([...doc.paragraphs]).toEqual([
      [23, true],
      [25, true],
      [27, false],
      [29, true],
    ]);
  });
});

describe('recognising an action-item list', () => {
  const untouched = (doc: Read): void => {
    expect(doc.made).toBeUndefined();
    expect(doc.c.actions()).toEqual([]);
    expect(doc.c.draft.warnings).toEqual([]);
    expect(doc.c.draft.agents.size).toBe(0);
    expect(doc.c.mapped).toBe(0);
  };

  it('does not take an ordinary checklist', () => {
    untouched(read('## Tasks\n\n- [ ] Write the migration — 2h\n- [x] Review the schema\n- [ ] Deploy to staging, after the review\n'));
  });

  it('does not take a numbered step list whose lines start with a word and a colon', () => {
    untouched(read('## Steps\n\n1. Build: run `cargo build`\n2. Test: run `cargo test` — 1h\n3. Deploy: push the image\n'));
  });

  it('leaves "**Role**: …" items to the role-item reader', () => {
    untouched(read('## Work\n\n- **QA Engineer**: validate the release\n- **DevOps Engineer**: deploy it — 2h\n'));
  });

  it('does not take a list where only one item names an owner', () => {
    untouched(read('## Notes\n\n- @alice: look at the logs\n- write the docs\n- ship it\n'));
  });

  it('does not take a checklist that only mentions handles in its text, nor one with issue numbers and sizes but no owners', () => {
    untouched(read('## Tasks\n\n- [ ] ask @dana about the limits\n- [ ] sync with @sam on the schema — 1h\n- [ ] review it (cc @kofi)\n'));
    untouched(read('## Tasks\n\n- [ ] #12 Write the docs `S`\n- [ ] #13 Ship it `M` — blocked by #12\n'));
  });

  it('does not take a roster of handles and roles', () => {
    untouched(read('## Team\n\n- @jlee: Backend Engineer\n- @priya: SRE\n- @kofi: Technical Writer\n'));
    untouched(read('## Team\n\n- Backend Engineer (@jlee)\n- SRE — @priya\n'));
  });

  it('takes owners written after the title, "(@x)" or "— @x (role)"', () => {
    const doc = read('## Follow-ups\n\n- [ ] Write the runbook — @alice (SRE)\n- [ ] Rotate the keys (@bob) [M] — after #1\n- [ ] Tidy the wiki\n');
    expect(doc.c.actions().map((a) => [a.title, a.owners])).toEqual([
      ['Write the runbook', ['SRE']],
      ['Rotate the keys', ['bob']],
      ['Tidy the wiki', []],
    ]);
  });

  it('does not take a checklist whose items start with roles rather than handles', () => {
    untouched(read('## Tasks\n\n- [ ] QA Engineer: test the login\n- [ ] DevOps Engineer: deploy\n'));
  });

  it('takes "[ ] @x" checklist items, a checked one done', () => {
    const doc = read('## Follow-ups\n\n- [ ] @alice (backend): add the index — 1h\n- [x] @bob (ops): rotate the keys\n');
    expect(doc.c.actions().map((a) => [a.title, a.owners, a.steps[0]?.done])).toEqual([
      ['add the index', ['backend'], false],
      ['rotate the keys', ['ops'], true],
    ]);
  });

  it('takes roles written before a colon, "on-call" included', () => {
    const doc = read('## Action items\n\n1. @alice (backend): fix the pool\n2. SRE: page the vendor\n3. backend on-call: watch the alerts\n');
    expect(doc.c.actions().map((a) => a.owners)).toEqual([['backend'], ['SRE'], ['backend']]);
  });
});

describe('reading action items', () => {
  it('remembers a role given to a handle further down the list', () => {
    const doc = read('## Action items\n\n1. @alice: write the runbook\n2. @alice (backend): fix the bug\n3. @bob (qa): test it, after #2\n');
    expect(doc.c.actions().map((a) => a.owners)).toEqual([['backend'], ['backend'], ['qa']]);
    expect(doc.c.draft.warnings).toEqual([]);
  });

  it('reads "(done)", "✅" and "cancelled" written as words, and ", 2h" estimates', () => {
    const doc = read(
      '## Action items\n\n1. @a (dev): first — 1h (done)\n2. @a: second ✅\n3. @b (ops): third — cancelled, not needed\n4. @b: fourth, 2h, after #3 and #1\n',
    );
    expect(doc.c.actions().map((a) => [a.number, a.title, a.steps[0]?.done, a.estimate?.text])).toEqual([
      ['1', 'first', true, '1h'],
      ['2', 'second', true, undefined],
      ['4', 'fourth', undefined, '2h'],
    ]);
    expect(refsOf(doc.byNumber('4'))).toEqual([['task 1']]);
    expect(doc.warned(5).join()).toMatch(/item 3 is cancelled \("cancelled, not needed"\)/u);
    expect(doc.warned(6).join()).toMatch(/comes after #3, which is cancelled \(line 5\)/u);
  });

  it('does not read "dropped requests" as a cancellation', () => {
    const doc = read('## Action items\n\n1. @a (dev): fix the retries, dropped requests are replayed\n2. @b (qa): test it\n');
    expect(doc.c.actions().map((a) => a.title)).toEqual(['fix the retries, dropped requests are replayed', 'test it']);
  });

  it('reports a number after the list that names no item', () => {
    const doc = read('## Action items\n\n1. @a (dev): fix it\n2. @b (qa): test it\n\nverify for #1 and #9: `npm test`\n');
    expect(doc.byNumber('1').verify.map((v) => v.value)).toEqual(['npm test']);
    expect(doc.warned(6).join()).toMatch(/#9 names no action item/u);
  });
});
