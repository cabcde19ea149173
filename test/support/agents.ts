/**
 * Running baton against the fake agent CLIs of test/fixtures: baton gets them first on its PATH and the FAKE_*
 * variables that drive them (test/fixtures/fake-agent/behaviour.mjs), and tests read back what the run left: the
 * evidence records, the store's attempts, the prompts the fakes were given.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { AttemptEvidence, Evidence, GateEvidence } from '../../src/agents/evidence.js';
import type { AttemptRow } from '../../src/store/rows.js';
import { openStore } from '../../src/store/open.js';
import { batonCommand, repoRoot } from './run-baton.js';
import type { BatonRun } from './run-baton.js';

/** The directory holding the fake `claude`, `codex`, `gemini`, `aider` and `command-agent`. */
export const FAKE_BIN = join(repoRoot, 'test', 'fixtures', 'bin');

/** One invocation of a fake, as a FAKE_SCRIPT step (behaviour.mjs): its mode, files, words, handoff, usage. */
export interface FakeStep {
  readonly mode?: 'ok' | 'fail' | 'partial' | 'crash' | 'hang' | 'no-result';
  readonly write?: Readonly<Record<string, string>>;
  readonly say?: string;
  /** `true`: a valid handoff; an object: a valid one with these fields; a string: written verbatim. */
  readonly handoff?: true | Readonly<Record<string, unknown>> | string;
  readonly usage?: { readonly input: number; readonly output: number; readonly cost?: number };
}

/**
 * Runs baton in `cwd` with the fakes first on PATH and `env` on top of the test's own environment. The
 * environment is the child's only: the test process's own stays untouched.
 */
export function runWithAgents(cwd: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): BatonRun {
  const [command, argv] = batonCommand(args);
  const result = spawnSync(command, argv, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env, PATH: `${FAKE_BIN}:${env['PATH'] ?? process.env['PATH'] ?? ''}` },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh directory outside any target, for scripts and prompt logs that no worktree may see. */
export function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'baton-fake-'));
}

/** Writes a FAKE_SCRIPT: each invocation of any fake that gets it takes the next step, the last one repeats. */
export function fakeScript(steps: readonly FakeStep[]): string {
  const file = join(scratch(), 'script.json');
  writeFileSync(file, JSON.stringify(steps));
  return file;
}

/** A FAKE_PROMPT_LOG directory, and the prompts logged in it so far, in the order the fakes got them. */
export function promptLog(): { readonly dir: string; readonly prompts: () => string[] } {
  const dir = join(scratch(), 'prompts');
  mkdirSync(dir);
  const prompts = () =>
    readdirSync(dir)
      .map((name) => Number(name.replace(/\.txt$/, '')))
      .sort((a, b) => a - b)
      .map((n) => readFileSync(join(dir, `${n}.txt`), 'utf8'));
  return { dir, prompts };
}

/** Every evidence record of `run` (default: the latest run) in `dir`, as `baton evidence --json` prints them. */
export function evidence(dir: string, run?: string): Evidence[] {
  const result = runWithAgents(dir, ['evidence', ...(run === undefined ? [] : [run]), '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Evidence[];
}

/** The records of `action`'s attempts among `records`, in attempt order. */
export function attemptsOf(records: readonly Evidence[], action: string): AttemptEvidence[] {
  return records.filter((e): e is AttemptEvidence => e.kind === 'attempt' && e.action === action);
}

/** The gate records among `records`. */
export function gatesOf(records: readonly Evidence[]): GateEvidence[] {
  return records.filter((e): e is GateEvidence => e.kind === 'gate');
}

/** The store's rows for the attempts of `run` (outcomes, usage), read from `.baton/baton.db` read-only. */
export function attemptRows(dir: string, run: string): AttemptRow[] {
  const store = openStore(join(dir, '.baton', 'baton.db'), { readonly: true });
  try {
    return store.attempts(run);
  } finally {
    store.close();
  }
}

/** Every regular file under `root`, recursively (symbolic links are not followed). */
export function filesUnder(root: string): string[] {
  return readdirSync(root, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}
