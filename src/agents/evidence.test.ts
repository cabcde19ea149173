import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Redactor } from '../process/redact.js';
import { EVIDENCE_SCHEMA_VERSION, EvidenceFileError, evidenceDir, readEvidence, writeEvidence } from './evidence.js';
import type { AttemptEvidence, GateEvidence } from './evidence.js';

function runDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'baton-evidence-')), '.baton', 'runs', '20250101-120000-abcd');
}

function attempt(action: string, n: number, extra: Partial<AttemptEvidence> = {}): AttemptEvidence {
  return {
    schema_version: EVIDENCE_SCHEMA_VERSION, kind: 'attempt', run: '20250101-120000-abcd', action, attempt: n, iteration: 1,
    agent: 'dev', adapter: 'claude-code', command: ['claude', '-p', '--output-format', 'stream-json'], cwd: '/repo', workspace: action,
    pid: 4242, started_at: '2025-01-01T12:00:00.000Z', ended_at: '2025-01-01T12:01:30.000Z', exit: { code: 0, signal: null },
    outcome: 'succeeded', base_commit: 'a'.repeat(40), result_commit: 'b'.repeat(40), diff_stat: [{ file: 'src/x.ts', added: 10, deleted: 2 }],
    setup: [], verify: [{ name: 'verify', command: 'npm test', exit: 0, passed: true, log: '/repo/.baton/runs/r/logs/x.verify.log', duration_ms: 1200 }],
    usage: { input_tokens: 1000, output_tokens: 200, cost_usd: 0.012 }, final_message: 'Done.', handoff: null, reviews: [],
    prompt: { file: '/repo/.baton/runs/r/prompts/x.1.md', tokens: null }, log: '/repo/.baton/runs/r/logs/x.log',
    ...extra,
  };
}

function gate(phase: string, iteration: number): GateEvidence {
  return {
    schema_version: EVIDENCE_SCHEMA_VERSION, kind: 'gate', run: '20250101-120000-abcd', phase, iteration, commit: 'c'.repeat(40),
    started_at: '2025-01-01T12:02:00.000Z', ended_at: '2025-01-01T12:02:05.000Z', passed: true,
    checks: [{ name: 'tests', command: 'npm test', exit: 0, passed: true, log: '/logs/gate.log', duration_ms: 5000, metric: null }],
  };
}

describe('evidence files', () => {
  it('writes one file per attempt and per gate run, with snake_case keys as they are given', async () => {
    const dir = runDir();
    const file = await writeEvidence(dir, attempt('cache-setup', 2));
    await writeEvidence(dir, gate('build', 1));
    expect(file).toBe(join(evidenceDir(dir), 'cache-setup.2.json'));
    expect(readdirSync(evidenceDir(dir)).sort()).toEqual(['_gate-build.1.json', 'cache-setup.2.json']);
    const json = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(json).toMatchObject({ schema_version: 1, kind: 'attempt', action: 'cache-setup', attempt: 2, diff_stat: [{ file: 'src/x.ts', added: 10, deleted: 2 }] });
  });

  it('keeps an action called gate-build apart from the gate of phase build', async () => {
    const dir = runDir();
    await writeEvidence(dir, attempt('gate-build', 1));
    await writeEvidence(dir, gate('build', 1));
    expect((await readEvidence(dir)).map((e) => e.kind)).toEqual(['attempt', 'gate']);
  });

  it('redacts secrets before writing, with the redactor given or one of baton’s own environment', async () => {
    const dir = runDir();
    const redactor = new Redactor({ ANTHROPIC_API_KEY: 'sk-ant-very-secret' });
    await writeEvidence(dir, attempt('a', 1, { command: ['claude', '--key', 'sk-ant-very-secret'], final_message: 'used sk-ant-very-secret' }), { redactor });
    const text = readFileSync(join(evidenceDir(dir), 'a.1.json'), 'utf8');
    expect(text).not.toContain('sk-ant-very-secret');
    expect(text).toContain('[redacted:ANTHROPIC_API_KEY]');

    process.env.BATON_TEST_EVIDENCE_TOKEN = 'from-baton-env-123';
    try {
      await writeEvidence(dir, attempt('b', 1, { final_message: 'from-baton-env-123' }));
    } finally {
      delete process.env.BATON_TEST_EVIDENCE_TOKEN;
    }
    expect(readFileSync(join(evidenceDir(dir), 'b.1.json'), 'utf8')).toContain('[redacted:BATON_TEST_EVIDENCE_TOKEN]');
  });

  it('replaces a record written again whole, and leaves no temporary file', async () => {
    const dir = runDir();
    await writeEvidence(dir, attempt('a', 1, { outcome: 'interrupted' }));
    await writeEvidence(dir, attempt('a', 1, { outcome: 'succeeded' }));
    expect(readdirSync(evidenceDir(dir))).toEqual(['a.1.json']);
    expect((await readEvidence(dir))[0]).toMatchObject({ outcome: 'succeeded' });
  });

  it('refuses ids that are not ids, since they become file names', async () => {
    await expect(writeEvidence(runDir(), attempt('../escape', 1))).rejects.toThrow(RangeError);
    await expect(writeEvidence(runDir(), attempt('a', 0))).rejects.toThrow(RangeError);
  });
});

