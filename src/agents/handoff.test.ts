import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../engine/events.js';
import { testPlan } from '../planner/test-plan.js';
import type { Handoff, SynthesisInput } from './handoff.js';
import { formatHandoff, handoffId, MAX_HANDOFF_BYTES, normaliseStatus, parseHandoff, readHandoff, synthesizeHandoff } from './handoff.js';

const SEED_EXAMPLE = `handoff_id: HD-2024-01-15-DEVOPS-001
from_agent: DevOps Engineer
to_agent: Performance Specialist
phase: 2.1
deliverables:
  - Disk space-aware job scheduler implementation
  - Resource allocation monitoring dashboard
dependencies:
  - Enhanced disk cleanup script (Phase 1)
quality_checks:
  - Job scheduler functionality: PASSED
  - Resource monitoring accuracy: PASSED
risk_assessment: low
next_steps: Implement smart matrix execution using job scheduler API
`;

function fileWith(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'baton-handoff-')), 'handoff.yaml');
  writeFileSync(file, text);
  return file;
}

function handoffOf(text: string): { handoff: Handoff } {
  const result = parseHandoff(text);
  if (!('handoff' in result)) throw new Error(`expected a handoff, got the problem: ${result.problem}`);
  return result;
}

function problemOf(text: string): string {
  const result = parseHandoff(text);
  if (!('problem' in result)) throw new Error('expected a problem');
  return result.problem;
}

const check = (name: string, passed: boolean, extra: Partial<CheckResult> = {}): CheckResult => ({
  name, exitCode: passed ? 0 : 1, passed, durationMs: 5, ...extra,
});

function synthesisInput(overrides: Partial<SynthesisInput> = {}): SynthesisInput {
  const plan = testPlan({ actions: [{ id: 'disk-cleanup', agent: 'devops' }], agents: { devops: 1 } });
  return {
    run: 'r1', action: { ...plan.actions[0]!, risk: 'medium' }, phase: plan.phases[0]!, toAgents: ['qa'], dependencies: ['setup'],
    diffStat: [{ file: 'scripts/cleanup.sh', added: 40, deleted: 2 }, { file: '.github/workflows/ci.yml', added: 3, deleted: 1 }],
    checks: [check('test -x scripts/cleanup.sh', true), check('npm test', false)],
    finalMessage: '  Cleanup script in place.\nNext: wire it into the nightly job.  ', date: new Date('2026-11-21T10:00:00Z'),
    sequence: 1, reason: 'missing', ...overrides,
  };
}

