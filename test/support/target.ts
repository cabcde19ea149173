/** A target directory for a test run, and the run's status as `baton status --json` gives it. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { runBaton } from './run-baton.js';

/** A fresh temporary directory with `plan` written into it as plan.yaml. */
export function target(plan: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-test-'));
  writeFileSync(join(dir, 'plan.yaml'), plan);
  return dir;
}

export interface Status {
  run: string;
  state: string;
  actions: { id: string; state: string; attempts: number }[];
}

/** The latest run's status in `dir`; the command itself must succeed. */
export function status(dir: string): Status {
  const result = runBaton(['status', '--json'], { cwd: dir });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Status;
}
