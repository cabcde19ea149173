/**
 * bench/worktree: what baton's git work costs per action in a repository of 10,000 files, against a plain checkout
 * of the same tree. `npm run bench:worktree` (or `npx tsx bench/worktree.ts [actions]`).
 *
 * A temporary repository of 100 folders × 100 files (200–400 bytes each, one commit, in a pack), with git's
 * configuration isolated from the machine's (no global or system config: no hooks, no fsmonitor, no signing, no
 * identity, as on a fresh CI machine). Then, with baton's own functions (src/workspace), the integration branch is
 * created as a run creates it, and for each action, in rounds of 4 started from the same integration tip (as 4
 * concurrent actions would be, so 3 of 4 merges are real three-way merges):
 *
 * 1. **worktree**: what `PlacePreparer.prepare` does for a fresh worktree: the free-space check, the integration
 *    tip, `createWorktree` on the action's branch `baton/<run>+<action>` at `.baton/worktrees/<run>/<action>`;
 * 2. (not timed: the agent's work) one file changed and one added;
 * 3. **commit**: `commitAll` with the message and trailers `commitAttempt` writes;
 * 4. **merge**: `mergeIntoIntegration` into `baton/<run>`, as `mergeAttempt` calls it.
 *
 * The reference, measured in the same run: a plain checkout of the same commit into a fresh empty directory,
 * `git --work-tree=<dir> checkout <commit> -- .` with a temporary index file (git reads the tree, writes the 10,000
 * files and an index, and nothing else), through baton's `git()` wrapper like baton's own steps. Each action's
 * worktree is paired with one, alternately just before and just after it, and the checkouts are kept until the end
 * (this machine's file creation times drift, and freeing many files slows the next ones: see BENCHMARKS.md).
 * Prints a Markdown table; the repository is removed at the end.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem, tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkFreeSpace, parseMinFree } from '../src/workspace/disk.js';
import { ensureExcluded, git, revParse } from '../src/workspace/git.js';
import { mergeIntoIntegration } from '../src/workspace/integrate.js';
import { actionWorkspace, branchOf, integrationBranch, worktreeDir } from '../src/workspace/names.js';
import { commitAll, createWorktree } from '../src/workspace/worktree.js';
import { mulberry32 } from './random.js';

const FOLDERS = 100;
const FILES_PER_FOLDER = 100;
const ACTIONS = Number(process.argv[2] ?? 20);
/** Actions started from the same integration tip, as that many concurrent actions would be. */
const ROUND = 4;
const RUN = '20250101-120000-bnch';
const MIN_FREE = parseMinFree('1GiB');
let scratchCount = 0;

interface Action {
  readonly worktreeMs: number;
  readonly commitMs: number;
  readonly mergeMs: number;
  /** The plain checkout measured beside its worktree. */
  readonly referenceMs: number;
}

/** A fresh empty git configuration for every git this process starts (baton's `git()` passes the environment on). */
function isolateGitConfig(dir: string): void {
  const empty = join(dir, 'gitconfig');
  writeFileSync(empty, '');
  process.env.GIT_CONFIG_GLOBAL = empty;
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL']) delete process.env[name];
}

/**
 * The 10,000-file repository: one commit on `main`, written by `git fast-import` straight into a pack (as a cloned
 * repository's objects are). The main worktree is left unpopulated: no measured step reads it. Returns the commit.
 */