describe('reading evidence back', () => {
  it('sorts attempts by action then attempt (10 after 9), then gates by phase then iteration', async () => {
    const dir = runDir();
    for (const [action, n] of [['b', 1], ['a', 10], ['a', 9], ['a.1', 2]] as const) await writeEvidence(dir, attempt(action, n));
    await writeEvidence(dir, gate('z', 2));
    await writeEvidence(dir, gate('z', 1));
    const all = await readEvidence(dir);
    expect(all.map((e) => (e.kind === 'attempt' ? `${e.action}.${e.attempt}` : `gate ${e.phase}.${e.iteration}`))).toEqual(['a.9', 'a.10', 'a.1.2', 'b.1', 'gate z.1', 'gate z.2']);
    expect(all[0]).toEqual(attempt('a', 9));
  });

  it('filters by action, leaving out gates', async () => {
    const dir = runDir();
    await writeEvidence(dir, attempt('a', 1));
    await writeEvidence(dir, attempt('a', 2));
    await writeEvidence(dir, attempt('ab', 1));
    await writeEvidence(dir, gate('main', 1));
    expect((await readEvidence(dir, { action: 'a' })).map((e) => e.kind === 'attempt' && e.attempt)).toEqual([1, 2]);
  });

  it('finds nothing for a run without evidence, and skips temporary files', async () => {
    const dir = runDir();
    expect(await readEvidence(dir)).toEqual([]);
    mkdirSync(evidenceDir(dir), { recursive: true });
    writeFileSync(join(evidenceDir(dir), '.a.1.json.123.abcd.tmp'), '{');
    expect(await readEvidence(dir)).toEqual([]);
  });

  it('names the file that is not evidence, and one written by a newer baton', async () => {
    const dir = runDir();
    mkdirSync(evidenceDir(dir), { recursive: true });
    const file = join(evidenceDir(dir), 'x.1.json');
    writeFileSync(file, '{"schema_version": 1, "kind": "other"}');
    await expect(readEvidence(dir)).rejects.toThrow(new EvidenceFileError(file, 'kind: expected "attempt" or "gate", got "other"'));
    writeFileSync(file, JSON.stringify({ ...attempt('x', 1), schema_version: 99 }));
    await expect(readEvidence(dir)).rejects.toThrow(/newer baton \(schema_version 99/);
    writeFileSync(file, 'not json');
    await expect(readEvidence(dir)).rejects.toThrow(/x\.1\.json: not JSON/);
  });
});
