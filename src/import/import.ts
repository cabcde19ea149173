/**
 * `baton import`: a Markdown plan document, as people and AI planners write them, turned into plan YAML that
 * validates and plans. The stages: repair mojibake (mojibake.ts), read the outline with a real Markdown parser
 * (outline.ts), collect phases, workstreams, roles, metrics and approvals (collect.ts), order them (link.ts),
 * name and shape them as a plan (build-plan.ts), and render readable YAML with source lines (render-yaml.ts).
 * Whatever could not be mapped is a warning with its line; nothing is dropped silently.
 */
import type { AdapterName } from '../plan/model.js';
import { buildPlan } from './build-plan.js';
import { collect } from './collect.js';
import { pointScaleIn } from './duration-text.js';
import { sizeLegendIn } from './size-legend.js';
import { link } from './link.js';
import { repairMojibake } from './mojibake.js';
import { readOutline } from './outline.js';
import { renderYaml } from './render-yaml.js';

export interface ImportOptions {
  /** The document's path, named in the YAML's header comment. */
  readonly file: string;
  /** Adapter for the roles found. @default 'claude-code' (the CLI's default; `shell` for dry runs) */
  readonly agentDefault: AdapterName;
}

/** Something the importer could not map, or mapped with a guess the user should check. */
export interface ImportWarning {
  readonly line: number;
  readonly message: string;
}

/** Per action: the lines it came from and why it was mapped that way (`baton import --explain`). */
export interface Explanation {
  readonly action: string;
  readonly lines: readonly number[];
  readonly why: string;
}

export interface ImportResult {
  readonly yaml: string;
  readonly warnings: readonly ImportWarning[];
  readonly explanations: readonly Explanation[];
  /** How many actions the plan holds. */
  readonly actions: number;
}

/** Imports a Markdown document into plan YAML. Never throws for odd input: what it cannot read is a warning. */
export function importMarkdown(text: string, options: ImportOptions): ImportResult {
  const repaired = repairMojibake(text);
  const warnings: ImportWarning[] = [];
  if (repaired.repaired > 0) {
    warnings.push({ line: repaired.lines[0] ?? 1, message: `repaired ${repaired.repaired} mojibake sequence(s) (UTF-8 read as Windows-1252) on line(s) ${repaired.lines.join(', ')}` });
  }
  if (repaired.lost !== undefined) {
    warnings.push({ line: repaired.lost.lines[0] ?? 1, message: `${repaired.lost.count} character(s) were lost in an earlier lossy copy (shown as �, dropped from titles) on line(s) ${repaired.lost.lines.join(', ')}` });
  }
  const points = pointScaleIn(repaired.text);
  const draft = collect(readOutline(repaired.text), points === undefined ? {} : { pointSeconds: points.seconds }, sizeLegendIn(repaired.text));
  if (draft.phases.every((phase) => phase.actions.length === 0)) {
    warnings.push({ line: 1, message: 'no phase, workstream, role block or task table found: the plan holds no actions' });
  }
  warnings.push(...draft.warnings, ...link(draft));
  const built = buildPlan(draft, options.agentDefault);
  warnings.push(...built.warnings);
  const header = ` Imported by baton from ${options.file}; "line N" comments point into it.`;
  return {
    yaml: renderYaml(built.plan, built.comments, header),
    warnings: warnings.sort((a, b) => a.line - b.line),
    explanations: built.explanations,
    actions: built.explanations.length,
  };
}
