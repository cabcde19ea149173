/**
 * `baton import <doc.md> [-o plan.yaml] [--explain] [--agent-default ADAPTER]`: turns a plan document as people
 * write it (phases, workstreams with owners, checklists, task tables, dependencies, success metrics) into plan
 * YAML that notes where each item came from. What could not be mapped is a warning with its line. The plan is
 * checked like any other: a document that imports to an invalid plan exits 2 with the problems.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { PlanReadError, UsageError } from '../errors.js';
import { importMarkdown } from '../import/import.js';
import type { ImportResult } from '../import/import.js';
import { ADAPTERS } from '../plan/model.js';
import type { AdapterName } from '../plan/model.js';
import { formatProblem } from '../plan/format-problem.js';
import { checkPlanText } from '../planner/load.js';
import { EXIT } from './exit-codes.js';
import { paint } from './io.js';
import type { Io } from './io.js';
import type { CommandResult } from './main.js';

interface ImportCommandOptions {
  output?: string;
  explain?: boolean;
  agentDefault: AdapterName;
}

export function registerImport(program: Command, io: Io, result: CommandResult): void {
  program
    .command('import')
    .description('convert a plan document (Markdown) into plan YAML that notes the source line of each item')
    .argument('<doc>', 'the document (Markdown)')
    .option('-o, --output <file>', 'write the plan here instead of printing it')
    .option('--explain', 'print, per action, the lines it came from and why it was mapped that way')
    .option('--agent-default <adapter>', `adapter for the roles found: ${ADAPTERS.join(', ')} (shell for dry runs)`, adapterOption, 'claude-code')
    .action(async (doc: string, options: ImportCommandOptions) => {
      result.code = await importDocument(doc, options, io);
    });
}

function adapterOption(value: string): AdapterName {
  if ((ADAPTERS as readonly string[]).includes(value)) return value as AdapterName;
  throw new UsageError(`--agent-default: expected one of ${ADAPTERS.join(', ')}, got "${value}"`);
}

async function importDocument(doc: string, options: ImportCommandOptions, io: Io): Promise<number> {
  let text: string;
  try {
    text = await readFile(doc, 'utf8');
  } catch (cause) {
    throw new PlanReadError(doc, { cause });
  }
  const imported = importMarkdown(text, { file: doc, agentDefault: options.agentDefault });
  const c = paint(io);
  for (const warning of imported.warnings) io.err(`${c.yellow('warning')} ${doc}:${warning.line}: ${warning.message}\n`);
  if (options.explain) io.out(explanation(imported));
  else if (options.output === undefined) io.out(imported.yaml);
  if (options.output !== undefined) await writeFile(options.output, imported.yaml);
  const { problems } = checkPlanText(options.output ?? `${doc} (imported)`, imported.yaml);
  for (const problem of problems) io.err(`${formatProblem(problem)}\n`);
  const where = options.output === undefined ? '' : ` to ${options.output}`;
  io.err(`${problems.length === 0 ? c.green('✓') : c.red('✗')} ${doc}: ${imported.actions} action(s) imported${where}, ${imported.warnings.length} warning(s)${problems.length === 0 ? '' : `, ${problems.length} problem(s) in the plan`}\n`);
  return problems.length === 0 ? EXIT.ok : EXIT.badInput;
}

/** Per action: the lines it came from and why. */
function explanation(imported: ImportResult): string {
  return imported.explanations.map((e) => `${e.action}  (line${e.lines.length === 1 ? '' : 's'} ${e.lines.join(', ')})\n  ${e.why.replace(/\n/g, '\n  ')}\n`).join('\n');
}
