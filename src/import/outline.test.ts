import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from './mojibake.js';
import type { Block, ParagraphBlock } from './outline-blocks.js';
import { allSections, readOutline } from './outline.js';
import type { Section } from './outline.js';

const fixtures = new URL('../../test/fixtures/import/', import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, fixtures), 'utf8');
const seed = (name: string): Section => readOutline(repairMojibake(read(`seeds/${name}.md`)).text);

function section(outline: Section, title: string): Section {
  const found = allSections(outline).find((s) => s.title === title);
  if (found === undefined) throw new Error(`no section titled ${title}`);
  return found;
}

function blocksOf<K extends Block['kind']>(s: Section, kind: K): Extract<Block, { kind: K }>[] {
  return s.blocks.filter((b): b is Extract<Block, { kind: K }> => b.kind === kind);
}

describe('reading a document into an outline', () => {
  const outline = readOutline(read('fields-and-tasks.md'));

  it('keeps text before the first heading in the root section', () => {
    expect(outline.depth).toBe(0);
    expect(outline.blocks).toMatchObject([{ kind: 'paragraph', line: 1, codeSpans: [{ value: 'make setup', line: 1 }] }]);
  });

  it('nests sections by heading depth and gives each its line', () => {
    expect(outline.children.map((s) => [s.title, s.depth, s.line])).toEqual([
      ['Cache Rollout', 1, 3],
      ['Title One', 1, 43],
    ]);
    const phase = section(outline, 'Phase 1: Foundation (Parallel Execution)');
    expect(phase.children.map((s) => s.title)).toEqual(['1.1 Cache Warm-up (Build Engineer)']);
  });

  it('reads field lines, one per line of a paragraph, in both bold styles', () => {
    const [paragraph] = blocksOf(section(outline, 'Cache Rollout'), 'paragraph');
    expect(paragraph?.fields).toEqual([
      { name: 'Goal', value: 'Faster builds', line: 5 },
      { name: 'Priority', value: 'Critical', line: 6 },
      { name: 'Timeline', value: '2h', line: 7 },
    ]);
  });

  it('reads task items with their state, nesting, fields and code spans', () => {
    const warmUp = section(outline, '1.1 Cache Warm-up (Build Engineer)');
    const [tasks] = blocksOf(warmUp, 'list');
    expect(tasks?.items.map((i) => [i.line, i.checked, i.marker])).toEqual([
      [13, false, undefined],
      [14, true, undefined],
      [17, false, undefined],
      [18, true, '✅'],
      [19, false, '□'],
    ]);
    expect(tasks?.items[0]?.codeSpans).toEqual([{ value: 'cargo build --timings', line: 13 }]);
    expect(tasks?.items[0]?.text).toBe('Measure the cold build with `cargo build --timings`');
    expect(tasks?.items[1]?.items.map((i) => [i.text, i.line, i.checked])).toEqual([
      ['Nested step one', 15, false],
      ['Nested note', 16, undefined],
    ]);
    expect(tasks?.items[2]?.fields).toEqual([{ name: 'Dependencies', value: 'None (can start immediately)', line: 17 }]);
    expect(tasks?.items[3]?.text).toBe('Already agreed with ops');
  });

  it('numbers ordered items and keeps code nested in an item', () => {
    const [, ordered] = blocksOf(section(outline, '1.1 Cache Warm-up (Build Engineer)'), 'list');
    expect(ordered?.items[0]).toMatchObject({ number: 1, fields: [{ name: 'Identify', value: 'the slow crates', line: 21 }] });
    expect(ordered?.items[1]?.blocks).toEqual([{ kind: 'code', lang: 'bash', value: './bench.sh --quick', line: 24 }]);
  });

  it('reads a table into header cells and rows with their lines', () => {
    const [table] = blocksOf(section(outline, '1.1 Cache Warm-up (Build Engineer)'), 'table');
    expect(table).toMatchObject({ line: 28, header: ['Task', 'Owner', 'Duration'] });
    expect(table?.rows).toEqual([
      { cells: ['Warm cache', 'Build Engineer', '30m'], line: 30 },
      { cells: ['Verify `cache-hit`', 'QA + Build Engineer', '1-2 days'], line: 31 },
    ]);
    expect(table?.codeSpans).toEqual([{ value: 'cache-hit', line: 31 }]);
  });

  it('reads through block quotes and keeps code blocks and HTML as they are', () => {
    const blocks = section(outline, '1.1 Cache Warm-up (Build Engineer)').blocks;
    const quoted = blocks.find((b): b is ParagraphBlock => b.kind === 'paragraph' && b.line === 33);
    expect(quoted?.fields).toEqual([{ name: 'Archived', value: 'never', line: 33 }]);
    expect(blocks).toContainEqual({ kind: 'code', lang: 'yaml', value: '# not a heading\n- [ ] not a task', line: 36 });
    expect(blocks).toContainEqual({ kind: 'html', value: '<!-- a comment -->', line: 41 });
  });

  it('marks an item struck through when most of its text is inside ~~…~~', () => {
    const [list] = blocksOf(readOutline('- ~~@carol: move captures to the queue — 1d~~ cancelled\n- keep ~~this~~ item as it is\n- plain\n'), 'list');
    expect(list?.items.map((i) => [i.text, i.struck])).toEqual([
      ['@carol: move captures to the queue — 1d cancelled', true],
      ['keep this item as it is', undefined],
      ['plain', undefined],
    ]);
  });

  it('reads setext headings', () => {
    expect(section(outline, 'Title One').blocks).toMatchObject([{ kind: 'paragraph', text: 'Text under a setext heading.', line: 46 }]);
  });
});

