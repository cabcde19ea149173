/** `baton validate <plan...>`: every problem of every plan, each with its place; exit 2 when any. */
import type { Command } from 'commander';
import type { LocatedProblem } from '../errors.js';
import { formatProblem } from '../plan/format-problem.js';
import { PlanReadError } from '../errors.js';
import { checkPlanFile } from '../planner/load.js';
import type { CheckedPlan } from '../planner/load.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';

interface ValidateOptions {
  json?: boolean;
}

export function registerValidate(program: Command, io: Io, result: CommandResult): void {
  program
    .command('validate')
    .description('check plans and list every problem with file:line:col')
    .argument('<plan...>', 'plan files (YAML or JSON)')
    .option('--json', 'print the problems as JSON')
    .action(async (files: string[], options: ValidateOptions) => {
      result.code = await validateFiles(files, options, io);
    });
}

async function validateFiles(files: readonly string[], options: ValidateOptions, io: Io): Promise<number> {
  const c = paint(io);
  const reports: { file: string; valid: boolean; problems: readonly LocatedProblem[]; summary?: string }[] = [];
  for (const file of files) {
    const { plan, problems } = await checkReadable(file);
    const summary = plan && `${count(plan.actions.length, 'action')} in ${count(plan.phases.length, 'phase')}`;
    reports.push({ file, valid: problems.length === 0, problems, ...(summary ? { summary } : {}) });
  }
  if (options.json) {
    io.out(`${JSON.stringify({ valid: reports.every((r) => r.valid), files: reports }, null, 2)}\n`);
  } else {
    for (const report of reports) {
      if (report.valid) io.out(`${c.green('✓')} ${report.file}: valid (${report.summary ?? ''})\n`);
      for (const problem of report.problems) io.err(`${formatProblem(problem)}\n`);
      if (!report.valid) io.err(c.red(`✗ ${report.file}: ${count(report.problems.length, 'problem')}\n`));
    }
  }
  return reports.every((r) => r.valid) ? EXIT.ok : EXIT.badInput;
}

/** An unreadable file is one more problem in the report, not the end of it. */
async function checkReadable(file: string): Promise<CheckedPlan> {
  try {
    return await checkPlanFile(file);
  } catch (error) {
    if (!(error instanceof PlanReadError)) throw error;
    return { plan: undefined, problems: [{ file, line: 1, col: 1, path: [], code: 'unreadable', message: error.message }] };
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
