/**
 * `baton plan` for people: the phases with their actions in order (agent, estimate, needs), the critical path
 * marked, the actions whose file leases keep them apart, a timeline per agent, and what running in parallel saves
 * over running one at a time.
 */
import type { Colors } from 'picocolors/types.js';
import { formatDuration } from '../plan/duration.js';
import { withoutImpliedNeeds } from '../planner/needs.js';
import { renderTimeline } from './gantt-text.js';
import type { PlanView, PlannedActionView } from './plan-view.js';

/** Renders the whole report. `width` is the terminal width used for the timeline. */
export function renderPlanText(view: PlanView, c: Colors, width = 80): string {
  const lines: string[] = [];
  lines.push(`${c.bold(`Plan ${view.name}`)} ${c.dim(`(${view.file})`)}`);
  lines.push(`Goal: ${view.goal.join(', ')}`);
  if (view.sensed.length > 0) {
    const sensed = view.sensed.map((s) => (s.holds ? `${s.fact} ${c.green('✓')}` : `${s.fact} ${c.red('✗')} ${c.dim(`(${s.note ?? 'false'})`)}`));
    lines.push(`Sensed: ${sensed.join(', ')}`);
  }
  if (view.skipped.length > 0) lines.push(`Skipped, already done: ${view.skipped.join(', ')}`);
  lines.push('');
  lines.push(...renderPhases(view, c));
  lines.push(...renderCriticalPath(view, c));
  lines.push(...renderLeaseOverlaps(view, c));
  lines.push('');
  lines.push(c.bold(`Timeline ${view.workers === null ? '(per agent)' : `(${view.workers} workers)`}`));
  lines.push(...renderTimeline(view, c, width));
  lines.push('');
  lines.push(...renderSummary(view, c));
  return `${lines.join('\n')}\n`;
}

function renderPhases(view: PlanView, c: Colors): string[] {
  const lines: string[] = [];
  const byId = new Map(view.actions.map((action) => [action.id, action]));
  const shown = withoutImpliedNeeds(new Map(view.actions.map((action) => [action.id, action.needs])));
  const idWidth = Math.min(32, Math.max(...view.actions.map((a) => a.id.length), 4));
  const agentWidth = Math.min(20, Math.max(...view.actions.map((a) => a.agent.length), 5));
  view.phases.forEach((phase, index) => {
    const previous = view.phases[index - 1]?.id;
    const defaultAfter = previous === undefined ? phase.after.length === 0 : phase.after.length === 1 && phase.after[0] === previous;
    const extras = [phase.mode, ...(defaultAfter ? [] : [`after ${phase.after.join(', ') || 'nothing'}`]), ...(phase.approve ? ['approval first'] : [])];
    const gate = phase.gate.length > 0 ? `; gate: ${phase.gate.join(', ')}` : '';
    // Titles often number themselves ("Phase 1 - Quick wins"); do not say "Phase 1: Phase 1 - …".
    const heading = /^(phase|stage|week|day)\s*\d/i.test(phase.title) ? phase.title : `Phase ${index + 1}: ${phase.title}`;
    lines.push(`${c.bold(heading)} ${c.dim(`[${phase.id}] (${extras.join(', ')}${gate})`)}`);
    const actions = phase.actions.map((id) => byId.get(id)!).sort((a, b) => a.start_s - b.start_s);
    if (actions.length === 0) lines.push(c.dim('  nothing to do'));
    for (const action of actions) lines.push(renderAction({ ...action, needs: shown.get(action.id) ?? [] }, idWidth, agentWidth, c));
    lines.push('');
  });
  return lines;
}

function renderAction(action: PlannedActionView, idWidth: number, agentWidth: number, c: Colors): string {
  const mark = action.critical ? c.yellow('*') : ' ';
  const estimate = `${action.estimate_defaulted ? '~' : ''}${formatDuration(action.estimate_s)}`;
  const needs = action.needs.length > 0 ? `needs ${action.needs.join(', ')}` : c.dim('needs nothing');
  const id = action.critical ? c.yellow(action.id.padEnd(idWidth)) : action.id.padEnd(idWidth);
  return `  ${mark} ${id}  ${action.agent.padEnd(agentWidth)}  ${estimate.padStart(6)}  ${needs}`;
}

function renderCriticalPath(view: PlanView, c: Colors): string[] {
  const defaulted = view.actions.some((a) => a.estimate_defaulted);
  return [
    `${c.yellow('*')} critical path (${formatDuration(view.critical_path_s)}): ${view.critical_path.join(' → ')}`,
    ...(defaulted ? [c.dim('~ estimate not given in the plan; the default (1h) was used')] : []),
  ];
}

/** Lease overlaps shown at most; `--json` lists them all. */
const LEASE_OVERLAP_LINES = 20;

/** Only the overlaps that change the schedule: two actions that one waits for the other never meet anyway. */
function renderLeaseOverlaps(view: PlanView, c: Colors): string[] {
  const shown = view.lease_overlaps.filter((overlap) => !overlap.ordered);
  if (shown.length === 0) return [];
  const lines = shown.slice(0, LEASE_OVERLAP_LINES).map((overlap) => {
    const patterns = overlap.patterns.map(([a, b]) => `${a} ∩ ${b}`).join(', ');
    return `  ${overlap.a} ↔ ${overlap.b} ${c.dim(`(${patterns})`)}`;
  });
  const more = shown.length - LEASE_OVERLAP_LINES;
  return [
    '',
    c.bold('Lease overlaps (these run one at a time):'),
    ...lines,
    ...(more > 0 ? [c.dim(`  … and ${more} more (--json lists them all)`)] : []),
  ];
}

function renderSummary(view: PlanView, c: Colors): string[] {
  const gain = `${Math.round(view.efficiency_gain * 100)}%`;
  return [
    `Sequential (one at a time): ${formatDuration(view.sequential_s)}`,
    `Parallel (predicted):       ${c.bold(formatDuration(view.makespan_s))}  ${c.dim(`lower bound ${formatDuration(view.lower_bound_s)}`)}`,
    `Saving: ${c.green(gain)} of the time, ${view.speedup.toFixed(2)}× faster ${c.dim('(durations in working time: 1d = 8h)')}`,
  ];
}
