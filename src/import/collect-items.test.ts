import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Collector } from './collect-context.js';
import { actionItemParagraph } from './collect-item-lines.js';
import { actionItems } from './collect-items.js';
import type { DraftAction } from './draft.js';
import { allSections, readOutline } from './outline.js';

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

/** Reads the list of the section titled `title` (the document's last section by default) and the lines after it. */
function read(markdown: string, title?: string): Read {
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
      made = actionItems(c, block, { order: 'test', trail: [section.title] }, { phase: undefined, name: section.title }, phaseFor);
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