async function generateRepo(root: string): Promise<string> {
  const random = mulberry32(10_000);
  const words = ['cache', 'plan', 'agent', 'merge', 'lease', 'phase', 'gate', 'run', 'fact', 'action'];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  const stream = ['commit refs/heads/main\n', 'committer Bench <bench@example.com> 1735732800 +0000\n', data('ten thousand files')];
  for (let f = 0; f < FOLDERS; f++) {
    for (let i = 0; i < FILES_PER_FOLDER; i++) {
      const lines = [`// module ${f}, file ${i}`];
      const size = 200 + Math.floor(random() * 200);
      for (let n = 0; lines.join('\n').length < size; n++) {
        lines.push(`export const ${words[Math.floor(random() * words.length)]!}${n} = ${Math.floor(random() * 1e9)};`);
      }
      stream.push(`M 100644 inline src/m${String(f).padStart(2, '0')}/f${String(i).padStart(2, '0')}.ts\n`, data(`${lines.join('\n')}\n`));
    }
  }
  await git(root, ['init', '-q', '-b', 'main']);
  await git(root, ['fast-import', '--quiet'], { input: stream.join('') });
  return (await git(root, ['rev-parse', 'refs/heads/main'])).stdout.trim();
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Steps 1–4 for the actions of one round, step by step across the round. */
async function runRound(root: string, first: number, count: number, reference: () => Promise<number>): Promise<Action[]> {
  const integration = integrationBranch(RUN);
  const names = Array.from({ length: count }, (_, k) => actionWorkspace(`act${String(first + k).padStart(3, '0')}`, 1));
  const worktreeMs: number[] = [];
  const referenceMs: number[] = [];
  for (const [k, name] of names.entries()) {
    const worktree = (): Promise<number> =>
      timed(async () => {
        await checkFreeSpace(join(root, '.baton', 'worktrees'), MIN_FREE);
        const tip = await revParse(root, integration);
        if (tip === undefined) throw new Error(`${integration} is missing`);
        await createWorktree(root, { dir: worktreeDir(root, RUN, name), branch: branchOf(RUN, name), from: tip });
      });
    // Each worktree is paired with a plain checkout, alternately before and after it, so drift hits both alike.
    if ((first + k) % 2 === 0) referenceMs.push(await reference());
    worktreeMs.push(await worktree());
    if ((first + k) % 2 === 1) referenceMs.push(await reference());
  }
  const commitMs: number[] = [];
  for (const [k, name] of names.entries()) {
    const dir = worktreeDir(root, RUN, name);
    const n = first + k;
    const folder = join(dir, 'src', `m${String((n * 7) % FOLDERS).padStart(2, '0')}`);
    await appendFile(join(folder, `f${String(n % FILES_PER_FOLDER).padStart(2, '0')}.ts`), `export const changedBy${n} = ${n};\n`);
    await writeFile(join(folder, `new${n}.ts`), `export const added = ${n};\n`);
    const message = `baton: ${name} (attempt 1, agent dev)\n\n${name}`;
    const trailers = { 'Baton-Run': RUN, 'Baton-Action': name, 'Baton-Agent': 'dev', 'Baton-Attempt': '1' };
    commitMs.push(await timed(() => commitAll(dir, { message, trailers })));
  }
  const mergeMs: number[] = [];
  for (const name of names) {
    const branch = branchOf(RUN, name);
    const trailers = { 'Baton-Run': RUN, 'Baton-Action': name, 'Baton-Agent': 'dev', 'Baton-Attempt': '1' };
    const message = `baton: merge ${name} (attempt 1) into ${integration}`;
    let status = '';
    mergeMs.push(await timed(async () => (status = (await mergeIntoIntegration(root, { integration, branch, message, trailers })).status)));
    if (status !== 'merged') throw new Error(`merge of ${branch}: ${status}`);
  }
  return names.map((_, k) => ({ worktreeMs: worktreeMs[k]!, commitMs: commitMs[k]!, mergeMs: mergeMs[k]!, referenceMs: referenceMs[k]! }));
}

/**
 * The reference: the same tree checked out into a fresh empty directory with a temporary index. The directory is
 * kept until the end: on this machine freeing 10,000 files' pages slows the next files created (see BENCHMARKS.md).
 */
async function plainCheckout(root: string, scratch: string, commit: string): Promise<number> {
  const n = ++scratchCount;
  const dir = join(scratch, `checkout-${n}`);
  mkdirSync(dir);
  return timed(() => git(root, [`--work-tree=${dir}`, 'checkout', '-q', commit, '--', '.'], { env: { GIT_INDEX_FILE: join(scratch, `index-${n}`) } }));
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

function row(label: string, values: readonly number[]): string {
  const cells = [quantile(values, 0.5), quantile(values, 0.9), Math.min(...values), Math.max(...values)].map((ms) => ms.toFixed(0));
  return `| ${label} | ${values.length} | ${cells[0]} | ${cells[1]} | ${cells[2]}–${cells[3]} |`;
}

async function main(): Promise<void> {
  const scratch = realpathSync(mkdtempSync(join(tmpdir(), 'baton-bench-worktree-')));
  try {
    isolateGitConfig(scratch);
    const root = join(scratch, 'repo');
    mkdirSync(root);
    const setupStart = performance.now();
    const base = await generateRepo(root);
    const setupMs = performance.now() - setupStart;
    await ensureExcluded(root);
    await git(root, ['branch', integrationBranch(RUN), base]);
    // Warm-up, not counted.
    await plainCheckout(root, scratch, base);
    const reference = (): Promise<number> => plainCheckout(root, scratch, base);
    const actions: Action[] = [];
    const spawnMs: number[] = [];
    for (let first = 0; first < ACTIONS; first += ROUND) {
      actions.push(...(await runRound(root, first, Math.min(ROUND, ACTIONS - first), reference)));
      for (let k = 0; k < ROUND; k++) spawnMs.push(await timed(() => git(root, ['rev-parse', '--verify', 'HEAD'])));
    }
    const plain = actions.map((a) => a.referenceMs);
    const totals = actions.map((a) => a.worktreeMs + a.commitMs + a.mergeMs);
    const files = (await git(root, ['ls-tree', '-r', '--name-only', base])).stdout.split('\n').filter(Boolean).length;
    const { maxRSS } = process.resourceUsage();
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${(await git(root, ['--version'])).stdout.trim()}`);
    console.log(`repository: ${files} files in ${FOLDERS} folders, generated and committed in ${(setupMs / 1000).toFixed(1)} s; ${ACTIONS} actions in rounds of ${ROUND}`);
    console.log('');
    console.log('| step | n | median ms | p90 ms | min–max ms |');
    console.log('|---|---:|---:|---:|---:|');
    console.log(row('worktree: free-space check, integration tip, `createWorktree`', actions.map((a) => a.worktreeMs)));
    console.log(row('commit: `commitAll` (2 files changed)', actions.map((a) => a.commitMs)));
    console.log(row('merge: `mergeIntoIntegration`', actions.map((a) => a.mergeMs)));
    console.log(row('**per action, total**', totals));
    console.log(row('reference: `git --work-tree=<empty dir> checkout <commit> -- .` (temporary index)', plain));
    console.log(row('one git process (`git rev-parse --verify HEAD`)', spawnMs));
    console.log('');
    const paired = actions.map((a, k) => totals[k]! / a.referenceMs);
    console.log(`per action ÷ plain checkout: ${(quantile(totals, 0.5) / quantile(plain, 0.5)).toFixed(2)}× (medians); paired, each action ÷ its own checkout: median ${quantile(paired, 0.5).toFixed(2)}×, p90 ${quantile(paired, 0.9).toFixed(2)}×`);
    console.log(`baton's addition per action (total − its own checkout): median ${quantile(actions.map((a, k) => totals[k]! - a.referenceMs), 0.5).toFixed(0)} ms, p90 ${quantile(actions.map((a, k) => totals[k]! - a.referenceMs), 0.9).toFixed(0)} ms`);
    console.log(`worktree step ÷ plain checkout, paired: median ${quantile(actions.map((a) => a.worktreeMs / a.referenceMs), 0.5).toFixed(2)}×`);
    console.log(`node peak RSS (resourceUsage().maxRSS): ${(maxRSS / 1024).toFixed(0)} MB; rss at the end: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
