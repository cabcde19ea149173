import { describe, expect, it } from 'vitest';
import { parseDependencyText } from './dependency-text.js';

describe('dependency phrases', () => {
  it('reads a phase that must be complete', () => {
    // seeds/000 line 69
    expect(parseDependencyText('Phase 1 completion')).toEqual([{ kind: 'phase', ref: '1', label: 'Phase', text: 'Phase 1 completion' }]);
    expect(parseDependencyText('Phase 2.1 complete')).toMatchObject([{ kind: 'phase', ref: '2.1' }]);
  });

  it('keeps the reason given in parentheses', () => {
    // seeds/000 line 98
    expect(parseDependencyText('Phase 1 completion (can run parallel to Phase 3.1)')).toMatchObject([
      { kind: 'phase', ref: '1', why: 'can run parallel to Phase 3.1' },
    ]);
    expect(parseDependencyText('Task 3 (needs the cache)')).toMatchObject([{ kind: 'task', ref: '3', why: 'needs the cache' }]);
  });

  it('reads a partial dependency on a phase or a workstream', () => {
    // seeds/000 line 109
    expect(parseDependencyText('Phase 3 complete or partially complete')).toMatchObject([{ kind: 'phase', ref: '3', partial: true }]);
    expect(parseDependencyText('Cache Warm-up partially')).toEqual([
      { kind: 'workstream', ref: 'Cache Warm-up', partial: true, text: 'Cache Warm-up partially' },
    ]);
  });

  it('reads named workstreams with their status words and producers', () => {
    // seeds/000 lines 75 and 80
    expect(parseDependencyText('Job orchestration from DevOps Engineer')).toMatchObject([
      { kind: 'workstream', ref: 'Job orchestration', owner: 'DevOps Engineer' },
    ]);
    const matrix = parseDependencyText('Matrix optimization complete');
    expect(matrix).toMatchObject([{ kind: 'workstream', ref: 'Matrix optimization' }]);
    expect(matrix[0]?.partial).toBeUndefined();
  });

  it('reads an agent whose role is given in parentheses', () => {
    expect(parseDependencyText('Agent 2 (Performance Benchmarker) output')).toMatchObject([
      { kind: 'workstream', ref: 'Agent 2', owner: 'Performance Benchmarker' },
    ]);
  });

  it('expands a range of tasks and a list of numbers after one keyword', () => {
    expect(parseDependencyText('Tasks 1-3').map((r) => r.ref)).toEqual(['1', '2', '3']);
    expect(parseDependencyText('Tasks 1, 2 and 3').map((r) => [r.kind, r.ref, r.text])).toEqual([
      ['task', '1', 'Tasks 1'],
      ['task', '2', '2'],
      ['task', '3', '3'],
    ]);
  });

  it('reads an explicit None with its reason', () => {
    expect(parseDependencyText('None (can start immediately)')).toEqual([
      { kind: 'none', ref: 'none', why: 'can start immediately', text: 'None (can start immediately)' },
    ]);
    expect(parseDependencyText('Keine (kann sofort starten)')).toMatchObject([{ kind: 'none' }]);
    expect(parseDependencyText('N/A')).toMatchObject([{ kind: 'none' }]);
  });

  it('splits lists at commas, semicolons and "and" before a new reference', () => {
    expect(parseDependencyText('Phase 1, Task 3 and Cache Warm-up partially').map((r) => [r.kind, r.ref])).toEqual([
      ['phase', '1'],
      ['task', '3'],
      ['workstream', 'Cache Warm-up'],
    ]);
    expect(parseDependencyText('Phase 1; Phase 2').map((r) => r.ref)).toEqual(['1', '2']);
    expect(parseDependencyText('Schema migration (needs DB), #4').map((r) => [r.kind, r.ref])).toEqual([
      ['workstream', 'Schema migration'],
      ['task', '4'],
    ]);
  });

  it('keeps "&" and "and" inside a workstream name', () => {
    // seeds/000 line 78: "Benchmark & Coverage Optimization (Systems Architect)"
    expect(parseDependencyText('Benchmark & Coverage Optimization complete')).toMatchObject([
      { kind: 'workstream', ref: 'Benchmark & Coverage Optimization' },
    ]);
    expect(parseDependencyText('Integration and Validation')).toMatchObject([{ ref: 'Integration and Validation' }]);
  });

  it('drops lead-in words and gives nothing for empty text', () => {
    expect(parseDependencyText('Depends on Phase 2')).toMatchObject([{ kind: 'phase', ref: '2' }]);
    expect(parseDependencyText('Completion of Phase 1')).toMatchObject([{ kind: 'phase', ref: '1' }]);
    expect(parseDependencyText('Abschluss von Phase 1')).toMatchObject([{ kind: 'phase', ref: '1' }]);
    expect(parseDependencyText('')).toEqual([]);
  });

  it('reads French and Spanish words for none', () => {
    // unseen3/fr-sso lines 30, 46: "Dépend de : rien", "Dépend de : aucune"
    for (const text of ['rien', 'Rien', 'aucune', 'aucun', 'Aucune dépendance', 'néant', 'nada', 'ninguna', 'sin dependencias']) {
      expect(parseDependencyText(text), text).toEqual([{ kind: 'none', ref: 'none', text }]);
    }
    expect(parseDependencyText('Aucune (peut démarrer tout de suite)')).toMatchObject([{ kind: 'none', why: 'peut démarrer tout de suite' }]);
  });

  it('drops French, Spanish and German lead-ins before a phase or a task, with their article', () => {
    // unseen3/fr-sso line 69: "Dépend de : fin de la phase 1"
    const phases: readonly (readonly [string, string])[] = [
      ['fin de la phase 1', '1'],
      ['fin de phase 1', '1'],
      ['à la fin de la phase 1', '1'],
      ['après la phase 2', '2'],
      ['después de la Fase 2', '2'],
      ['tras la fase 3', '3'],
      ['al finalizar la fase 1', '1'],
      ['nach Abschluss von Phase 1', '1'],
      ['nach Phase 1', '1'],
      ['after the Phase 2', '2'],
    ];
    for (const [text, ref] of phases) expect(parseDependencyText(text), text).toMatchObject([{ kind: 'phase', ref }]);
    expect(parseDependencyText('après Tâche 3')).toMatchObject([{ kind: 'task', ref: '3', text: 'Tâche 3' }]);
    expect(parseDependencyText('después de Tarea 3')).toMatchObject([{ kind: 'task', ref: '3' }]);
    expect(parseDependencyText("après l'étape 2")).toMatchObject([{ ref: '2' }]);
    expect(parseDependencyText('après A1')).toMatchObject([{ kind: 'workstream', ref: 'A1' }]);
    expect(parseDependencyText('Fin de la phase 1 et Tâche 3').map((r) => [r.kind, r.ref])).toEqual([
      ['phase', '1'],
      ['task', '3'],
    ]);
  });

  it('keeps lead-in letters that begin a name, and an article no lead-in comes before', () => {
    expect(parseDependencyText('Afterburner tuning')).toMatchObject([{ kind: 'workstream', ref: 'Afterburner tuning' }]);
    expect(parseDependencyText('Final design review')).toMatchObject([{ kind: 'workstream', ref: 'Final design review' }]);
    expect(parseDependencyText('Transport layer')).toMatchObject([{ kind: 'workstream', ref: 'Transport layer' }]);
    expect(parseDependencyText('La migration')).toMatchObject([{ kind: 'workstream', ref: 'La migration' }]);
    expect(parseDependencyText('Nadal import')).toMatchObject([{ kind: 'workstream', ref: 'Nadal import' }]);
  });
});
