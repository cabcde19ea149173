import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readPlanText } from '../plan/read.js';
import type { Plan } from '../plan/model.js';
import { isolateGitConfig, makeRepo, removeTestRepos, RUN } from '../workspace/test-repo.js';
import { ShellProcesses } from './shell.js';

beforeAll(isolateGitConfig);
afterEach(removeTestRepos);

const dirs: string[] = [];
afterEach(() => {
  delete process.env.GIT_DIR;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Prints where git thinks it is, and whether GIT_DIR reached the command. */
const WHERE = 'echo "GIT_DIR=${GIT_DIR-unset}"; git rev-parse --show-toplevel';

function plan(): Plan {
  const text = `phases:\n  - { id: p, actions: [{ id: a, run: '${WHERE}', verify: ['${WHERE}'] }], gate: ['${WHERE}'] }\n`;
  const read = readPlanText('p.yaml', text);
  expect(read.problems).toEqual([]);
  return read.plan!;
}

describe('commands baton runs, started from a git hook', () => {
  it('see neither GIT_DIR nor the repository it points at: attempts, verify and gate checks', async () => {
    const repo = await makeRepo();
    const hooked = await makeRepo();
    const runDir = mkdtempSync(join(tmpdir(), 'baton-shell-'));
    dirs.push(runDir);
    process.env.GIT_DIR = join(hooked.root, '.git');
    const read = plan();
    const { actions, phases } = read;
    const shell = new ShellProcesses({ run: RUN, plan: read, cwd: repo.root, runDir });
    try {
      const action = actions[0]!;
      const logFile = join(shell.logs, 'a.1.log');
      const request = { run: RUN, action, attempt: 1, iteration: 1, logFile, signal: new AbortController().signal, onSpawn: () => undefined, mode: 'none' as const };
      const place = { cwd: repo.root, env: {} };
      const expected = `GIT_DIR=unset\n${repo.root}\n`;
      expect((await shell.runAttempt(request, place)).outcome).toBe('succeeded');
      expect(readFileSync(logFile, 'utf8')).toBe(expected);
      expect((await shell.verify(request, place)).map((check) => check.passed)).toEqual([true]);
      expect(readFileSync(join(shell.logs, 'a.1.verify-1.log'), 'utf8')).toBe(expected);
      const phase = phases[0]!;
      expect((await shell.gate(phase, 1, repo.root, new AbortController().signal)).map((check) => check.passed)).toEqual([true]);
      expect(readFileSync(join(shell.logs, 'gate-p.1.1.log'), 'utf8')).toBe(expected);
    } finally {
      shell.close();
    }
  });
});
