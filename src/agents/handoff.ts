/**
 * Handoffs: the structured note an action leaves for the actions that depend on it, in the form of the plans
 * baton runs ("Standard Handoff Template": handoff_id, from_agent, to_agent, phase, deliverables, dependencies,
 * quality_checks, risk_assessment, next_steps). An agent writes one at `$BATON_HANDOFF`; baton reads it leniently
 * (agents write lists as strings, numbers as phases, checks in three shapes), and when it is missing or unusable
 * baton writes one itself from what it knows for sure: the diff, its own checks, the agent's final message.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import type { CheckResult } from '../engine/events.js';
import type { Action, Phase, Risk } from '../plan/model.js';
import { RISKS } from '../plan/model.js';
import { formatPath } from '../plan/format-problem.js';
import { problemsFromIssues } from '../plan/zod-problems.js';

/** What a quality check's status says, once normalised; `unknown` when the text says neither. */
export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'unknown';

export interface QualityCheck {
  readonly name: string;
  readonly status: CheckStatus;
  /** What the status text said beyond its status word (`98% coverage`), or all of it when unrecognised. */
  readonly detail?: string;
}

/** A handoff, normalised. Fields the agent may leave out (baton knows them) are optional. */
export interface Handoff {
  readonly handoffId?: string;
  readonly fromAgent?: string;
  readonly toAgents: readonly string[];
  readonly phase?: string;
  readonly deliverables: readonly string[];
  readonly dependencies: readonly string[];
  readonly qualityChecks: readonly QualityCheck[];
  readonly risk?: Risk;
  readonly nextSteps: string;
  /** True when baton wrote it because the agent's was missing or invalid. */
  readonly synthesized?: boolean;
  readonly notes?: string;
}

/** A handoff file larger than this is a problem, not something to put into the next agent's prompt. */
export const MAX_HANDOFF_BYTES = 256 * 1024;

/** How many changed files a synthesized handoff lists before it summarises the rest. */
const MAX_LISTED_FILES = 20;
/** How much of the agent's final message becomes a synthesized handoff's `next_steps`. */
const MAX_NEXT_STEPS_CHARS = 1200;

const STATUS_WORDS: Readonly<Record<string, CheckStatus>> = {
  pass: 'passed', passed: 'passed', passes: 'passed', passing: 'passed', ok: 'passed', okay: 'passed', success: 'passed',
  successful: 'passed', succeeded: 'passed', green: 'passed', yes: 'passed', true: 'passed', done: 'passed',
  complete: 'passed', completed: 'passed', verified: 'passed', '✅': 'passed', '✓': 'passed', '✔': 'passed',
  fail: 'failed', failed: 'failed', fails: 'failed', failing: 'failed', failure: 'failed', error: 'failed', red: 'failed',
  false: 'failed', broken: 'failed', '❌': 'failed', '✗': 'failed', '✘': 'failed',
  skip: 'skipped', skipped: 'skipped', 'n/a': 'skipped', na: 'skipped', 'not run': 'skipped', 'not applicable': 'skipped',
};

