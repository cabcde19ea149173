/** A text Gantt chart: one lane per agent slot, bars scaled to the terminal, the critical path highlighted. */
import type { Colors } from 'picocolors/types.js';
import { formatDuration } from '../plan/duration.js';
import type { PlanView, PlannedActionView } from './plan-view.js';

const MAX_LANES = 40;

/** Renders the predicted timeline, lane by lane, with a time axis under it. */
export function renderTimeline(view: PlanView, c: Colors, width: number): string[] {
  const lanes = groupLanes(view.actions);
  if (lanes.length === 0) return [c.dim('  nothing to run')];
  const labelWidth = Math.min(24, Math.max(...lanes.map((lane) => lane.label.length)));
  const barWidth = Math.max(20, width - labelWidth - 6);
  const scale = view.makespan_s > 0 ? barWidth / view.makespan_s : 0;
  const lines = lanes.slice(0, MAX_LANES).map((lane) => {
    const bar = renderBar(lane.actions, scale, barWidth, c);
    const names = lane.actions.map((a) => a.id).join(', ');
    return `  ${lane.label.padEnd(labelWidth).slice(0, labelWidth)} |${bar}| ${c.dim(truncate(names, 40))}`;
  });
  if (lanes.length > MAX_LANES) lines.push(c.dim(`  … ${lanes.length - MAX_LANES} more lanes (see --json or --mermaid)`));
  lines.push(`  ${' '.repeat(labelWidth)} ${axis(view.makespan_s, barWidth)}`);
  return lines;
}

interface Lane {
  readonly label: string;
  readonly actions: PlannedActionView[];
}

function groupLanes(actions: readonly PlannedActionView[]): Lane[] {
  const lanes = new Map<string, Lane>();
  const slotsPerAgent = new Map<string, number>();
  for (const action of actions) slotsPerAgent.set(action.agent, Math.max(slotsPerAgent.get(action.agent) ?? 0, action.slot + 1));
  const ordered = [...actions].sort((a, b) => a.start_s - b.start_s);
  for (const action of ordered) {
    const key = `${action.agent}\u0000${action.slot}`;
    const label = (slotsPerAgent.get(action.agent) ?? 1) > 1 ? `${action.agent}#${action.slot + 1}` : action.agent;
    const lane = lanes.get(key) ?? { label, actions: [] };
    lane.actions.push(action);
    lanes.set(key, lane);
  }
  return [...lanes.values()].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}

function renderBar(actions: readonly PlannedActionView[], scale: number, width: number, c: Colors): string {
  const cells: string[] = new Array<string>(width).fill(' ');
  actions.forEach((action, index) => {
    const from = Math.min(width - 1, Math.floor(action.start_s * scale));
    const to = Math.min(width, Math.max(from + 1, Math.round(action.end_s * scale)));
    // Neighbouring bars alternate in texture so that where one ends and the next begins stays visible.
    const glyph = index % 2 === 0 ? '█' : '▓';
    for (let i = from; i < to; i++) cells[i] = action.critical ? c.yellow(glyph) : glyph;
  });
  return cells.join('');
}

function axis(makespanS: number, width: number): string {
  const end = formatDuration(makespanS);
  const middle = formatDuration(makespanS / 2);
  const left = '0'.padEnd(Math.floor(width / 2) - Math.floor(middle.length / 2));
  const right = end.padStart(width - left.length - middle.length);
  return `${left}${middle}${right}`;
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
