import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVIDENCE_SCHEMA_VERSION, writeEvidence } from '../src/agents/evidence.js';
import type { AttemptEvidence, Evidence, GateEvidence } from '../src/agents/evidence.js';
import { Redactor } from '../src/process/redact.js';
import { runBaton } from './support/run-baton.js';
import { status } from './support/target.js';

const OLD_RUN = '20250101-090000-aaaa';
const RUN = '20250102-120000-bcde';

function attempt(action: string, n: number, extra: Partial<AttemptEvidence> = {}): AttemptEvidence {
  return {
    schema_version: EVIDENCE_SCHEMA_VERSION, kind: 'attempt', run: RUN, action, attempt: n, iteration: 1, agent: 'devops', adapter: 'claude-code',
    command: ['claude', '-p', 'Replace the disk cleanup.\nWith thresholds.', '--output-format', 'stream-json'], cwd: `/repo/.baton/worktrees/${RUN}/${action}`,
    workspace: action, pid: 4242, started_at: '2025-01-02T12:00:00.000Z', ended_at: '2025-01-02T12:01:30.000Z', exit: { code: 0, signal: null },
    outcome: 'succeeded', base_commit: '1111111111aaaaaaaaaa', result_commit: '2222222222bbbbbbbbbb',
    diff_stat: [{ file: 'scripts/cleanup.sh', added: 40, deleted: 2 }, { file: 'README.md', added: 3, deleted: 0 }],
    setup: [{ name: 'setup', command: 'npm ci', exit: 0, passed: true, log: '/logs/setup.log', duration_ms: 8100 }],
    verify: [{ name: 'verify', command: 'test -x scripts/cleanup.sh', exit: 0, passed: true, log: '/logs/verify.log', duration_ms: 15 }],
    usage: { input_tokens: 12345, output_tokens: 2345, cost_usd: 0.1234 }, final_message: 'Cleanup script added.\nDetails follow.',
    handoff: { file: `/repo/.baton/runs/${RUN}/handoffs/${action}.md`, synthesized: true, content: '## Deliverables' },
    reviews: [{ reviewer: 'qa', round: 1, verdict: 'request_changes', reasons: ['add a dry-run flag'], usage: null, command: ['claude', '-p', 'review'] }],
    prompt: { file: `/repo/.baton/runs/${RUN}/prompts/${action}.${n}.md`, tokens: 850 }, log: `/repo/.baton/runs/${RUN}/logs/${action}.log`,
    ...extra,
  };
}

const gate: GateEvidence = {
  schema_version: EVIDENCE_SCHEMA_VERSION, kind: 'gate', run: RUN, phase: 'quick-wins', iteration: 1, commit: '3333333333cccccccccc',
  started_at: '2025-01-02T12:05:00.000Z', ended_at: '2025-01-02T12:05:04.000Z', passed: false,
  checks: [
    { name: 'tests', command: 'npm test', exit: 0, passed: true, log: '/logs/gate-tests.log', duration_ms: 3000, metric: null },
    { name: 'build-time', command: './measure.sh', exit: 0, passed: false, log: '/logs/gate-time.log', duration_ms: 1000, metric: { name: 'build_s', value: 95, target: '<= 90', baseline: 120 } },
  ],
};

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baton-evidence-cli-'));
  const redactor = new Redactor({ ANTHROPIC_API_KEY: 'sk-ant-do-not-print' });
  const write = (run: string, evidence: Evidence) => writeEvidence(join(dir, '.baton', 'runs', run), evidence, { redactor });
  await write(OLD_RUN, { ...attempt('old-action', 1), run: OLD_RUN });
  await write(RUN, attempt('disk-cleanup', 1, { outcome: 'changes_requested' }));
  await write(RUN, attempt('disk-cleanup', 2, { reviews: [], handoff: null, final_message: 'key was sk-ant-do-not-print' }));
  await write(RUN, attempt('cache-setup', 1, { outcome: 'failed', exit: { code: 1, signal: null }, result_commit: null, diff_stat: [], usage: null }));
  await write(RUN, gate);
});

