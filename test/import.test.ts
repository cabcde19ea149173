/**
 * `baton import` and Markdown documents in `validate`, `plan` and `run`, as a user runs them: the real `baton`
 * process on the seed documents (copied into test/fixtures/import/seeds) and small hand-written documents.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runBaton } from './support/run-baton.js';

const seedsDir = join(repoRoot, 'test', 'fixtures', 'import', 'seeds');
const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.md')).map((f) => join(seedsDir, f));
// Documents written after the importer, in other shapes (German, a task table, week roadmaps with role blocks, a
// messy one; then a release train, a Spanish kanban, incident action items, a staged monorepo migration, each
// with a careful reader's expectations beside it; a GitHub epic, a French plan, a runbook); src/import/import.unseen.test.ts
// checks what they map to.
const unseen = ['unseen', 'unseen2', 'unseen3', 'unseen4'].flatMap((folder) => {
  const dir = join(repoRoot, 'test', 'fixtures', 'import', folder);
  return readdirSync(dir).filter((f) => f.endsWith('.md') && !f.endsWith('.expected.md')).map((f) => join(dir, f));
});

const SMALL = `# Release plan

## Phase 1: Preparation (Parallel Execution)

### 1.1 Changelog (Release Manager)
**Timeline**: 2h
- [ ] Collect the merged changes
- [ ] Write the changelog

### 1.2 Test matrix (QA Engineer)
**Dependencies**: None (can start immediately)
**Timeline**: 1-2 days
- [ ] Run \`npm test\` on every platform

## Phase 2: Release (Sequential)

### 2.1 Publish (Release Manager)
**Dependencies**: Phase 1 completion
- [ ] Tag and publish
`;

function tempDoc(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'baton-import-'));
  const file = join(dir, 'plan.md');
  writeFileSync(file, text);
  return { dir, file };
}

describe('baton import', () => {
  it('prints plan YAML that notes the source line of each item, and checks it', () => {
    const { file } = tempDoc(SMALL);
    const run = runBaton(['import', file]);
    expect(run.code, run.stderr).toBe(0);
    const plan = parse(run.stdout) as { phases: { actions: { title?: string; estimate?: string }[] }[]; agents: Record<string, { use: string }> };
    expect(plan.phases).toHaveLength(2);
    expect(plan.phases.flatMap((p) => p.actions)).toHaveLength(3);
    expect(Object.values(plan.agents).every((agent) => agent.use === 'claude-code')).toBe(true);
    expect(run.stdout).toMatch(/# lines? \d+/);
    expect(run.stderr).toContain('3 action(s) imported');
  });

  it('writes the plan with -o, and the written plan validates', () => {
    const { dir, file } = tempDoc(SMALL);
    const out = join(dir, 'plan.yaml');
    expect(runBaton(['import', file, '-o', out]).code).toBe(0);
    expect(runBaton(['validate', out]).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('phases:');
  });

  it('explains, per action, the lines it came from and why', () => {
    const { file } = tempDoc(SMALL);
    const run = runBaton(['import', file, '--explain']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/changelog.*\(lines? [\d, ]+\)/i);
  });

  it('takes another adapter for the roles with --agent-default, and refuses one it does not know', () => {
    const { file } = tempDoc(SMALL);
    const run = runBaton(['import', file, '--agent-default', 'codex']);
    expect(run.code, run.stderr).toBe(0);
    expect(Object.values((parse(run.stdout) as { agents: Record<string, { use: string }> }).agents).map((a) => a.use)).toContain('codex');
    const bad = runBaton(['import', file, '--agent-default', 'gpt']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--agent-default: expected one of');
  });

  it('imports every seed document to a plan that validates', () => {
    for (const seed of seeds) {
      const run = runBaton(['import', seed]);
      expect(run.code, `${seed}\n${run.stderr}`).toBe(0);
    }
  });

  it('imports each document written after the importer, in other shapes, to a plan that validates', () => {
    for (const doc of unseen) {
      const run = runBaton(['import', doc]);
      expect(run.code, `${doc}\n${run.stderr}`).toBe(0);
    }
  });

  it('exits 2 for a document that does not exist', () => {
    expect(runBaton(['import', 'no/such/doc.md']).code).toBe(2);
  });
});

describe('Markdown documents in validate, plan and run', () => {
  it('validates and plans a document directly, imported in memory', () => {
    const { file } = tempDoc(SMALL);
    const validate = runBaton(['validate', file]);
    expect(validate.code, validate.stderr).toBe(0);
    const plan = runBaton(['plan', file, '--json', '--no-sense']);
    expect(plan.code, plan.stderr).toBe(0);
    const json = JSON.parse(plan.stdout) as { actions: { id: string; needs: string[] }[]; phases: { id: string }[] };
    expect(json.actions).toHaveLength(3);
    expect(json.phases).toHaveLength(2);
  });

  it('runs a document with shell agents for a dry run, and a resume reads the plan it started with', () => {
    const { dir, file } = tempDoc(SMALL);
    const out = join(dir, 'dry.yaml');
    expect(runBaton(['import', file, '--agent-default', 'shell', '-o', out]).code).toBe(0);
    const run = runBaton(['run', out, '--yes', '--cwd', dir]);
    expect(run.code, run.stderr).toBe(0);
  });
});