/** Normalises a status text: its first word (or symbol) decides; the rest is kept as detail. */
export function normaliseStatus(text: string): { status: CheckStatus; detail?: string } {
  const trimmed = text.trim();
  const match = /^[*_`"'[(\s]*(not run|not applicable|n\/a|\p{L}+|[✅✓✔❌✗✘])[\uFE0F*_`"')\]]*[\s:,.;!-]*(.*)$/isu.exec(trimmed);
  const status = match?.[1] === undefined ? undefined : STATUS_WORDS[match[1].toLowerCase()];
  if (status === undefined) return trimmed === '' ? { status: 'unknown' } : { status: 'unknown', detail: trimmed };
  const rest = (match?.[2] ?? '').replace(/^\((.*)\)$/s, '$1').trim();
  return rest === '' ? { status } : { status, detail: rest };
}

// The YAML is parsed with the failsafe schema: every scalar is a string, so `phase: 2.10` stays "2.10".
const EMPTY = new Set(['', '~', 'null']);
const text = z.string();
/** A list item as agents write it: a string, or a small mapping (`- file: x`) read as `key: value` text. */
const item = z.union([text, z.record(z.string(), z.unknown()).transform(mapText)]);
const textList = z.union([text.transform((s) => [s]), z.array(item)]);
/** A check: `name: status` text, a one-key map `{name: status}`, or `{check|name: …, status|result: …}`. */
const checkItem = z.union([text, z.record(z.string(), z.unknown())]);
const checks = z.union([z.array(checkItem), z.record(z.string(), z.unknown()).transform((m) => Object.entries(m).map(([k, v]) => ({ [k]: v })))]);

const schema = z.object({
  handoff_id: text.optional(),
  from_agent: text.optional(),
  to_agent: textList.optional(),
  phase: text.optional(),
  deliverables: textList,
  dependencies: textList.optional(),
  quality_checks: checks.optional(),
  risk_assessment: text.optional(),
  next_steps: z.union([text, z.array(item).transform((items) => items.join('\n'))]).optional(),
  notes: z.union([text, z.array(item).transform((items) => items.join('\n'))]).optional(),
  /** Written by {@link formatHandoff} for baton's own handoffs, so that one read back keeps its mark. */
  synthesized: text.optional(),
});

/** Other names agents give the template's fields (after lower-casing and `-`/space → `_`). */
const KEY_ALIASES: Readonly<Record<string, string>> = {
  id: 'handoff_id', from: 'from_agent', to: 'to_agent', to_agents: 'to_agent', risk: 'risk_assessment',
  next_step: 'next_steps', next: 'next_steps', checks: 'quality_checks', quality_check: 'quality_checks', note: 'notes',
};

/**
 * Reads the handoff an agent wrote. `undefined` when there is no file; a problem (field, value, what was expected)
 * when it is too big, not YAML, or not a handoff — the caller then synthesizes one and says why.
 */
export function readHandoff(file: string): { handoff: Handoff } | { problem: string } | undefined {
  let raw: string;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) return { problem: `${file} is not a file` };
    if (stat.size > MAX_HANDOFF_BYTES) return { problem: `the file has ${stat.size} bytes; expected at most ${MAX_HANDOFF_BYTES}` };
    raw = readCapped(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { problem: `cannot read it: ${(error as Error).message}` };
  }
  return parseHandoff(raw);
}

