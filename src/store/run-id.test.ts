import { describe, expect, it } from 'vitest';
import { newRunId, RUN_ID_PATTERN } from './run-id.js';

describe('run ids', () => {
  it('start with the UTC date and time, then four random characters', () => {
    const id = newRunId(new Date('2026-11-21T07:22:33.456Z'));
    expect(id).toMatch(/^20261121-072233-[0-9a-z]{4}$/);
    expect(id).toMatch(RUN_ID_PATTERN);
  });

  it('are safe as a git branch name and a directory name', () => {
    for (let i = 0; i < 200; i++) expect(newRunId()).toMatch(/^[0-9a-z-]+$/);
  });

  it('sort in the order they were made', () => {
    const times = ['2026-01-02T00:00:00Z', '2026-01-02T00:00:01Z', '2026-10-01T09:00:00Z', '2027-01-01T00:00:00Z'];
    const ids = times.map((t) => newRunId(new Date(t)));
    expect([...ids].sort()).toEqual(ids);
  });

  it('differ when made in the same second', () => {
    const now = new Date();
    const ids = new Set(Array.from({ length: 100 }, () => newRunId(now)));
    expect(ids.size).toBeGreaterThan(95);
  });
});
