/**
 * What an attempt changed, as git sees it: per-file line counts (for evidence and synthesized handoffs) and the
 * diff itself, capped (for a reviewer's prompt). Both are taken between the commit the work started from and the
 * commit that holds it; three dots would hide nothing here, since the work's commit descends from its start.
 */
import { git, splitNul } from './git.js';

export interface DiffStat {
  readonly file: string;
  /** `null` for a binary file (git prints `-`). */
  readonly added: number | null;
  readonly deleted: number | null;
}

/** `git diff --numstat` between two commits, renames shown as delete and add so every path is whole. */
export async function diffStat(dir: string, from: string, to: string): Promise<DiffStat[]> {
  const { stdout } = await git(dir, ['diff', '--numstat', '-z', '--no-renames', '--no-ext-diff', from, to]);
  return splitNul(stdout).flatMap((line) => {
    const [added, deleted, ...path] = line.split('\t');
    if (added === undefined || deleted === undefined || path.length === 0) return [];
    return [{ file: path.join('\t'), added: added === '-' ? null : Number(added), deleted: deleted === '-' ? null : Number(deleted) }];
  });
}

/** The diff between two commits, cut at `maxBytes` with a note saying how much was left out. */
export async function diffText(dir: string, from: string, to: string, maxBytes: number): Promise<string> {
  const { stdout } = await git(dir, ['diff', '--no-color', '--no-ext-diff', '--no-renames', from, to]);
  if (Buffer.byteLength(stdout) <= maxBytes) return stdout;
  const cut = Buffer.from(stdout).subarray(0, maxBytes).toString('utf8');
  const kept = cut.slice(0, Math.max(0, cut.lastIndexOf('\n')));
  return `${kept}\n… diff cut at ${maxBytes} bytes of ${Buffer.byteLength(stdout)}; see the branch for the rest\n`;
}