/** Parses handoff text (YAML, perhaps inside a ```yaml fence, perhaps under a `handoff:` key). */
export function parseHandoff(source: string): { handoff: Handoff } | { problem: string } {
  let data: unknown;
  try {
    data = parse(stripFence(source), { schema: 'failsafe' });
  } catch (error) {
    return { problem: `not valid YAML: ${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  const fields = unwrapHandoff(canonicalKeys(data));
  if (fields === undefined) return { problem: 'expected a mapping with the handoff fields (deliverables, next_steps, …)' };
  const result = schema.safeParse(fields, { reportInput: true });
  if (!result.success) {
    const problems = problemsFromIssues(result.error.issues, schema);
    return { problem: problems.map((p) => `${formatPath(p.path) || 'handoff'}: ${p.message}`).join('; ') };
  }
  const risk = normaliseRisk(result.data.risk_assessment);
  if (risk === null) return { problem: `risk_assessment: expected "low", "medium" or "high", got ${JSON.stringify(result.data.risk_assessment)}` };
  return { handoff: normalise(result.data, risk) };
}

function normalise(data: z.infer<typeof schema>, risk: Risk | undefined): Handoff {
  return {
    ...optional('handoffId', data.handoff_id),
    ...optional('fromAgent', data.from_agent),
    toAgents: data.to_agent ?? [],
    ...optional('phase', data.phase),
    deliverables: data.deliverables.filter((d) => d.trim() !== ''),
    dependencies: (data.dependencies ?? []).filter((d) => d.trim() !== ''),
    qualityChecks: (data.quality_checks ?? []).map(qualityCheck),
    ...(risk === undefined ? {} : { risk }),
    nextSteps: (data.next_steps ?? '').trim(),
    ...(data.synthesized?.trim().toLowerCase() === 'true' ? { synthesized: true } : {}),
    ...optional('notes', data.notes?.trim()),
  };
}

function qualityCheck(entry: z.infer<typeof checkItem>): QualityCheck {
  if (typeof entry === 'string') return checkFromText(entry.trim());
  const named = entry['check'] ?? entry['name'];
  const status = entry['status'] ?? entry['result'];
  if (typeof named === 'string') return { name: named.trim(), ...normaliseStatus(typeof status === 'string' ? status : '') };
  const [name, value] = Object.entries(entry)[0] ?? ['', ''];
  return { name: name.trim(), ...normaliseStatus(typeof value === 'string' ? value : JSON.stringify(value)) };
}

/** `Job scheduler: PASSED`, `✅ lint clean`, `npm test passed`: the status is after a colon, or a first or last word. */
function checkFromText(entry: string): QualityCheck {
  const colon = entry.lastIndexOf(': ');
  if (colon > 0) return { name: entry.slice(0, colon).trim(), ...normaliseStatus(entry.slice(colon + 2)) };
  const first = normaliseStatus(entry);
  if (first.status !== 'unknown') return { name: first.detail ?? entry, status: first.status };
  const last = normaliseStatus(entry.split(/\s+/).at(-1) ?? '');
  return { name: entry, status: last.status };
}

/** `undefined`: not given; `null`: given but not recognisable. */
function normaliseRisk(value: string | undefined): Risk | undefined | null {
  if (value === undefined || value.trim() === '') return undefined;
  const word = /^[*_`"'\s]*([a-z]+)/i.exec(value)?.[1]?.toLowerCase() ?? '';
  const synonyms: Record<string, Risk> = { minimal: 'low', none: 'low', minor: 'low', moderate: 'medium', med: 'medium', critical: 'high', severe: 'high' };
  if ((RISKS as readonly string[]).includes(word)) return word as Risk;
  return synonyms[word] ?? null;
}

function readCapped(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(MAX_HANDOFF_BYTES);
    const length = readSync(fd, buffer, 0, MAX_HANDOFF_BYTES, 0);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}

function stripFence(source: string): string {
  const fenced = /^\s*(`{3,}|~{3,})[\w-]*\n([\s\S]*?)\n\s*\1\s*$/.exec(source);
  return fenced?.[2] ?? source;
}

/** Lower-cases keys, `-` and spaces to `_`, applies aliases, and drops empty scalars (`key:` with nothing). */
function canonicalKeys(data: unknown): unknown {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    const canonical = key.trim().toLowerCase().replace(/[\s-]+/g, '_');
    if (typeof value === 'string' && EMPTY.has(value.trim())) continue;
    out[KEY_ALIASES[canonical] ?? canonical] = canonical === 'handoff' ? canonicalKeys(value) : value;
  }
  return out;
}

function unwrapHandoff(data: unknown): Record<string, unknown> | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  const inner = record['handoff'];
  if (Object.keys(record).length === 1 && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
    return inner as Record<string, unknown>;
  }
  return record;
}

function mapText(map: Record<string, unknown>): string {
  return Object.entries(map)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(', ');
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value.trim() === '' ? {} : { [key]: value.trim() }) as { [P in K]?: string };
}

/** The id the template asks for: `HD-<date>-<agent>-<sequence>`, e.g. `HD-2026-11-21-DEVOPS-001` (UTC date). */
export function handoffId(date: Date, agent: string, sequence: number): string {
  const day = date.toISOString().slice(0, 10);
  const name = agent.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '') || 'AGENT';
  return `HD-${day}-${name}-${String(sequence).padStart(3, '0')}`;
}

export interface SynthesisInput {
  readonly run: string;
  readonly action: Action;
  readonly phase: Phase;
  readonly toAgents: readonly string[];
  /** Ids of the actions this one depended on. */
  readonly dependencies: readonly string[];
  readonly diffStat: readonly { readonly file: string; readonly added: number; readonly deleted: number }[];
  /** baton's own checks of the attempt (its `verify` results). */
  readonly checks: readonly CheckResult[];
  readonly finalMessage: string | undefined;
  readonly date: Date;
  readonly sequence: number;
  /** Why baton wrote it: `missing`, or `invalid: <problem>`. */
  readonly reason: string;
}

/**
 * The handoff baton writes when the agent's is missing or invalid, from facts only: the files the attempt
 * changed, the checks baton ran, the action's declared risk, and the agent's final message as next steps.
 * Marked `synthesized` so that the next agent knows nobody vouched for it.
 */
export function synthesizeHandoff(input: SynthesisInput): Handoff {
  const { action } = input;
  return {
    handoffId: handoffId(input.date, action.agent, input.sequence),
    fromAgent: action.agent,
    toAgents: [...input.toAgents],
    phase: input.phase.id,
    deliverables: deliverablesOf(input.diffStat),
    dependencies: [...input.dependencies],
    qualityChecks: input.checks.map(checkOf),
    risk: action.risk,
    nextSteps: nextStepsOf(input.finalMessage),
    synthesized: true,
    notes: `written by baton (run ${input.run}, action ${action.id}): the agent's handoff was ${input.reason}`,
  };
}

function deliverablesOf(diffStat: SynthesisInput['diffStat']): string[] {
  if (diffStat.length === 0) return ['no files changed'];
  const line = (d: SynthesisInput['diffStat'][number]): string => `${d.file} (+${d.added} -${d.deleted})`;
  if (diffStat.length <= MAX_LISTED_FILES) return diffStat.map(line);
  const shown = diffStat.slice(0, MAX_LISTED_FILES - 1);
  const rest = diffStat.slice(MAX_LISTED_FILES - 1);
  const added = rest.reduce((sum, d) => sum + d.added, 0);
  const deleted = rest.reduce((sum, d) => sum + d.deleted, 0);
  return [...shown.map(line), `and ${rest.length} more files (+${added} -${deleted})`];
}

function checkOf(check: CheckResult): QualityCheck {
  const notRun = !check.passed && check.exitCode === null && check.durationMs === 0;
  const status: CheckStatus = check.passed ? 'passed' : notRun ? 'skipped' : 'failed';
  const parts: string[] = [];
  if (check.value !== undefined) parts.push(`value ${check.value}`);
  if (check.target !== undefined) parts.push(`target ${check.target}`);
  if (status === 'failed') parts.push(check.exitCode === null ? 'no exit code (stopped)' : `exit ${check.exitCode}`);
  if (notRun) parts.push('not run: an earlier check failed');
  return parts.length === 0 ? { name: check.name, status } : { name: check.name, status, detail: parts.join(', ') };
}

function nextStepsOf(message: string | undefined): string {
  const trimmed = (message ?? '').trim();
  if (trimmed === '') return 'none stated: the agent left no final message';
  if (trimmed.length <= MAX_NEXT_STEPS_CHARS) return trimmed;
  const cut = trimmed.slice(0, MAX_NEXT_STEPS_CHARS);
  const lineEnd = cut.lastIndexOf('\n');
  return `${(lineEnd > MAX_NEXT_STEPS_CHARS / 2 ? cut.slice(0, lineEnd) : cut).trimEnd()} …`;
}

/** The handoff as YAML text, keys in the template's order; this is what the next agent's prompt quotes. */
export function formatHandoff(handoff: Handoff): string {
  const doc: Record<string, unknown> = {};
  if (handoff.handoffId !== undefined) doc['handoff_id'] = handoff.handoffId;
  if (handoff.fromAgent !== undefined) doc['from_agent'] = handoff.fromAgent;
  if (handoff.toAgents.length > 0) doc['to_agent'] = handoff.toAgents.length === 1 ? handoff.toAgents[0] : handoff.toAgents;
  if (handoff.phase !== undefined) doc['phase'] = handoff.phase;
  doc['deliverables'] = handoff.deliverables;
  doc['dependencies'] = handoff.dependencies;
  doc['quality_checks'] = handoff.qualityChecks.map((c) => ({ [c.name]: statusText(c) }));
  if (handoff.risk !== undefined) doc['risk_assessment'] = handoff.risk;
  doc['next_steps'] = handoff.nextSteps;
  if (handoff.synthesized === true) doc['synthesized'] = true;
  if (handoff.notes !== undefined) doc['notes'] = handoff.notes;
  return stringify(doc, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' });
}

function statusText(check: QualityCheck): string {
  if (check.detail === undefined) return check.status;
  return check.status === 'unknown' ? check.detail : `${check.status} (${check.detail})`;
}
