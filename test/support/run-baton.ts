/** Starts `baton` as a real process (from source, through tsx) and collects its output and exit code. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('./baton.ts', import.meta.url));
// An absolute URL, so the loader is found whatever directory the test runs baton in.
const tsx = import.meta.resolve('tsx');
export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface BatonRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The command and arguments that start baton from source, for tests that need the live process. */
export function batonCommand(args: readonly string[]): [string, string[]] {
  return [process.execPath, ['--import', tsx, entry, ...args]];
}

export function runBaton(args: readonly string[], options: { cwd?: string } = {}): BatonRun {
  const [command, argv] = batonCommand(args);
  const result = spawnSync(command, argv, {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