describe('baton evidence', () => {
  it('prints one block per attempt and per gate run, for the latest run by default', () => {
    const result = runBaton(['evidence', '--cwd', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(`run ${RUN}`);
    expect(out).not.toContain('old-action');
    expect(out.indexOf('cache-setup  attempt 1')).toBeLessThan(out.indexOf('disk-cleanup  attempt 1'));
    expect(out.indexOf('disk-cleanup  attempt 2')).toBeLessThan(out.indexOf('gate quick-wins'));
    expect(out).toContain('disk-cleanup  attempt 1  agent devops (claude-code)  changes_requested');
    expect(out).toContain("command   claude -p 'Replace the disk cleanup.…' --output-format stream-json");
    expect(out).toContain('process   exit 0 · 1m 30s · pid 4242 · workspace disk-cleanup');
    expect(out).toContain('commits   1111111111 → 2222222222');
    expect(out).toContain('diff      2 files, +43 −2 (scripts/cleanup.sh, README.md)');
    expect(out).toContain('setup     ✓ setup: npm ci  exit 0, 8.1s  /logs/setup.log');
    expect(out).toContain('verify    ✓ verify: test -x scripts/cleanup.sh  exit 0, 15ms  /logs/verify.log');
    expect(out).toContain('usage     12,345 in + 2,345 out tokens, $0.1234');
    expect(out).toContain(`handoff   /repo/.baton/runs/${RUN}/handoffs/disk-cleanup.md (synthesized by baton: the agent wrote none)`);
    expect(out).toContain('review    qa round 1: request_changes: add a dry-run flag');
    expect(out).toContain(`prompt    /repo/.baton/runs/${RUN}/prompts/disk-cleanup.1.md (~850 tokens)`);
    expect(out).toContain('message   Cleanup script added.…');
    expect(out).toContain('cache-setup  attempt 1  agent devops (claude-code)  failed');
    expect(out).toContain('process   exit 1 · 1m 30s');
    expect(out).toContain('gate quick-wins  iteration 1  failed  on 3333333333  4.0s');
    expect(out).toContain('✗ build-time: ./measure.sh  exit 0, 1.0s  /logs/gate-time.log\n      build_s = 95 (target <= 90, baseline 120)');
  });

  it('never shows a secret: the files were redacted when written', () => {
    const result = runBaton(['evidence', RUN, 'disk-cleanup', '--json', '--cwd', dir]);
    expect(result.stdout).not.toContain('sk-ant-do-not-print');
    expect(result.stdout).toContain('key was [redacted:ANTHROPIC_API_KEY]');
  });

  it('prints the records as JSON with --json, gates after attempts', () => {
    const result = runBaton(['evidence', RUN, '--json', '--cwd', dir]);
    expect(result.code).toBe(0);
    const records = JSON.parse(result.stdout) as Evidence[];
    expect(records.map((e) => (e.kind === 'attempt' ? `${e.action}.${e.attempt}` : `gate:${e.phase}`))).toEqual(['cache-setup.1', 'disk-cleanup.1', 'disk-cleanup.2', 'gate:quick-wins']);
    expect(records[1]).toEqual(attempt('disk-cleanup', 1, { outcome: 'changes_requested' }));
  });

  it("shows only one action's attempts when it is named, for a named run or the latest", () => {
    const named = runBaton(['evidence', OLD_RUN, 'old-action', '--json', '--cwd', dir]);
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as AttemptEvidence[]).map((e) => e.action)).toEqual(['old-action']);
    const latest = runBaton(['evidence', 'latest', 'disk-cleanup', '--cwd', dir]);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain('disk-cleanup  attempt 2');
    expect(latest.stdout).not.toMatch(/cache-setup|gate quick-wins/);
  });

  it('exits 2 for an action without evidence, naming the near one', () => {
    const result = runBaton(['evidence', RUN, 'disk-clenup', '--cwd', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`run ${RUN} has no evidence for action "disk-clenup" (did you mean "disk-cleanup"?)`);
  });

  it('exits 2 for an unknown run and lists the recent ones', () => {
    const result = runBaton(['evidence', '20990101-000000-zzzz', '--cwd', dir]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`unknown run "20990101-000000-zzzz"; recent runs: ${RUN}, ${OLD_RUN}`);
  });

  it('exits 2 where there are no runs at all', () => {
    const empty = mkdtempSync(join(tmpdir(), 'baton-evidence-empty-'));
    const result = runBaton(['evidence', '--cwd', empty]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no runs here yet');
  });

  it('takes the latest run from the database, as baton status does, and shows a run without evidence as such', () => {
    const target = mkdtempSync(join(tmpdir(), 'baton-evidence-db-'));
    writeFileSync(join(target, 'plan.yaml'), 'actions:\n  - { id: hello, run: echo hi }\n');
    expect(runBaton(['run', 'plan.yaml'], { cwd: target }).code).toBe(0);
    const { run } = status(target);
    const result = runBaton(['evidence'], { cwd: target });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`run ${run}`);
  });
});
