import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { findDurationText, parseDurationText, pointScaleIn } from './duration-text.js';

const H = 3600;
const DAY = 8 * H;

describe('durations written in words', () => {
  it('reads compact durations as plan files write them', () => {
    expect(parseDurationText('2h')).toEqual({ seconds: 2 * H, text: '2h' });
    expect(parseDurationText('30m')).toEqual({ seconds: 1800, text: '30m' });
    expect(parseDurationText('1h30m')?.seconds).toBe(5400);
  });

  it('reads units spelt out or abbreviated', () => {
    expect(parseDurationText('30 min')?.seconds).toBe(1800);
    expect(parseDurationText('45 minutes')?.seconds).toBe(2700);
    expect(parseDurationText('1.5 hours')?.seconds).toBe(5400);
    expect(parseDurationText('2 weeks')?.seconds).toBe(10 * DAY);
    expect(parseDurationText('1 hour 30 minutes')?.seconds).toBe(5400);
  });

  it('plans a range at its upper bound and keeps the lower one', () => {
    expect(parseDurationText('1-2 days')).toEqual({ seconds: 2 * DAY, low: DAY, text: '1-2 days' });
    expect(parseDurationText('3-4 days')).toEqual({ seconds: 4 * DAY, low: 3 * DAY, text: '3-4 days' });
    expect(parseDurationText('2-3h')).toEqual({ seconds: 3 * H, low: 2 * H, text: '2-3h' });
    expect(parseDurationText('30m–1h')).toEqual({ seconds: H, low: 1800, text: '30m–1h' });
    expect(parseDurationText('1 to 2 weeks')?.low).toBe(5 * DAY);
  });

  it('counts a day as 8 working hours and a week as 5 days', () => {
    // seeds/002 line 211: "Phase 1: Foundation & Specification (2 Days)"
    expect(parseDurationText('2 Days')?.seconds).toBe(16 * H);
    expect(parseDurationText('1 week')?.seconds).toBe(40 * H);
  });

  it('marks estimates written with a tilde or "about"', () => {
    expect(parseDurationText('~4h')).toEqual({ seconds: 4 * H, text: '4h', approximate: true });
    expect(parseDurationText('about 2 days')?.approximate).toBe(true);
    expect(parseDurationText('2 days')?.approximate).toBeUndefined();
  });

  it('accepts estimate words around the duration', () => {
    // seeds/002 line 29: "Timeline & Milestones (6-7 days expected)"
    expect(parseDurationText('6-7 days expected')).toEqual({ seconds: 7 * DAY, low: 6 * DAY, text: '6-7 days' });
    // seeds/000 line 294: "Immediate Rollback (<5 minutes)"
    expect(parseDurationText('<5 minutes')?.seconds).toBe(300);
  });

  it('reads German, French and Spanish units', () => {
    expect(parseDurationText('1,5 Stunden')?.seconds).toBe(5400);
    expect(parseDurationText('3-4 Tage')?.seconds).toBe(4 * DAY);
    expect(parseDurationText('2 Wochen')?.seconds).toBe(10 * DAY);
    expect(parseDurationText('2 jours')?.seconds).toBe(2 * DAY);
    expect(parseDurationText('3 días')?.seconds).toBe(3 * DAY);
  });

  it('rejects text that is not only a duration', () => {
    for (const text of ['', '30', 'Day 1-2', 'soon', '7-day rolling average', '5M tokens', 'Every 2 Days - 30 minutes', '2026-01-31']) {
      expect(parseDurationText(text), text).toBeUndefined();
    }
  });

  it('finds the first duration inside a longer text, with its index', () => {
    // seeds/004 line 231: "Integration Sync (Every 2 Days - 30 minutes)"
    expect(findDurationText('Every 2 Days - 30 minutes')).toEqual({ seconds: 2 * DAY, text: '2 Days', index: 6 });
    // seeds/000 line 280: "Warning Alerts (Within 1 hour)"
    expect(findDurationText('Within 1 hour')?.seconds).toBe(H);
    expect(findDurationText('5 Master Documents')).toBeUndefined();
    expect(findDurationText('156 KB')).toBeUndefined();
  });

  it('reads fractional days, compact mixes and minutes', () => {
    // unseen2/monorepo-migration lines 49, 85: "1.5d", "0.5 days"
    expect(parseDurationText('0.5 days')).toEqual({ seconds: 4 * H, text: '0.5 days' });
    expect(parseDurationText('1.5d')).toEqual({ seconds: 12 * H, text: '1.5d' });
    expect(parseDurationText('1h30m')).toEqual({ seconds: 5400, text: '1h30m' });
    expect(parseDurationText('90 min')).toEqual({ seconds: 5400, text: '90 min' });
    expect(parseDurationText('30 min')).toEqual({ seconds: 1800, text: '30 min' });
  });

  it('reads Spanish days and hours', () => {
    // unseen2/kanban-es lines 25, 46, 102
    expect(parseDurationText('4 horas')).toEqual({ seconds: 4 * H, text: '4 horas' });
    expect(parseDurationText('2 días')).toEqual({ seconds: 2 * DAY, text: '2 días' });
    expect(parseDurationText('1 día')?.seconds).toBe(DAY);
    expect(parseDurationText('1-2 días')).toEqual({ seconds: 2 * DAY, low: DAY, text: '1-2 días' });
  });

  it('reads half a working day as 4 hours, in every language', () => {
    // unseen2/kanban-es line 81: "**Duración:** medio día"
    for (const text of ['medio día', 'half a day', 'half day', 'half-day', '½ day', '½d', 'halber Tag', 'demi-journée', 'media jornada']) {
      expect(parseDurationText(text), text).toEqual({ seconds: 4 * H, text });
    }
    expect(parseDurationText('a half day')).toEqual({ seconds: 4 * H, text: 'half day' });
    expect(parseDurationText('une demi-journée')?.seconds).toBe(4 * H);
    expect(parseDurationText('ein halber Tag')?.seconds).toBe(4 * H);
  });

  it('reads half an hour and amounts with a half', () => {
    for (const text of ['half an hour', 'media hora', 'halbe Stunde', 'demi-heure']) expect(parseDurationText(text)?.seconds, text).toBe(1800);
    expect(parseDurationText('1½ days')?.seconds).toBe(1.5 * DAY);
    expect(parseDurationText('2 and a half days')?.seconds).toBe(2.5 * DAY);
    expect(parseDurationText('one and a half hours')?.seconds).toBe(5400);
    expect(parseDurationText('anderthalb Tage')?.seconds).toBe(1.5 * DAY);
    expect(parseDurationText('1 día y medio')?.seconds).toBe(1.5 * DAY);
    expect(parseDurationText('2 jours et demi')?.seconds).toBe(2.5 * DAY);
  });

  it('reads the French day letter "j" and hours written "h"', () => {
    // unseen3/fr-sso lines 7, 36, 74, 130: "« ½ j » = une demi-journée", "½ j", "3 j", "4 h"
    expect(parseDurationText('½ j')).toEqual({ seconds: 4 * H, text: '½ j' });
    expect(parseDurationText('3 j')).toEqual({ seconds: 3 * DAY, text: '3 j' });
    expect(parseDurationText('0,5 j')?.seconds).toBe(4 * H);
    expect(parseDurationText('2j')?.seconds).toBe(2 * DAY);
    expect(parseDurationText('1-2 j')).toEqual({ seconds: 2 * DAY, low: DAY, text: '1-2 j' });
    expect(parseDurationText('3 h')?.seconds).toBe(3 * H);
    expect(parseDurationText('4 jrs')?.seconds).toBe(4 * DAY);
  });

  it('reads the French forms that already had words: a range with "à", a half day, a decimal comma', () => {
    // unseen3/fr-sso lines 53, 7, 62: "1 à 2 jours", "une demi-journée", "0,5 jour"
    expect(parseDurationText('1 à 2 jours')).toEqual({ seconds: 2 * DAY, low: DAY, text: '1 à 2 jours' });
    expect(parseDurationText('½ journée')?.seconds).toBe(4 * H);
    expect(parseDurationText('0,5 jour')?.seconds).toBe(4 * H);
    expect(parseDurationText('2 jours ouvrés')?.seconds).toBe(2 * DAY);
    expect(parseDurationText('3 días hábiles')?.seconds).toBe(3 * DAY);
  });

  it('does not read a "j" that starts a word or an elision', () => {
    for (const text of ['3 janvier', '3 jeux', 'J+1', '3 J', "2 j'ai"]) {
      expect(parseDurationText(text), text).toBeUndefined();
      expect(findDurationText(text), text).toBeUndefined();
    }
  });

  it('does not read a half without a unit word, or "medio" as a risk level', () => {
    for (const text of ['half', 'half d', 'medio', 'Riesgo medio', 'Second half (Week 2)']) expect(parseDurationText(text), text).toBeUndefined();
    expect(findDurationText('Second half (Week 2)')).toBeUndefined();
  });

  it('reads story points only at the scale the document gives', () => {
    const pointSeconds = 4 * H;
    // unseen2/monorepo-migration lines 46, 64, 65: "3 pts", "1 pt", "8 pts" at 1 pt ≈ half a day
    expect(parseDurationText('3 pts', { pointSeconds })).toEqual({ seconds: 12 * H, text: '3 pts', points: 3 });
    expect(parseDurationText('1 pt', { pointSeconds })).toEqual({ seconds: 4 * H, text: '1 pt', points: 1 });
    expect(parseDurationText('8 points', { pointSeconds })?.seconds).toBe(4 * DAY);
    expect(parseDurationText('5 SP', { pointSeconds })?.seconds).toBe(20 * H);
    expect(parseDurationText('2 story points', { pointSeconds })?.seconds).toBe(DAY);
    expect(parseDurationText('3-5 pts', { pointSeconds })).toEqual({ seconds: 20 * H, low: 12 * H, text: '3-5 pts', points: 5 });
  });

  it('reads no duration from story points without a scale', () => {
    for (const text of ['3 pts', '1 pt', '8 points', '5 SP', '2 story points']) {
      expect(parseDurationText(text), text).toBeUndefined();
      expect(parseDurationText(text, {}), text).toBeUndefined();
    }
    expect(parseDurationText('TBD', { pointSeconds: 4 * H })).toBeUndefined();
  });

  it('still reads durations when a point scale is given', () => {
    expect(parseDurationText('1 day', { pointSeconds: 4 * H })).toEqual({ seconds: DAY, text: '1 day' });
    expect(findDurationText('3 pts (about 1.5 days)', { pointSeconds: 4 * H })).toEqual({ seconds: 12 * H, text: '3 pts', points: 3, index: 0 });
  });

  it('finds the definition of a story point in a document, with its line', () => {
    // unseen2/monorepo-migration line 21: "(**1 pt ≈ half a day** for this team)"
    const document = readFileSync(new URL('../../test/fixtures/import/unseen2/monorepo-migration.md', import.meta.url), 'utf8');
    expect(pointScaleIn(document)).toEqual({ seconds: 4 * H, line: 21, text: '1 pt ≈ half a day' });
    expect(pointScaleIn('1 point = 4h')).toEqual({ seconds: 4 * H, line: 1, text: '1 point = 4h' });
    expect(pointScaleIn('Sizing\n\n1 SP = 1 day')).toEqual({ seconds: DAY, line: 3, text: '1 SP = 1 day' });
    expect(pointScaleIn('Here a story point is half a day.')).toEqual({ seconds: 4 * H, line: 1, text: 'a story point is half a day' });
    expect(pointScaleIn('One story point is about 4 hours')?.seconds).toBe(4 * H);
    expect(pointScaleIn('We size at 4h per point')).toEqual({ seconds: 4 * H, line: 1, text: '4h per point' });
    expect(pointScaleIn('1 Punkt = ein halber Tag')?.seconds).toBe(4 * H);
    expect(pointScaleIn('1 punto = medio día')?.seconds).toBe(4 * H);
    expect(pointScaleIn('Legend: 1 pt: 4h')).toEqual({ seconds: 4 * H, line: 1, text: '1 pt: 4h' });
  });

  it('finds no point scale where points are only counted', () => {
    for (const text of ['| A1 | Platform | 3 pts |', 'Points: 1 pt', 'A point of order: 2 days', 'Make a point: 2 days at most', 'Top 1 point: the 2 days', '']) {
      expect(pointScaleIn(text), text).toBeUndefined();
    }
  });
});
