/** `baton validate <plan...>`: every problem of every plan, each with its place; exit 2 when any. */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { agentsNeeded, checkAgentBinaries } from '../agents/check-agents.js';
import type { AgentCheck } from '../agents/check-agents.js';
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
  checkAgents?: boolean;
  cwd?: string;
}

export function registerValidate(program: Command, io: Io, result: CommandResult): void {
  program
    .command('validate')
    .description('check plans and list every problem with file:line:col')
    .argument('<plan...>', 'plan files (YAML or JSON, or Markdown documents, imported)')
    .option('--json', 'print the problems as JSON')
    .option('--check-agents', 'also start each AI agent\'s CLI once (--version) to prove it is installed and runs')
    .option('--cwd <dir>', 'where agent CLIs are looked for and started (default: the current directory)')
    .action(async (files: string[], options: ValidateOptions) => {
      result.code = await validateFiles(files, options, io);
    });
}

async function validateFiles(files: readonly string[], options: ValidateOptions, io: Io): Promise<number> {
  const c = paint(io);
  const reports: { file: string; valid: boolean; problems: readonly LocatedProblem[]; summary?: string; agents?: AgentCheck[] }[] = [];
  for (const file of files) {
    const { plan, problems } = await checkReadable(file);
    const summary = plan && `${count(plan.actions.length, 'action')} in ${count(plan.phases.length, 'phase')}`;
    const agents = options.checkAgents && plan && problems.length === 0 ? await checkAgentBinaries(agentsNeeded(plan, plan.actions), resolve(options.cwd ?? '.')) : undefined;
    const valid = problems.length === 0 && (agents ?? []).every((check) => check.ok);
    reports.push({ file, valid, problems, ...(summary ? { summary } : {}), ...(agents ? { agents } : {}) });
  }
  if (options.json) {
    io.out(`${JSON.stringify({ valid: reports.every((r) => r.valid), files: reports }, null, 2)}\n`);
  } else {
    for (const report of reports) {
      if (report.problems.length === 0) io.out(`${c.green('✓')} ${report.file}: valid (${report.summary ?? ''})\n`);
      for (const problem of report.problems) io.err(`${formatProblem(problem)}\n`);
      for (const check of report.agents ?? []) {
        const line = `agent ${check.agent} (${check.use}): ${check.detail}\n`;
        if (check.ok) io.out(`  ${c.green('✓')} ${line}`);
        else io.err(`  ${c.red('✗')} ${line}`);
      }
      const broken = (report.agents ?? []).filter((check) => !check.ok).length;
      if (!report.valid) io.err(c.red(`✗ ${report.file}: ${count(report.problems.length + broken, 'problem')}\n`));
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
