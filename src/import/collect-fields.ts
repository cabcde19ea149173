/**
 * Field lines applied to what they describe: `**Dependencies**:`, `**Priority**:`, `**Timeline**:`,
 * `**Risk**:` and the rest, on an action (a workstream's own fields) or a phase (fields written directly under a
 * phase heading). A field that is not one of these becomes prompt context or phase description, so nothing
 * a document states is lost.
 */
import type { Collector } from './collect-context.js';
import { parseDependencyText } from './dependency-text.js';
import type { DraftAction, DraftPhase } from './draft.js';
import { findDurationText, parseDurationText } from './duration-text.js';
import { fieldKind, priorityOf, riskOf } from './field-words.js';
import type { Field } from './inline-text.js';

/** Applies a field to an action; returns false for a metrics field, whose list the caller reads as checks. */
export function actionField(c: Collector, action: DraftAction, field: Field): boolean {
  const { value, line } = field;
  switch (fieldKind(field.name)) {
    case 'dependencies':
      action.dependencies.push({ refs: parseDependencyText(value), line, text: value });
      return true;
    case 'priority': {
      const priority = priorityOf(value);
      if (priority === undefined) c.warn(line, `priority "${value}" is not critical, high, medium or low; left at the default`);
      else action.priority = { value: priority, line, text: value };
      return true;
    }
    case 'duration':
      return durationField(c, field, (estimate) => (action.estimate = estimate), () => action.context.push(`${field.name}: ${value}`));
    case 'risk': {
      const risk = riskOf(value);
      if (risk === undefined) action.context.push(`${field.name}: ${value}`);
      else action.risk = { value: risk, line, text: value };
      if (risk !== undefined && value.replace(/^\W*\w+\W*/u, '').trim() !== '') action.context.push(`Risk: ${value}`);
      return true;
    }
    case 'metrics':
      if (value !== '') action.context.push(`${field.name}: ${value}`);
      return false;
    default:
      action.context.push(field.value === '' ? field.name : `${field.name}: ${value}`);
      return true;
  }
}

/** Applies a field written under a phase heading to the phase; returns false for a metrics field. */
export function phaseField(c: Collector, phase: DraftPhase, field: Field): boolean {
  const { value, line } = field;
  switch (fieldKind(field.name)) {
    case 'dependencies':
      phase.dependencies.push({ refs: parseDependencyText(value), line, text: value });
      c.mapped++;
      return true;
    case 'duration':
      return durationField(c, field, (estimate) => (phase.duration ??= estimate), () => c.describe(phase, `${field.name}: ${value}`));
    case 'risk': {
      const risk = riskOf(value);
      if (risk !== undefined) phase.risk ??= { value: risk, line, text: value };
      c.describe(phase, `${field.name}: ${value}`);
      return true;
    }
    case 'metrics':
      if (value !== '') c.describe(phase, `${field.name}: ${value}`);
      return false;
    default:
      c.describe(phase, field.value === '' ? field.name : `${field.name}: ${value}`);
      return true;
  }
}

function durationField(
  c: Collector,
  field: Field,
  set: (estimate: { value: number; line: number; text: string }) => void,
  otherwise: () => void,
): true {
  const duration = parseDurationText(field.value) ?? findDurationText(field.value);
  if (duration === undefined) {
    c.warn(field.line, `${field.name} "${field.value}" names no duration with a unit; kept as text`);
    otherwise();
  } else {
    set({ value: duration.seconds, line: field.line, text: duration.text });
    c.mapped++;
  }
  return true;
}
