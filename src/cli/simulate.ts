/**
 * `baton simulate <plan>`: the engine's own scheduler under a virtual clock, each action taking its estimate.
 * Where `baton plan` predicts with the planner's list schedule, this runs the real decision code (limits,
 * resources, phases, gates) and shows the timeline it would produce.
 */
import type { Command } from 'commander';
import { plannedEvent } from '../engine/planned-event.js';
import { simulate } from '../engine/simulate.js';
import { UsageError } from '../errors.js';
import { analyzePlan } from '../planner/analysis.js';
import { renderMermaid } from '../report/mermaid.js';
import { renderPlanText } from '../report/plan-text.js';
import { buildPlanView } from '../report/plan-view.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';
import { collect, positiveInt } from './options.js';
import { preparePlan } from './prepare.js';

interface SimulateOptions {
  agents?: number;
  goal?: string[];
  sense: boolean;
  cwd?: string;
  json?: boolean;
  mermaid?: boolean;
}

export function registerSimulate(program: Command, io: Io, result: CommandResult): void {
  program
    .command('simulate')
    .description("run the engine's scheduler under a virtual clock (estimates as durations) and show the timeline")
    .argument('<plan>', 'plan file (YAML or JSON, or a Markdown document, imported)')
    .option('--agents <n>', 'N interchangeable workers instead of each agent\'s concurrency', positiveInt('--agents'))
    .option('--goal <fact>', 'simulate only what this fact needs (repeatable)', collect)
    .option('--no-sense', 'do not run the sensors; sensed facts count as false')
    .option('--cwd <dir>', 'directory the sensors run in (default: the current directory)')
    .option('--json', 'print the simulated plan as JSON (same fields as baton plan --json)')
    .option('--mermaid', 'print the simulated timeline as a Mermaid gantt chart')
    .action(async (file: string, options: SimulateOptions) => {
      if (options.json && options.mermaid) throw new UsageError('--json and --mermaid: expected one output format, got both');
      const { plan, goal, initial, planned, readings } = await preparePlan(file, { goal: options.goal, sense: options.sense, cwd: options.cwd ?? process.cwd() });
      const event = plannedEvent(planned);
      if (event.type !== 'run.planned') throw new Error('internal: plannedEvent');
      const simulation = simulate({
        plan,
        options: { concurrency: Infinity, failFast: false, yes: true, goal, workers: options.agents ?? null, retryBackoffMs: 0 },
        facts: [...initial],
        planned: event,
      });
      const analysis = analyzePlan(planned, plan, options.agents === undefined ? {} : { workers: options.agents });
      const sequential = analysis.sequentialS;
      const simulated = {
        ...analysis,
        schedule: simulation.schedule,
        makespanS: simulation.makespanS,
        speedup: simulation.makespanS > 0 ? sequential / simulation.makespanS : 1,
        efficiencyGain: sequential > 0 ? 1 - simulation.makespanS / sequential : 0,
      };
      const view = buildPlanView({ plan, planned, analysis: simulated, readings, workers: options.agents });
      if (options.json) io.out(`${JSON.stringify({ ...view, simulated_events: simulation.events, status: simulation.status }, null, 2)}\n`);
      else if (options.mermaid) io.out(renderMermaid(view));
      else io.out(`${renderPlanText(view, paint(io), process.stdout.columns || 100)}Simulated by the engine's scheduler: ${simulation.events} events, run ${simulation.status}.\n`);
      result.code = EXIT.ok;
    });
}
