/**
 * Evidence: the JSON record of what an attempt or a gate did — commands, exit codes, commits, diff stat, check logs,
 * usage, handoff, reviews — so that a person or another tool can check every claim a run makes without trusting
 * its summary. One file per attempt, `.baton/runs/<run>/evidence/<action>.<attempt>.json`, and one per gate run,
 * `_gate-<phase>.<iteration>.json` (the `_` is the one character no id starts with, as in workspace names, so a
 * gate's file can never be an action's: an action may well be called `gate-build`).
 *
 * The files are a format for other tools, so keys are snake_case and a value that is not known is `null`, never
 * left out. Every file is redacted before it is written and written atomically (temporary file, fsync, rename):
 * a reader sees a whole file or none.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AttemptOutcome } from '../engine/events.js';
import { BatonError } from '../errors.js';
import type { AdapterName } from '../plan/model.js';
import { Redactor } from '../process/redact.js';
import type { Verdict } from './review.js';

/** Bumped when a field changes meaning or goes away; new fields do not bump it. */
export const EVIDENCE_SCHEMA_VERSION = 1;

export interface ExitEvidence {
  /** `null` when the process was ended by a signal or never started. */
  readonly code: number | null;
  readonly signal: string | null;
}

/** One file of `git diff --numstat`; `null` counts for a binary file (git prints `-`). */
export interface DiffStatEntry {
  readonly file: string;
  readonly added: number | null;
  readonly deleted: number | null;
}

/** A command baton ran itself to check a claim (`verify`, `setup`, a gate check), with its log kept. */
export interface CheckEvidence {
  readonly name: string;
  readonly command: string;
  /** `null` when it was killed or could not start. */
  readonly exit: number | null;
  readonly passed: boolean;
  /** The file holding its whole output. */
  readonly log: string | null;
  readonly duration_ms: number;
}

export interface UsageEvidence {
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** As reported by the CLI or computed from the agent's `price`; `null` when neither could. */
  readonly cost_usd: number | null;
}

export interface HandoffEvidence {
  readonly file: string;
  /** True when the agent wrote none and baton made it from the evidence. */
  readonly synthesized: boolean;
  readonly content: string;
}

export interface ReviewEvidence {
  readonly reviewer: string;
  readonly round: number;
  /** `null` when the reviewer's verdict could not be read. */
  readonly verdict: Verdict | null;
  readonly reasons: readonly string[];
  readonly usage: UsageEvidence | null;
  readonly command: readonly string[];
}

export interface PromptEvidence {
  readonly file: string;
  /** An estimate of its size in tokens, when one was made. */
  readonly tokens: number | null;
}

/** The record of one attempt of one action. */
export interface AttemptEvidence {
  readonly schema_version: number;
  readonly kind: 'attempt';
  readonly run: string;
  readonly action: string;
  /** 1, 2, … across the whole run (a loop's later rounds keep counting). */
  readonly attempt: number;
  /** The round of a loop phase (1 outside loops). */
  readonly iteration: number;
  readonly agent: string;
  readonly adapter: AdapterName;
  /** The argv that was started (redacted), or the `run:` text of a shell action. */
  readonly command: readonly string[] | string;
  /** Where the process ran. */
  readonly cwd: string;
  /** The workspace's name (`<action>`, `<action>+<n>`, `_track-<agent>`); `null` when it ran in the target itself. */
  readonly workspace: string | null;
  readonly pid: number | null;
  /** ISO 8601. */
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly exit: ExitEvidence | null;
  readonly outcome: AttemptOutcome;
  /** The commit the attempt started from and the one that holds its work (`null`: outside git, or nothing made). */
  readonly base_commit: string | null;
  readonly result_commit: string | null;
  readonly diff_stat: readonly DiffStatEntry[];
  readonly setup: readonly CheckEvidence[];
  readonly verify: readonly CheckEvidence[];
  readonly usage: UsageEvidence | null;
  /** The agent's own last word, as its CLI reported it. */
  readonly final_message: string | null;
  readonly handoff: HandoffEvidence | null;
  readonly reviews: readonly ReviewEvidence[];
  readonly prompt: PromptEvidence | null;
  /** The attempt's own output. */
  readonly log: string | null;
}

/** A gate check: a {@link CheckEvidence} plus the metric it measured, if any. */
export interface GateCheckEvidence extends CheckEvidence {
  readonly metric: { readonly name: string; readonly value: number | null; readonly target: string | null; readonly baseline: number | null } | null;
}

/** The record of one run of a phase's gate on the integration branch. */
export interface GateEvidence {
  readonly schema_version: number;
  readonly kind: 'gate';
  readonly run: string;
  readonly phase: string;
  readonly iteration: number;
  /** The commit the checks ran on. */
  readonly commit: string | null;
  readonly started_at: string;
  readonly ended_at: string | null;
  readonly passed: boolean;
  readonly checks: readonly GateCheckEvidence[];
}

