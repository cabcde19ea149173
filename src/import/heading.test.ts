import { describe, expect, it } from 'vitest';
import { ownerOf, phaseHeading, stripLead } from './heading.js';

describe('phase headings', () => {
  it('reads a week that holds a phase, with its mode in parentheses', () => {
    // seeds/000 line 34
    expect(phaseHeading('Week 1: Phase 1 - Quick Wins (Parallel Execution)')).toEqual({
      kind: 'phase',
      number: '1',
      name: 'Quick Wins',
      mode: 'parallel',
      labels: [
        { kind: 'week', number: '1', text: 'Week 1' },
        { kind: 'phase', number: '1', text: 'Phase 1' },
      ],
      matched: ['Week 1', 'Phase 1', '(Parallel Execution)'],
    });
  });

  it('reads sequential, hybrid and mixed modes', () => {
    // seeds/000 lines 64, 87 and 104
    expect(phaseHeading('Week 2: Phase 2 - Workflow Restructuring (Sequential Execution)')?.mode).toBe('sequential');
    expect(phaseHeading('Week 3: Phase 3 - Advanced Optimization (Hybrid Execution)')?.mode).toBe('hybrid');
    const both = phaseHeading('Week 4: Phase 4 & 5 - Monitoring & Documentation (Parallel + Loop)');
    expect(both).toMatchObject({ number: '4 & 5', name: 'Monitoring & Documentation', mode: 'hybrid' });
  });

  it('reads a phase with a dash and a lowercase mode', () => {
    expect(phaseHeading('Phase 2 – Build (sequential)')).toMatchObject({ kind: 'phase', number: '2', name: 'Build', mode: 'sequential' });
  });

  it('reads day ranges and keeps an owner group in the name for ownerOf', () => {
    // seeds/000 lines 36 and 66
    expect(phaseHeading('Day 1-2: All Agents Parallel Deployment')).toMatchObject({ kind: 'day', number: '1-2', mode: 'parallel' });
    const day = phaseHeading('Day 5-6: Job Orchestration (DevOps Engineer)');
    expect(day).toMatchObject({ kind: 'day', number: '5-6', name: 'Job Orchestration (DevOps Engineer)' });
    expect(day?.mode).toBeUndefined();
    expect(ownerOf(day?.name ?? '')).toMatchObject({ name: 'Job Orchestration', owners: ['DevOps Engineer'] });
  });

  it('reads a duration in parentheses', () => {
    // seeds/002 line 211
    const phase = phaseHeading('Phase 1: Foundation & Specification (2 Days)');
    expect(phase).toMatchObject({ number: '1', name: 'Foundation & Specification', duration: { seconds: 16 * 3600, text: '2 Days' } });
    expect(phase?.matched).toEqual(['Phase 1', '(2 Days)']);
  });

  it('reads dotted numbers, stages and roman numerals', () => {
    // seeds/000 line 204
    expect(phaseHeading('Phase 3.1: Resource-Aware Workflow Design')).toMatchObject({ number: '3.1', name: 'Resource-Aware Workflow Design' });
    expect(phaseHeading('Stage 3')).toMatchObject({ kind: 'stage', number: '3', name: '' });
    expect(phaseHeading('Phase II: Rollout')).toMatchObject({ number: 'II', name: 'Rollout' });
  });

  it('strips leading emoji and numbering and reports them', () => {
    // seeds/004 line 39
    expect(phaseHeading('🚀 Phase 1: Parallel Execution Plan')).toMatchObject({ emoji: '🚀', number: '1', mode: 'parallel' });
    expect(phaseHeading('3. Phase 2: Build')).toMatchObject({ numbering: '3.', number: '2', name: 'Build' });
  });

  it('reads German headings', () => {
    expect(phaseHeading('Phase 2: Umsetzung (parallel)')).toMatchObject({ kind: 'phase', number: '2', name: 'Umsetzung', mode: 'parallel' });
    expect(phaseHeading('Woche 1')).toMatchObject({ kind: 'week', number: '1' });
    expect(phaseHeading('Tag 1-2: Datenbank')).toMatchObject({ kind: 'day', number: '1-2', name: 'Datenbank' });
    expect(phaseHeading('Phase 3: Abnahme (sequenziell)')?.mode).toBe('sequential');
  });

  it('reads French and Spanish headings', () => {
    expect(phaseHeading('Étape 2 : Déploiement (en parallèle)')).toMatchObject({ kind: 'stage', number: '2', mode: 'parallel' });
    expect(phaseHeading('Fase 1: Preparación (secuencial)')).toMatchObject({ kind: 'phase', number: '1', mode: 'sequential' });
  });

  it('does not take a heading that merely starts with a label word for a phase', () => {
    // seeds/004 lines 401 and 417, seeds/000 line 125
    for (const title of ['Phase Completion Protocol', 'Phase Handoff Process', 'Daily Standups (15 minutes)', 'Days of Week', 'Weekly Review']) {
      expect(phaseHeading(title), title).toBeUndefined();
    }
  });
});

