import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadInputError, MinFreeInvalidError } from '../errors.js';
import { checkFreeSpace, formatBytes, freeSpace, parseMinFree } from './disk.js';

describe('reading a minimum of free space', () => {
  it.each([
    ['500MiB', { bytes: 500 * 1024 ** 2 }],
    ['2GiB', { bytes: 2 * 1024 ** 3 }],
    ['1GB', { bytes: 1e9 }],
    ['750M', { bytes: 750 * 1024 ** 2 }],
    ['1.5g', { bytes: 1.5 * 1024 ** 3 }],
    ['10 kb', { bytes: 10_000 }],
    ['1T', { bytes: 1024 ** 4 }],
    ['4096', { bytes: 4096 }],
    ['100B', { bytes: 100 }],
    ['5%', { percent: 5 }],
    [' 12.5 % ', { percent: 12.5 }],
  ])('reads %j', (text, expected) => {
    expect(parseMinFree(text)).toEqual(expected);
  });

  it.each(['', 'lots', '5 GB free', '-1G', '2XB', '150%', '1e9'])('refuses %j, naming the setting, the value and what it expects', (text) => {
    const error = (() => {
      try {
        return parseMinFree(text, 'min_free');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MinFreeInvalidError);
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toBe(`min_free: expected a size like "500MiB", "2GiB", "1GB" or a share of the disk like "5%", got "${text}"`);
  });
});

describe('free space', () => {
  it('measures the nearest existing directory when the one asked for does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-disk-'));
    try {
      const space = await freeSpace(join(dir, 'not', 'yet'));
      expect(space.measured).toBe(dir);
      expect(space.total).toBeGreaterThan(0);
      expect(space.free).toBeGreaterThanOrEqual(0);
      expect(space.free).toBeLessThanOrEqual(space.total);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('compares it with a size or with a share of the disk', async () => {
    const dir = tmpdir();
    const { free, total } = await freeSpace(dir);
    expect(await checkFreeSpace(dir, { bytes: 0 })).toMatchObject({ ok: true, needed: 0 });
    expect(await checkFreeSpace(dir, { bytes: free + 1024 ** 3 })).toMatchObject({ ok: false });
    expect(await checkFreeSpace(dir, { percent: 100 })).toMatchObject({ ok: free >= total, needed: total });
  });

  it('writes sizes the way users write them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GiB');
    expect(formatBytes(1.25 * 1024 ** 4)).toBe('1.3 TiB');
  });
});
