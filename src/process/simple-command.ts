/**
 * A command with no shell syntax — plain words of safe characters, like `make test` or `./build.sh --fast` —
 * means the same run directly as through `sh -c`, and skips starting a shell. Anything else (quotes, `$`,
 * globs, redirections, pipes, `VAR=value` prefixes, `~`) goes through `sh -c` untouched.
 */
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