describe('reading a messy German document', () => {
  const repair = repairMojibake(read('messy-german.md'));
  const outline = readOutline(repair.text);

  it('repairs the mojibake and leaves the genuine umlauts', () => {
    expect(repair.lines).toEqual([1, 7, 8]);
    expect(outline.children[0]?.title).toBe('Übersicht – Plan');
    expect(allSections(outline).map((s) => s.title)).toContain('3) Übersicht prüfen (QA Engineer)');
    expect(repair.text).toContain('Straße, café, naïve — echte Umlaute bleiben.');
  });

  it('reads fields with repaired names', () => {
    const day = section(outline, 'Tag 1-2: Datenbank (Entwicklerteam)');
    const [list] = blocksOf(day, 'list');
    expect(list?.items[1]?.fields).toEqual([{ name: 'Abhängigkeiten', value: 'Phase 1', line: 8 }]);
    expect(list?.items[0]?.text).toBe('Schema anlegen ✅');
  });

  it('keeps emoji in titles as written', () => {
    expect(section(outline, 'Woche 2 🚀').line).toBe(14);
  });
});

describe('reading the sample documents', () => {
  it('reads the GOAP schedule (seeds/000)', () => {
    const outline = seed('000_6e826696a097c9b8');
    expect(outline.children).toHaveLength(1);
    expect(outline.children[0]?.children).toHaveLength(7);
    expect(section(outline, 'Week 1: Phase 1 - Quick Wins (Parallel Execution)').line).toBe(34);
    const day = section(outline, 'Day 5-6: Job Orchestration (DevOps Engineer)');
    const [list] = blocksOf(day, 'list');
    expect(list?.items[2]).toMatchObject({ line: 69, checked: false, fields: [{ name: 'Dependencies', value: 'Phase 1 completion', line: 69 }] });
    const roles = blocksOf(section(outline, 'Day 1-2: All Agents Parallel Deployment'), 'paragraph');
    expect(roles.map((p) => p.fields[0]?.name)).toEqual(['DevOps Engineer', 'Performance Specialist', 'Systems Architect', 'QA Engineer']);
    expect(blocksOf(section(outline, 'Example Handoff'), 'code')[0]).toMatchObject({ lang: 'yaml', line: 159 });
  });

  it('reads the status report (seeds/002)', () => {
    const outline = seed('002_c2186ced79eb6d80');
    const top = outline.children[0];
    expect(top?.children).toHaveLength(12);
    expect((top?.blocks[0] as ParagraphBlock).fields.map((f) => [f.name, f.value, f.line])).toEqual([
      ['Date', '2026-01-25', 2],
      ['Status', '✅ COMPLETE & READY FOR EXECUTION', 3],
      ['Confidence', 'HIGH', 4],
    ]);
    const [table] = blocksOf(section(outline, 'Primary Goal: 8x Build Time Improvement'), 'table');
    expect(table?.header).toEqual(['Metric', 'Baseline', 'Target', 'Success']);
    expect(table?.rows[0]).toEqual({ cells: ['First build', '120s', '≤15s', '8x improvement'], line: 262 });
    const [checks] = blocksOf(section(outline, 'Phase 1 Success Criteria (To Be Verified)'), 'list');
    expect(checks?.items[0]).toMatchObject({ text: 'Specification closure gate PASSED (100% coverage)', line: 366, checked: false, marker: '□' });
  });

  it('reads the parallel agent guide (seeds/004)', () => {
    const outline = seed('004_c03d2d43f575d66e');
    expect(outline.children.map((s) => s.title)).toEqual(['🤖 Parallel Agent Execution Guide']);
    expect(outline.children[0]?.children).toHaveLength(8);
    const track = section(outline, '🤖 Agent Alpha - Track A: Agent Registry Infrastructure');
    expect(track.line).toBe(60);
    expect(track.children.map((s) => s.title)).toEqual(['Week 1: Database & Core APIs', 'Week 2: Publishing & Validation Systems', 'Week 3: Rollback & Advanced Features']);
    const week = track.children[0];
    expect(week?.blocks[0]).toMatchObject({ kind: 'paragraph', fields: [{ name: 'Focus', value: 'Database schema and fundamental API structure', line: 63 }] });
    expect(week?.blocks[1]).toMatchObject({ kind: 'code', lang: 'bash', line: 65 });
  });
});