export type Evidence = AttemptEvidence | GateEvidence;

/** An evidence file that cannot be read back: not JSON, not evidence, or written by a newer baton. */
export class EvidenceFileError extends BatonError {
  override name = 'EvidenceFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`evidence file ${file}: ${problem}`);
  }
}

/** Where a run's evidence lives: `<runDir>/evidence`. */
export function evidenceDir(runDir: string): string {
  return join(runDir, 'evidence');
}

/** What ids look like (src/plan/schema.ts); checked again here because they become file names. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** The file of one record: `<action>.<attempt>.json` or `_gate-<phase>.<iteration>.json`. */
export function evidenceFileName(evidence: Evidence): string {
  const [id, n] = evidence.kind === 'attempt' ? [evidence.action, evidence.attempt] : [evidence.phase, evidence.iteration];
  if (!ID.test(id)) throw new RangeError(`evidence: expected an id of letters, digits, "-", "_" or ".", got ${JSON.stringify(id)}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`evidence: expected a whole number ≥ 1, got ${n}`);
  return evidence.kind === 'attempt' ? `${id}.${n}.json` : `_gate-${id}.${n}.json`;
}

export interface WriteEvidenceOptions {
  /** Built from the environments the attempt's processes had. @default a redactor of baton's own environment */
  readonly redactor?: Redactor;
}

/**
 * Writes one record under `<runDir>/evidence/`, redacted, atomically; a record written again (a resumed gate)
 * replaces the old one whole. Returns the file's path.
 */
export async function writeEvidence(runDir: string, evidence: Evidence, options: WriteEvidenceOptions = {}): Promise<string> {
  const dir = evidenceDir(runDir);
  const file = join(dir, evidenceFileName(evidence));
  const redactor = options.redactor ?? new Redactor(process.env);
  const text = `${JSON.stringify(redactor.redactValue(evidence), null, 2)}\n`;
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${evidenceFileName(evidence)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'w', 0o644);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
  return file;
}

export interface EvidenceFilter {
  /** Only this action's attempts (no gates). */
  readonly action?: string;
}

/**
 * Every record of a run: attempts sorted by action then attempt, then gates sorted by phase then iteration. A run
 * without an evidence directory has none. Temporary files of a write in progress are skipped.
 */
export async function readEvidence(runDir: string, filter: EvidenceFilter = {}): Promise<Evidence[]> {
  const dir = evidenceDir(runDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => join(dir, name));
  const records = await Promise.all(files.map(async (file) => parseEvidence(file, await readFile(file, 'utf8'))));
  const wanted = filter.action === undefined ? records : records.filter((r) => r.kind === 'attempt' && r.action === filter.action);
  return wanted.sort(compareEvidence);
}

function compareEvidence(a: Evidence, b: Evidence): number {
  if (a.kind !== b.kind) return a.kind === 'attempt' ? -1 : 1;
  if (key(a) !== key(b)) return key(a) < key(b) ? -1 : 1;
  return order(a) - order(b);
}

function key(evidence: Evidence): string {
  return evidence.kind === 'attempt' ? evidence.action : evidence.phase;
}

function order(evidence: Evidence): number {
  return evidence.kind === 'attempt' ? evidence.attempt : evidence.iteration;
}

/** Checks what tools rely on (kind, version, identity) and trusts the rest, as JSON from baton's own writer. */
export function parseEvidence(file: string, text: string): Evidence {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EvidenceFileError(file, `not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new EvidenceFileError(file, 'expected a JSON object');
  const record = value as Record<string, unknown>;
  const version = record.schema_version;
  if (typeof version !== 'number' || !Number.isInteger(version)) throw new EvidenceFileError(file, 'schema_version: expected a whole number');
  if (version > EVIDENCE_SCHEMA_VERSION) {
    throw new EvidenceFileError(file, `written by a newer baton (schema_version ${version}; this baton reads up to ${EVIDENCE_SCHEMA_VERSION})`);
  }
  const [idKey, nKey] = record.kind === 'attempt' ? ['action', 'attempt'] : record.kind === 'gate' ? ['phase', 'iteration'] : [];
  if (idKey === undefined || nKey === undefined) throw new EvidenceFileError(file, `kind: expected "attempt" or "gate", got ${JSON.stringify(record.kind)}`);
  if (typeof record[idKey] !== 'string') throw new EvidenceFileError(file, `${idKey}: expected a string`);
  if (typeof record[nKey] !== 'number') throw new EvidenceFileError(file, `${nKey}: expected a number`);
  return record as unknown as Evidence;
}
