/**
 * Free disk space. Every worktree is a full checkout plus its build output, so a run that starts worktrees on a
 * nearly full disk fails half-way, or fills the disk for everything else on the machine. Attempts wait while
 * free space is below a minimum given as a size (`2GiB`) or a share of the disk (`5%`).
 */
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MinFreeInvalidError } from '../errors.js';

/** A minimum of free space: absolute, or a percentage of the disk's size. */
export type MinFree = { readonly bytes: number } | { readonly percent: number };

/** Bytes per unit, by lower-case unit. Bare `K`/`M`/`G`/`T` are binary, as `df -h` and `ls -h` mean them. */
const UNITS: Readonly<Record<string, number>> = {
  '': 1,
  b: 1,
  ...unitFamily('k', 1),
  ...unitFamily('m', 2),
  ...unitFamily('g', 3),
  ...unitFamily('t', 4),
  ...unitFamily('p', 5),
};

function unitFamily(letter: string, power: number): Record<string, number> {
  const binary = 1024 ** power;
  return { [letter]: binary, [`${letter}i`]: binary, [`${letter}ib`]: binary, [`${letter}b`]: 1000 ** power };
}

const SIZE = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%|[a-z]*)\s*$/i;

/**
 * Reads a minimum of free space: `500MiB`, `2GiB`, `1GB`, `750M`, `5%` (case-insensitive; `KB`/`MB`/`GB` are
 * decimal, `KiB`/`MiB`/`GiB` and bare `K`/`M`/`G` binary; no unit means bytes). Throws
 * {@link MinFreeInvalidError} naming `field` and the value otherwise.
 * @param field how the setting is called where the user wrote it. @default "--min-free"
 */
export function parseMinFree(text: string, field = '--min-free'): MinFree {
  const match = SIZE.exec(text);
  const amount = Number(match?.[1]);
  const unit = match?.[2]?.toLowerCase();
  if (!match || unit === undefined || !Number.isFinite(amount)) throw new MinFreeInvalidError(field, text);
  if (unit === '%') {
    if (amount > 100) throw new MinFreeInvalidError(field, text);
    return { percent: amount };
  }
  const scale = UNITS[unit];
  if (scale === undefined) throw new MinFreeInvalidError(field, text);
  return { bytes: Math.round(amount * scale) };
}

/** Space on the file system that holds a directory. */
export interface FreeSpace {
  /** Bytes an unprivileged process can still write. */
  readonly free: number;
  /** The file system's size in bytes. */
  readonly total: number;
  /** The directory measured: `dir` or, when it does not exist yet, its nearest existing ancestor. */
  readonly measured: string;
}

/** The free and total space of the file system `dir` is (or will be) on. */
export async function freeSpace(dir: string): Promise<FreeSpace> {
  for (let current = dir; ; current = dirname(current)) {
    try {
      const stats = await statfs(current);
      return { free: stats.bavail * stats.bsize, total: stats.blocks * stats.bsize, measured: current };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(current) === current) throw error;
    }
  }
}

/** The answer of {@link checkFreeSpace}, with the numbers for the message when it is no. */
export interface SpaceCheck {
  /** Whether at least `needed` bytes are free. */
  readonly ok: boolean;
  readonly free: number;
  readonly total: number;
  /** The minimum in bytes (a percentage resolved against `total`). */
  readonly needed: number;
}

/** Whether the file system of `dir` has at least `min` free. */
export async function checkFreeSpace(dir: string, min: MinFree): Promise<SpaceCheck> {
  const { free, total } = await freeSpace(dir);
  const needed = 'bytes' in min ? min.bytes : Math.ceil((total * min.percent) / 100);
  return { ok: free >= needed, free, total, needed };
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** `1536` → `1.5 KiB`; one decimal at most, binary units, as the sizes users write for the minimum. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < BINARY_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = unit === 0 ? String(Math.round(value)) : value.toFixed(1).replace(/\.0$/, '');
  return `${text} ${BINARY_UNITS[unit]}`;
}
