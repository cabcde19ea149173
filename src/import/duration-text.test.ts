import { describe, expect, it } from 'vitest';
import { findDurationText, parseDurationText } from './duration-text.js';

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
});
