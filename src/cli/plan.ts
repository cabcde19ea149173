/** `baton plan <plan>`: sense, plan with GOAP, analyse, and show the result as text, JSON or a Mermaid gantt. */
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { analyzePlan } from '../planner/analysis.js';
import { renderMermaid } from '../report/mermaid.js';
import { renderPlanText } from '../report/plan-text.js';
import { buildPlanView } from '../report/plan-view.js';
import type { PlanView } from '../report/plan-view.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { collect, positiveInt } from './options.js';
import { preparePlan } from './prepare.js';

interface PlanOptions {
  json?: boolean;
  mermaid?: boolean;
  agents?: number;
  goal?: string[];
  sense: boolean;
  cwd?: string;
}

export function registerPlan(program: Command, io: Io, result: CommandResult): void {
  program
    .command('plan')
    .description('plan the actions the goal needs and predict the timeline')
    .argument('<plan>', 'plan file (YAML or JSON, or a Markdown document, imported)')
    .option('--json', 'print the plan as JSON (the contract in DESIGN.md)')
    .option('--mermaid', 'print the predicted timeline as a Mermaid gantt chart')
    .option('--agents <n>', 'predict with N interchangeable workers instead of each agent\'s concurrency', positiveInt('--agents'))
    .option('--goal <fact>', 'plan only what this fact needs (repeatable), e.g. done:deploy or phase:build', collect)
    .option('--no-sense', 'do not run the sensors; sensed facts count as false')
    .option('--cwd <dir>', 'directory the sensors run in (default: the current directory)')
    .action(async (file: string, options: PlanOptions) => {
      if (options.json && options.mermaid) throw new UsageError('--json and --mermaid: expected one output format, got both');
      const view = await buildView(file, options);
      if (options.json) io.out(`${JSON.stringify(view, null, 2)}\n`);
      else if (options.mermaid) io.out(renderMermaid(view));
      else io.out(renderPlanText(view, paint(io), process.stdout.columns || 100));
      result.code = EXIT.ok;
    });
}

async function buildView(file: string, options: PlanOptions): Promise<PlanView> {
  const { plan, planned, readings } = await preparePlan(file, { goal: options.goal, sense: options.sense, cwd: options.cwd ?? process.cwd() });
  const analysis = analyzePlan(planned, plan, options.agents === undefined ? {} : { workers: options.agents });
  return buildPlanView({ plan, planned, analysis, readings, workers: options.agents });
}
