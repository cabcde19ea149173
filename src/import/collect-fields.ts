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
import { readLoop, saysLoop } from './loop-text.js';

/** Applies a field to an action; returns false for a metrics field, whose list the caller reads as checks. */
export function actionField(c: Collector, action: DraftAction, field: Field): boolean {
  const { value, line } = field;
  noteRounds(action, field);
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
      return durationField(c, field, (estimate) => c.setEstimate(action, estimate), () => action.context.push(`${field.name}: ${value}`));
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
    case 'owner':
    case 'support':
      ownerField(c, action, field);
      return true;
    case 'mode':
      if (saysLoop(value)) noteLoop(action, value, line);
      action.context.push(`${field.name}: ${value}`);
      return true;
    default:
      action.context.push(field.value === '' ? field.name : `${field.name}: ${value}`);
      return true;
  }
}

/** "**Owner:** Release Manager", "**Support:** QA, SRE": who runs the action and who reviews or helps. */
function ownerField(c: Collector, action: DraftAction, field: Field): void {
  const named = c.ownersIn(field.value) ?? (field.value === '' || /^(?:-|–|—|n\/a|tbd|none)$/iu.test(field.value) ? [] : [field.value]);
  if (named.length === 0) return;
  if (fieldKind(field.name) === 'support') c.addSupport(action, named, field.line);
  else c.addOwners(action, named, field.line, `"${field.name}: ${field.value}"`);
}

/** The action repeats until a condition holds ("loop – repeat until tests pass"). */
export function noteLoop(action: DraftAction, text: string, line: number): void {
  const { until, max, maxText } = readLoop(text);
  action.loop ??= { line };
  if (until !== undefined) action.loop.until ??= until;
  if (max !== undefined) action.rounds ??= { value: max, line, text: maxText ?? String(max) };
}

function noteRounds(action: DraftAction, field: Field): void {
  const { max, maxText } = readLoop(field.value);
  if (max !== undefined) action.rounds ??= { value: max, line: field.line, text: maxText ?? String(max) };
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
    case 'goal':
      if (value !== '') phase.goal ??= { value, line, text: value };
      c.describe(phase, `${field.name}: ${value}`);
      return true;
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
