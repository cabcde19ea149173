/**
 * A command with no shell syntax — plain words of safe characters, like `make test` or `./build.sh --fast` —
 * means the same run directly as through `sh -c`, and skips starting a shell. Anything else (quotes, `$`,
 * globs, redirections, pipes, `VAR=value` prefixes, `~`) goes through `sh -c` untouched.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const SAFE_WORD = /^[A-Za-z0-9_./:,+@%=-]+$/;

/** The argv of a simple command, or `undefined` when the command needs a shell. */
export function simpleArgv(command: string): string[] | undefined {
  const words = command.trim().split(/[ \t]+/);
  if (words.length === 0 || words[0] === '') return undefined;
  if (!words.every((word) => SAFE_WORD.test(word))) return undefined;
  // `NAME=value cmd` sets a variable in the shell; `-x` first is not a command.
  if (words[0]!.includes('=') || words[0]!.startsWith('-')) return undefined;
  return words;
}

/**
 * The argv to exec directly, or `undefined` to go through `sh -c`: a simple command whose program is a path or
 * an executable on PATH. Shell builtins (`exit`, `cd`, `export` …) have no program file, so they stay with the
 * shell.
 */
export function directArgv(command: string, path = process.env.PATH ?? ''): string[] | undefined {
  const argv = simpleArgv(command);
  if (!argv) return undefined;
  const program = argv[0]!;
  return program.includes('/') || onPath(program, path) ? argv : undefined;
}

const found = new Map<string, boolean>();

function onPath(program: string, path: string): boolean {
  const key = `${path}\u0000${program}`;
  let known = found.get(key);
  if (known === undefined) {
    known = path.split(delimiter).some((dir) => dir !== '' && executable(join(dir, program)));
    found.set(key, known);
  }
  return known;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