describe('reading handoffs', () => {
  it('reads the example handoff of the plans baton runs, phase kept as written', () => {
    const { handoff } = handoffOf(SEED_EXAMPLE.replace('phase: 2.1', 'phase: 2.10'));
    expect(handoff).toEqual({
      handoffId: 'HD-2024-01-15-DEVOPS-001', fromAgent: 'DevOps Engineer', toAgents: ['Performance Specialist'], phase: '2.10',
      deliverables: ['Disk space-aware job scheduler implementation', 'Resource allocation monitoring dashboard'],
      dependencies: ['Enhanced disk cleanup script (Phase 1)'],
      qualityChecks: [{ name: 'Job scheduler functionality', status: 'passed' }, { name: 'Resource monitoring accuracy', status: 'passed' }],
      risk: 'low', nextSteps: 'Implement smart matrix execution using job scheduler API',
    });
  });

  it('a handoff with quality checks as one-key maps is read', () => {
    const { handoff } = handoffOf('deliverables: [a]\nquality_checks:\n  - npm test: passed\n  - lint: "FAILED (3 warnings)"\n  - e2e: n/a\n');
    expect(handoff.qualityChecks).toEqual([
      { name: 'npm test', status: 'passed' },
      { name: 'lint', status: 'failed', detail: '3 warnings' },
      { name: 'e2e', status: 'skipped' },
    ]);
  });

  it('reads quality checks written as objects, as a mapping, or as sentences', () => {
    expect(handoffOf('deliverables: [a]\nquality_checks:\n  - check: build\n    status: ✅\n  - name: docs\n    result: pending\n').handoff.qualityChecks)
      .toEqual([{ name: 'build', status: 'passed' }, { name: 'docs', status: 'unknown', detail: 'pending' }]);
    expect(handoffOf('deliverables: [a]\nquality_checks: { tests: ok, bench: skipped }\n').handoff.qualityChecks)
      .toEqual([{ name: 'tests', status: 'passed' }, { name: 'bench', status: 'skipped' }]);
    expect(handoffOf('deliverables: [a]\nquality_checks:\n  - npm test passed\n  - ❌ lint\n').handoff.qualityChecks)
      .toEqual([{ name: 'npm test passed', status: 'passed' }, { name: 'lint', status: 'failed' }]);
  });

  it('accepts to_agent as a list, a number as phase, lists written as one string, and other key spellings', () => {
    const { handoff } = handoffOf('Handoff-ID: x\nto_agents: [qa, docs]\nphase: 3\ndeliverables: one thing\nDependencies: setup\nrisk: Moderate, touches CI\nnext-steps:\n  - merge\n  - announce\n');
    expect(handoff).toMatchObject({ handoffId: 'x', toAgents: ['qa', 'docs'], phase: '3', deliverables: ['one thing'], dependencies: ['setup'], risk: 'medium', nextSteps: 'merge\nannounce' });
  });

  it('reads deliverables written as small mappings as text', () => {
    expect(handoffOf('deliverables:\n  - file: scripts/cleanup.sh\n    what: the script\n').handoff.deliverables).toEqual(['file: scripts/cleanup.sh, what: the script']);
  });

  it('reads a handoff inside a yaml fence or under a handoff key', () => {
    expect(handoffOf('```yaml\ndeliverables: [a]\nnext_steps: go\n```\n').handoff.nextSteps).toBe('go');
    expect(handoffOf('handoff:\n  deliverables: [a]\n  next_steps: go\n').handoff.deliverables).toEqual(['a']);
  });

  it('a handoff missing deliverables is a problem naming the field', () => {
    expect(problemOf('from_agent: devops\nnext_steps: go\n')).toBe('deliverables: missing required field "deliverables"');
    expect(problemOf('deliverables:\nnext_steps: go\n')).toBe('deliverables: missing required field "deliverables"');
  });

  it('a field of the wrong shape is a problem naming the field, the value and what was expected', () => {
    expect(problemOf('deliverables: [a]\nnext_steps: { a: b }\n')).toMatch(/^next_steps: expected a string or a list, got a mapping$/);
    expect(problemOf('deliverables: [a]\nrisk_assessment: purple\n')).toBe('risk_assessment: expected "low", "medium" or "high", got "purple"');
  });

  it('text that is not YAML or not a mapping is a problem', () => {
    expect(problemOf('deliverables: [a\n')).toMatch(/^not valid YAML: /);
    expect(problemOf('- just\n- a list\n')).toMatch(/expected a mapping/);
  });

  it('no file is undefined; a file too big is a problem', () => {
    expect(readHandoff(join(tmpdir(), 'baton-no-such-dir', 'handoff.yaml'))).toBeUndefined();
    expect(readHandoff(fileWith(`deliverables: [a]\nnotes: "${'x'.repeat(MAX_HANDOFF_BYTES)}"\n`))).toEqual({
      problem: expect.stringMatching(/bytes; expected at most 262144$/) as unknown,
    });
    expect(readHandoff(fileWith(SEED_EXAMPLE))).toMatchObject({ handoff: { fromAgent: 'DevOps Engineer' } });
  });
});

describe('check statuses', () => {
  it('are normalised by their first word, keeping the rest as detail', () => {
    expect(normaliseStatus('PASSED (98% coverage)')).toEqual({ status: 'passed', detail: '98% coverage' });
    expect(normaliseStatus('**Failing** - 2 tests')).toEqual({ status: 'failed', detail: '2 tests' });
    expect(normaliseStatus('Not run')).toEqual({ status: 'skipped' });
    expect(normaliseStatus('✔️ done')).toEqual({ status: 'passed', detail: 'done' });
    expect(normaliseStatus('all good')).toEqual({ status: 'unknown', detail: 'all good' });
    expect(normaliseStatus('')).toEqual({ status: 'unknown' });
  });
});