describe('owners in headings', () => {
  it('reads one owner and strips the numbering from the name', () => {
    expect(ownerOf('3.2 Cache Warm-up (Build Engineer)')).toEqual({
      numbering: '3.2',
      name: 'Cache Warm-up',
      owners: ['Build Engineer'],
      matched: ['(Build Engineer)'],
    });
  });

  it('reads several owners, the first one primary', () => {
    expect(ownerOf('Cache (A + B)')?.owners).toEqual(['A', 'B']);
    expect(ownerOf('Cache (A & B)')?.owners).toEqual(['A', 'B']);
    expect(ownerOf('Cache (A, B)')?.owners).toEqual(['A', 'B']);
    // seeds/000 lines 83 and 89
    expect(ownerOf('Day 10: Phase 2 Validation (QA Engineer + All Agents)')?.owners).toEqual(['QA Engineer', 'All Agents']);
    expect(ownerOf('Day 11-12: Resource-Aware Workflow Design (Systems Architect + Performance Specialist)')?.owners).toEqual([
      'Systems Architect',
      'Performance Specialist',
    ]);
  });

  it('tells owners apart from modes, durations and notes', () => {
    // seeds/000 line 34, seeds/002 lines 16, 145, 195, 267, 351, 390
    for (const title of [
      'Phase 1 - Quick Wins (Parallel Execution)',
      'Tests (optional)',
      'Lint (2h)',
      'Deliverables Created (5 Master Documents)',
      '1. Sequential Phase Gates (Blocking Synchronization)',
      '6. Hand-Off Protocol (Agent Communication)',
      'Quality Assurance (Zero Regressions)',
      'Verification Checklist (Go/No-Go)',
      'Immediate Actions (Today)',
      'BUILD_OPTIMIZATION_ORCHESTRATION_PLAN.md (156 KB)',
      'Phase 1 Success Criteria (To Be Verified)',
      'Cache Warm-up',
    ]) {
      expect(ownerOf(title), title).toBeUndefined();
    }
  });

  it('reads an owner group before a duration group', () => {
    expect(ownerOf('Cache Warm-up (Build Engineer) (2h)')).toMatchObject({ name: 'Cache Warm-up (2h)', owners: ['Build Engineer'] });
  });

  it('reads agent names, German roles and roles the document defines', () => {
    expect(ownerOf('🤖 Registry (Agent Alpha)')).toMatchObject({ emoji: '🤖', name: 'Registry', owners: ['Agent Alpha'] });
    expect(ownerOf('Datenbank (Entwicklerteam)')?.owners).toEqual(['Entwicklerteam']);
    expect(ownerOf('Docs (Alice)')).toBeUndefined();
    expect(ownerOf('Docs (Alice)', ['Alice'])?.owners).toEqual(['Alice']);
  });
});

describe('title leads', () => {
  it('separates emoji and numbering of several shapes', () => {
    expect(stripLead('1. DevOps Engineer')).toEqual({ rest: 'DevOps Engineer', numbering: '1.' });
    expect(stripLead('A) Plan')).toEqual({ rest: 'Plan', numbering: 'A)' });
    expect(stripLead('🛠️ Technical Coordination')).toEqual({ rest: 'Technical Coordination', emoji: '🛠️' });
    expect(stripLead('2026 Roadmap')).toEqual({ rest: '2026 Roadmap' });
  });

  it('takes a bare number before an emoji or a word for numbering', () => {
    // unseen/messy lines 31 and 41
    expect(stripLead('3 🧪 Test Hardening Loop')).toEqual({ rest: 'Test Hardening Loop', numbering: '3', emoji: '🧪' });
    expect(stripLead('3 Test Hardening Loop')).toEqual({ rest: 'Test Hardening Loop', numbering: '3' });
    expect(stripLead('4 Frontend login screens')).toEqual({ rest: 'Frontend login screens', numbering: '4' });
    expect(ownerOf('3 🧪 Test Hardening Loop (QA Engineer)')).toMatchObject({ numbering: '3', name: 'Test Hardening Loop', owners: ['QA Engineer'] });
  });

  it('keeps a bare number that counts or measures what follows', () => {
    for (const title of ['3 Days of Testing', '2 Weeks', '1 Day Workshop', '4 Agents', '10 Services', '3x faster', '5% fewer flaky tests', '2 Tage Puffer', '3 Agenten', '1 of 3 Rollouts', '2026 Roadmap', '100 Tasks']) {
      expect(stripLead(title), title).toEqual({ rest: title });
    }
  });

  it('still reads phase, week and day labels, and a bare number before one', () => {
    expect(phaseHeading('Phase 3 Test Hardening (Loop)')).toMatchObject({ kind: 'phase', number: '3', name: 'Test Hardening' });
    expect(phaseHeading('Week 2 Rollout')).toMatchObject({ kind: 'week', number: '2', name: 'Rollout' });
    expect(phaseHeading('Day 1-2 Setup')).toMatchObject({ kind: 'day', number: '1-2', name: 'Setup' });
    expect(phaseHeading('1 🚀 Phase 2: Build')).toMatchObject({ numbering: '1', emoji: '🚀', kind: 'phase', number: '2', name: 'Build' });
  });

  it('drops the replacement character of an emoji a lossy copy lost, with the emoji', () => {
    // unseen/messy lines 13 and 22 once mojibake.ts replaced what is left of 🔐 and 🏗️
    expect(stripLead('\uFFFD Discovery')).toEqual({ rest: 'Discovery', emoji: '\uFFFD' });
    expect(stripLead('1. \uFFFD Discovery')).toEqual({ rest: 'Discovery', numbering: '1.', emoji: '\uFFFD' });
    expect(ownerOf('1.2 \uFFFD\uFFFD Keycloak Integration (Backend Engineer + Security Analyst)')).toMatchObject({
      numbering: '1.2',
      emoji: '\uFFFD\uFFFD',
      name: 'Keycloak Integration',
      owners: ['Backend Engineer', 'Security Analyst'],
    });
  });
});
