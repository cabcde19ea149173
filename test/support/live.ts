/** A baton process that runs while the test goes on: its output so far, and its exit. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { batonCommand } from './run-baton.js';

export interface Live {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exit: Promise<number | null>;
}

/**
 * Starts baton in `dir`. `group: true` makes it lead its own process group, so a test can kill it with every
 * process it started (git, hooks) at once, as a machine crash would.
 */
export function startBaton(dir: string, args: string[], options: { env?: NodeJS.ProcessEnv; group?: boolean } = {}): Live {
  const [command, argv] = batonCommand(args);
  const child = spawn(command, argv, {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    detached: options.group === true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, output: () => output, exit };
}