describe('synthesized handoffs', () => {
  it('a synthesized handoff lists the changed files and the verify results', () => {
    const handoff = synthesizeHandoff(synthesisInput());
    expect(handoff).toEqual({
      handoffId: 'HD-2026-11-21-DEVOPS-001', fromAgent: 'devops', toAgents: ['qa'], phase: 'main',
      deliverables: ['scripts/cleanup.sh (+40 -2)', '.github/workflows/ci.yml (+3 -1)'], dependencies: ['setup'],
      qualityChecks: [{ name: 'test -x scripts/cleanup.sh', status: 'passed' }, { name: 'npm test', status: 'failed', detail: 'exit 1' }],
      risk: 'medium', nextSteps: 'Cleanup script in place.\nNext: wire it into the nightly job.', synthesized: true,
      notes: "written by baton (run r1, action disk-cleanup): the agent's handoff was missing",
    });
  });

  it('summarises many changed files, reports checks not run, and caps the final message', () => {
    const diffStat = Array.from({ length: 50 }, (_, i) => ({ file: `src/f${i}.ts`, added: 2, deleted: 1 }));
    const handoff = synthesizeHandoff(synthesisInput({
      diffStat,
      checks: [check('bench', true, { value: 85, target: '<= 90' }), check('e2e', false, { exitCode: null, durationMs: 0 })],
      finalMessage: 'line\n'.repeat(1000),
    }));
    expect(handoff.deliverables).toHaveLength(20);
    expect(handoff.deliverables.at(-1)).toBe('and 31 more files (+62 -31)');
    expect(handoff.qualityChecks).toEqual([
      { name: 'bench', status: 'passed', detail: 'value 85, target <= 90' },
      { name: 'e2e', status: 'skipped', detail: 'not run: an earlier check failed' },
    ]);
    expect(handoff.nextSteps.length).toBeLessThanOrEqual(1202);
    expect(handoff.nextSteps.endsWith('line …')).toBe(true);
  });

  it('says so when the agent changed nothing and said nothing', () => {
    const handoff = synthesizeHandoff(synthesisInput({ diffStat: [], finalMessage: undefined }));
    expect(handoff.deliverables).toEqual(['no files changed']);
    expect(handoff.nextSteps).toBe('none stated: the agent left no final message');
  });
});

describe('handoff ids and text', () => {
  it('ids follow the template: date, agent in capitals, a three-digit sequence', () => {
    expect(handoffId(new Date('2026-11-21T23:30:00Z'), 'devops', 1)).toBe('HD-2026-11-21-DEVOPS-001');
    expect(handoffId(new Date('2026-01-02T00:00:00Z'), 'Performance Specialist', 12)).toBe('HD-2026-01-02-PERFORMANCE-SPECIALIST-012');
  });

  it('is YAML in the template order that reads back as the same handoff', () => {
    const handoff = synthesizeHandoff(synthesisInput({ checks: [check('bench', true, { value: 85, target: '<= 90' })] }));
    const text = formatHandoff(handoff);
    expect(text.split('\n').filter((l) => /^\w/.test(l)).map((l) => l.split(':')[0])).toEqual([
      'handoff_id', 'from_agent', 'to_agent', 'phase', 'deliverables', 'dependencies', 'quality_checks', 'risk_assessment', 'next_steps', 'synthesized', 'notes',
    ]);
    expect(text).toContain('  - bench: passed (value 85, target <= 90)\n');
    expect(handoffOf(text).handoff).toEqual(handoff);
  });

  it('keeps a status it did not recognise as the agent wrote it', () => {
    const { handoff } = handoffOf('deliverables: []\nquality_checks:\n  - docs: pending review\n');
    expect(formatHandoff(handoff)).toContain('  - docs: pending review\n');
  });
});
