/**
 * How an attempt is handed to a launcher: its variables as one `export` line (names checked by the schema, values
 * single-quoted so nothing in them is interpreted) and the user's own `run:` text as the command. A simple
 * command whose program is not a shell builtin gets `exec`, so it replaces the subshell instead of forking once
 * more. What cannot travel on one line (a command of several lines, a value with a tab or newline) goes into a job
 * file that the line sources.
 */
import { writeFileSync } from 'node:fs';
import { simpleArgv } from '../process/simple-command.js';

/** Builtins of POSIX sh (dash): running them needs no new process, so they are not `exec`ed. */
const BUILTINS = new Set(
  ': . [ alias bg break cd chdir command continue echo eval exec exit export false fc fg getopts hash jobs kill local printf pwd read readonly return set shift test times trap true type ulimit umask unalias unset wait'.split(' '),
);

export interface Job {
  readonly env: Readonly<Record<string, string>>;
  readonly command: string;
  /** Where the command runs, when not where the launcher started (an attempt's worktree). */
  readonly cwd?: string | undefined;
}

/** The two fields of a launcher line; neither holds a newline, the export line no tab. */
export interface JobLine {
  readonly exports: string;
  readonly command: string;
}

/** Quotes a value for sh: inside single quotes nothing is special but the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The job as a launcher line, writing a job file next to `jobFile` only when it cannot travel on one line. */
export function jobLine(job: Job, jobFile: string): JobLine {
  const cd = job.cwd === undefined ? '' : `; cd -- ${shellQuote(job.cwd)} || exit 126`;
  const exports = exportLine(job.env) + cd;
  const command = commandText(job.command);
  if (!/[\t\n\r]/.test(exports) && !/[\n\r]/.test(command)) return { exports, command };
  writeFileSync(jobFile, `${exports}\n${command}\n`);
  return { exports: ':', command: `. ${shellQuote(jobFile)}` };
}

function exportLine(env: Readonly<Record<string, string>>): string {
  const assignments = Object.entries(env).map(([name, value]) => `${name}=${shellQuote(value)}`);
  return assignments.length === 0 ? ':' : `export ${assignments.join(' ')}`;
}

function commandText(command: string): string {
  const argv = simpleArgv(command);
  return argv && !BUILTINS.has(argv[0]!) ? `exec ${command}` : command;
}
