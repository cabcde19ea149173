import { describe, expect, it } from 'vitest';
import { fieldKind, isCriteriaTitle, isMetricsTitle } from './field-words.js';

describe('field words', () => {
  it('reads abbreviated estimate fields as durations', () => {
    expect(fieldKind('Est.')).toBe('duration');
    expect(fieldKind('Est')).toBe('duration');
  });

  it('reads done and exit criteria headings as criteria', () => {
    expect(isMetricsTitle('✅ Done criteria')).toBe(true);
    expect(isCriteriaTitle('✅ Done criteria')).toBe(true);
    expect(isMetricsTitle('Exit criteria')).toBe(true);
    expect(isMetricsTitle('Definition of Done')).toBe(true);
    expect(isCriteriaTitle('Definition of Done')).toBe(true);
  });

  it('does not take any heading with "criteria" for success criteria', () => {
    expect(isMetricsTitle('Selection criteria for vendors')).toBe(false);
  });

  it('reads success criteria headings with accented words', () => {
    // unseen2/kanban-es line 108: "## Criterios de éxito"
    for (const title of ['Criterios de éxito', 'Critères de succès', 'Erfolgskriterien', '✅ Criterios de éxito']) {
      expect(isMetricsTitle(title), title).toBe(true);
      expect(isCriteriaTitle(title), title).toBe(true);
    }
  });

  it('reads acceptance and exit criteria headings in four languages', () => {
    // unseen2/monorepo-migration line 117: "# SLOs & exit criteria"
    for (const title of ['Criterios de aceptación', "Critères d'acceptation", 'Critères d’acceptation', 'Abnahmekriterien', 'Exit criteria', 'SLOs & exit criteria']) {
      expect(isMetricsTitle(title), title).toBe(true);
      expect(isCriteriaTitle(title), title).toBe(true);
    }
  });

  it('does not read a word that only contains a metrics word', () => {
    for (const title of ['Successor planning', 'Slogans', 'Auswahlkriterien für Anbieter', 'Criterios de selección', 'Éxitos del trimestre']) {
      expect(isMetricsTitle(title), title).toBe(false);
    }
    expect(isCriteriaTitle('Criterialess notes')).toBe(false);
  });
});
