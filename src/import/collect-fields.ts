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
import type { TableBlock } from './outline-blocks.js';
import { commandSpan } from './commands.js';
import { readLoop, saysLoop } from './loop-text.js';
import { findModeWords, modeOf } from './mode-words.js';

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
    case 'verify':
      return verifyField(action, field);
    case 'rollback':
      rollbackNote(c, field);
      action.context.push(`${field.name} (if this goes wrong): ${value}`);
      return true;
    case 'timebox':
      return durationField(c, field, (box) => {
        action.timebox = box;
        if (action.estimate === undefined) c.setEstimate(action, box);
      }, () => action.context.push(`${field.name}: ${value}`));
    default:
      action.context.push(field.value === '' ? field.name : `${field.name}: ${value}`);
      return true;
  }
}

const TIMER = /^(?:⏱|⏲|⌛|⏳|🕐|🕑|🕒|🕓|⏰)\uFE0F?\s*/u;
const RISK_WORDS = /(?:(?<emoji>🟢|🟡|🟠|🔴)\s*)?(?<level>low|medium|med|moderate|high|critical|niedrig|mittel|hoch|bajo|medio|alto)?\s*(?:risk|risiko|riesgo|risque)\b(?<rest>.*)$/iu;
const RISK_EMOJI: Readonly<Record<string, string>> = { '🟢': 'low', '🟡': 'medium', '🟠': 'medium', '🔴': 'high' };

/**
 * A line of symbols and short facts under a workstream heading ("⏱ 30m · 🟢 low risk", "⏱ 3h · 🔴 high risk
 * (hot path)"): ⏱ marks a time-box (a hard stop, also the estimate when none is given), a coloured dot or
 * "high risk" the risk. Returns false when the line is not one; what it reads is not repeated as text.
 */
export function metaLine(c: Collector, action: DraftAction, text: string, line: number): boolean {
  const pieces = text.split(/\s+[·•|]\s+/u).map((p) => p.trim()).filter((p) => p !== '');
  const read = pieces.map((piece) => {
    if (TIMER.test(piece)) {
      const box = parseDurationText(piece.replace(TIMER, ''), c.durations) ?? findDurationText(piece, c.durations);
      if (box === undefined) return false;
      action.timebox = { value: box.seconds, line, text: box.text };
      if (action.estimate === undefined) c.setEstimate(action, { value: box.seconds, line, text: box.text });
      return true;
    }
    const risk = RISK_WORDS.exec(piece)?.groups;
    const level = risk === undefined ? undefined : (riskOf(risk.level ?? '') ?? RISK_EMOJI[risk.emoji ?? '']);
    if (risk === undefined || level === undefined) return false;
    action.risk = { value: level, line, text: piece };
    if ((risk.rest ?? '').trim() !== '') action.context.push(`Risk: ${piece}`);
    return true;
  });
  if (pieces.length === 0 || !read.every(Boolean)) return false;
  c.mapped++;
  return true;
}

/**
 * "Rollback point: delete the branch and …": baton takes a checkpoint at every gate and `baton rollback` returns
 * to it, so the document's own rollback steps are kept as notes (never as checks) and reported.
 */
function rollbackNote(c: Collector, field: Field): void {
  c.warn(field.line, `"${field.name}" is not mapped: baton checkpoints every gate and \`baton rollback\` returns to one; the steps are kept as a note`);
}

/** "Verify: `git ls-remote --exit-code …`": the commands it names are the action's stated checks. */
function verifyField(action: DraftAction, field: Field): true {
  // The document says this is the check: a code span with arguments is the command as written, whatever its program.
  const commands = [...field.value.matchAll(/`([^`]+)`/gu)]
    .map((m) => (m[1] ?? '').trim())
    .map((span) => (/\s/u.test(span) ? span : commandSpan(span)))
    .filter((cmd): cmd is string => cmd !== undefined && cmd !== '');
  for (const command of commands) {
    if (!action.verifyStated.some((v) => v.value === command)) action.verifyStated.push({ value: command, line: field.line, text: field.value });
  }
  action.context.push(`${field.name}: ${field.value}`);
  return true;
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
    case 'rollback':
      rollbackNote(c, field);
      c.describe(phase, `${field.name}: ${value}`);
      return true;
    case 'goal':
      if (value !== '') phase.goal ??= { value, line, text: value };
      c.describe(phase, `${field.name}: ${value}`);
      return true;
    case 'mode': {
      const mode = modeOf(findModeWords(value));
      if (mode !== undefined) phase.mode ??= { value: mode, line, text: value };
      c.describe(phase, `${field.name}: ${value}`);
      return true;
    }
    default:
      c.describe(phase, field.value === '' ? field.name : `${field.name}: ${value}`);
      return true;
  }
}

/** "**Approval:** the ARB signs off …", "**Aprobación:** …", "**Freigabe:** …": a person decides. */
export function isApprovalField(name: string): boolean {
  return /^(?:approvals?|approved by|sign-?off|go\s*\/\s*no-?go|aprobaci[oó]n|aprobado por|freigabe|abnahme|approbation|validation humaine)$/iu.test(name.trim());
}

/**
 * An approval stated under a phase heading. Written before the phase's work, or saying "before" ("before E1",
 * "antes de empezar esta fase"), it guards this phase; after the work, the next one.
 */
export function approvalField(c: Collector, phase: DraftPhase, field: Field): void {
  const guarded = c.guardedBy(field.value, phase, phase.actions.length === 0);
  if (guarded === undefined) {
    c.warn(field.line, `approval "${field.value}" guards no later phase; kept as a note on the last phase`);
    c.describe(phase, `${field.name}: ${field.value}`);
    return;
  }
  c.approve(guarded, field.line, [field.value]);
}

function durationField(
  c: Collector,
  field: Field,
  set: (estimate: { value: number; line: number; text: string }) => void,
  otherwise: () => void,
): true {
  const duration = parseDurationText(field.value, c.durations) ?? findDurationText(field.value, c.durations);
  if (duration === undefined) {
    c.warn(field.line, `${field.name} "${field.value}" names no duration with a unit; kept as text`);
    otherwise();
  } else {
    set({ value: duration.seconds, line: field.line, text: duration.text });
    c.mapped++;
  }
  return true;
}

/** "We repeat the canary until the error rate is < 0.1%, at most 5 rounds." under a phase heading. */
export function phaseLoop(phase: DraftPhase, text: string, line: number): void {
  const { until, max, maxText } = readLoop(text);
  phase.loop ??= { line, ...(until === undefined ? {} : { until }), ...(max === undefined ? {} : { max: { value: max, line, text: maxText ?? String(max) } }) };
}

/**
 * A two-column table of names and values ("| **DRI** | Platform team |", "| **Goal** | … |") says what field
 * lines say; its rows are read as fields. Undefined when the table is not one.
 */
export function keyValueFields(table: TableBlock): Field[] | undefined {
  const header = table.header.map((cell) => cell.trim().toLowerCase());
  const blank = header.every((cell) => cell === '');
  const named = header.length === 2 && /^(?:field|key|name|property|attribute|item|feld|campo|champ)$/u.test(header[0] ?? '') && /^(?:value|details?|wert|valor|valeur)$/u.test(header[1] ?? '');
  if (table.header.length !== 2 || !(blank || named)) return undefined;
  return table.rows.map((row) => ({ name: (row.cells[0] ?? '').replace(/\*\*/gu, '').trim(), value: (row.cells[1] ?? '').trim(), line: row.line })).filter((f) => f.name !== '');
}
