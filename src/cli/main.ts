/**
 * The `baton` command line. Every command returns its exit code instead of calling `process.exit`, so the whole
 * CLI runs in-process in tests. Bad input never shows a stack trace: it is a message and exit code 2.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { BadInputError, BatonError, PlanInvalidError } from '../errors.js';
import { formatProblem } from '../plan/format-problem.js';
import { EXIT } from './exit-codes.js';
import { InterruptedError } from './interrupt.js';
import { processIo } from './io.js';
import type { Io } from './io.js';
import { registerApprove } from './approve.js';
import { registerEvidence } from './evidence.js';
import { registerGc } from './gc.js';
import { registerLand } from './land.js';
import { registerResolve } from './resolve.js';
import { registerRollback } from './rollback.js';
import { registerInspect } from './inspect.js';
import { registerPlan } from './plan.js';
import { registerResume } from './resume.js';
import { registerRun } from './run.js';
import { registerSimulate } from './simulate.js';
import { registerValidate } from './validate.js';
import { registerImport } from './import.js';

/** What a command's action hands back to `main`. */
export interface CommandResult {
  code: number;
}

/** Runs the CLI with the given arguments (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const result: CommandResult = { code: EXIT.ok };
  const program = buildProgram(io, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    return reportError(error, io);
  }
}

function buildProgram(io: Io, result: CommandResult): Command {
  const program = new Command()
    .name('baton')
    .description('Run a team of software agents from one plan.')
    .version(readVersion(), '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  // Subcommands inherit exitOverride and the output configuration from here.
  registerValidate(program, io, result);
  registerImport(program, io, result);
  registerPlan(program, io, result);
  registerSimulate(program, io, result);
  registerRun(program, io, result);
  registerResume(program, io, result);
  registerInspect(program, io, result);
  registerEvidence(program, io, result);
  registerApprove(program, io, result);
  registerResolve(program, io, result);
  registerRollback(program, io, result);
  registerLand(program, io, result);
  registerGc(program, io, result);
  return program;
}

function reportError(error: unknown, io: Io): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; they already printed what the user asked for.
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) {
      return EXIT.ok;
    }
    return EXIT.badInput;
  }
  if (error instanceof InterruptedError) {
    io.err(`baton: ${error.message}\n`);
    return error.signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
  }
  if (error instanceof PlanInvalidError) {
    for (const problem of error.problems) io.err(`${formatProblem(problem)}\n`);
    io.err(`baton: ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof BadInputError) {
    io.err(`baton: ${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof BatonError) {
    io.err(`baton: ${error.message}\n`);
    return EXIT.failed;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.err(`baton: internal error (please report it with the command you ran):\n${detail}\n`);
  return EXIT.failed;
}

function readVersion(): string {
  // Both src/cli/main.ts (tsx) and dist/cli/main.js (built) sit two levels below package.json.
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
