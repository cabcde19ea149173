/**
 * Run ids. A run id becomes a branch (`baton/<run>`), a directory (`.baton/runs/<run>/`) and something people
 * type, so it is short, lowercase, made of `[0-9a-z-]` only, and sorts in creation order.
 */
import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const SUFFIX_LENGTH = 4;

/** What {@link newRunId} produces: `YYYYMMDD-HHMMSS-xxxx`. */
export const RUN_ID_PATTERN = /^\d{8}-\d{6}-[0-9a-z]{4}$/;

/**
 * A new id like `20261121-072233-k3f9`: the UTC time (UTC so ids sort the same on every machine and across
 * daylight-saving changes) and 4 random characters, so two runs started in the same second still differ
 * (1.7 million choices; `createRun` refuses a duplicate rather than overwrite).
 */
export function newRunId(now: Date = new Date()): string {
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  const date = `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`;
  const time = `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${date}-${time}-${suffix}`;
}
