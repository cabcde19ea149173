/**
 * The predicted timeline as a Mermaid gantt chart (`baton plan --mermaid`), one section per agent, critical
 * actions tagged `crit`. Times are written as dates from a fixed midnight so the chart reads as hours from the
 * start whatever the reader's time zone.
 */
import type { PlanView } from './plan-view.js';

const ORIGIN = Date.UTC(2000, 0, 1);

/** Renders the chart. Action titles are cleaned of the characters Mermaid gives meaning to (`:`, `#`, `;`). */
export function renderMermaid(view: PlanView): string {
  const lines = ['gantt', `  title ${clean(view.name)}`, '  dateFormat YYYY-MM-DD HH:mm:ss', `  axisFormat ${view.makespan_s > 86_400 ? '%d %H:%M' : '%H:%M'}`];
  const agents = [...new Set(view.actions.map((action) => action.agent))];
  for (const agent of agents) {
    lines.push(`  section ${clean(agent)}`);
    for (const action of view.actions.filter((a) => a.agent === agent)) {
      const tags = action.critical ? 'crit, ' : '';
      const name = action.title === action.id ? action.id : `${clean(action.title)} (${action.id})`;
      lines.push(`  ${name} :${tags}${stamp(action.start_s)}, ${stamp(action.end_s)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function stamp(seconds: number): string {
  return new Date(ORIGIN + Math.round(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function clean(text: string): string {
  return text.replace(/[:#;\n\r]/g, ' ').replace(/\s+/g, ' ').trim();
}
