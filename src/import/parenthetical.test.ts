import { describe, expect, it } from 'vitest';
import { classifyGroup, splitOwners, trailingGroups } from './parenthetical.js';

describe('parenthesised notes in titles', () => {
  it('classifies modes, durations, owners and notes', () => {
    expect(classifyGroup('Parallel Execution')).toBe('mode');
    expect(classifyGroup('Parallel + Loop')).toBe('mode');
    expect(classifyGroup('2h')).toBe('duration');
    expect(classifyGroup('Every 2 Days - 30 minutes')).toBe('duration');
    expect(classifyGroup('Build Engineer')).toBe('owner');
    expect(classifyGroup('A + B')).toBe('owner');
    expect(classifyGroup('optional')).toBe('note');
    expect(classifyGroup('6 Total')).toBe('note');
  });

  it('lists only the groups at the end of a title, in order', () => {
    const groups = trailingGroups('Cache (v2) Warm-up (Build Engineer) (2h)');
    expect(groups.map((g) => [g.kind, g.text])).toEqual([
      ['owner', '(Build Engineer)'],
      ['duration', '(2h)'],
    ]);
  });

  it('splits owners at plus, ampersand, comma and "and"', () => {
    expect(splitOwners('Build Engineer + QA Engineer')).toEqual(['Build Engineer', 'QA Engineer']);
    expect(splitOwners('Alice and Bob')).toEqual(['Alice', 'Bob']);
    expect(splitOwners('Alice')).toBeUndefined();
    expect(splitOwners('primary, leads topology')).toBeUndefined();
  });

  it('reads labelled owners and reviewers with a no-break space before the colon, as French writes them', () => {
    // unseen3/fr-sso line 42: U+00A0 before each colon, U+202F before the semicolon
    const inner = 'Responsable\u00a0: Developpeur back-end\u202f; relecture\u00a0: Archtecte sécurité';
    expect(splitOwners(inner)).toEqual(['Developpeur back-end', 'Archtecte sécurité']);
    expect(classifyGroup(inner)).toBe('owner');
    expect(trailingGroups(`Chantier B — Application (${inner})`).map((g) => g.kind)).toEqual(['owner']);
    expect(splitOwners('Responsable\u202f: Ingénieur·e d’exploitation')).toEqual(['Ingénieur·e d’exploitation']);
  });

  it('puts reviewers after owners whatever the language of their label', () => {
    for (const label of ['relecture', 'revue', 'relu par', 'reviewer', 'review', 'Reviewed by', 'revisión', 'Review durch', 'Prüfer']) {
      expect(splitOwners(`${label}: QA Lead; Owner: Backend Engineer`), label).toEqual(['Backend Engineer', 'QA Lead']);
    }
    expect(splitOwners('Verantwortlich: Backend, Review durch: QA')).toEqual(['Backend', 'QA']);
    expect(splitOwners('Responsable: DevOps, apoyo: Backend Engineer')).toEqual(['DevOps', 'Backend Engineer']);
  });

  it('reads no owners when one clause has a label it does not know', () => {
    expect(splitOwners('Owner: Alice; Deadline: Friday')).toBeUndefined();
    expect(splitOwners('Owner: Alice, due date: Friday')).toBeUndefined();
    expect(splitOwners('relecture: Architecte sécurité')).toBeUndefined();
  });
});
