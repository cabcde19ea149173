/**
 * Lists read for what they are in their place: the steps of an action (checklist items, done or not), success
 * metrics and criteria (gate checks), go/no-go criteria (an approval), and command lines in a validation list
 * (gate checks that run those commands).
 */
import { commandSpan, leadingCommand } from './commands.js';
import type { Collector, Scope } from './collect-context.js';
import { actionField, noteLoop } from './collect-fields.js';
import { declaresLoop } from './loop-text.js';
import type { DraftAction, DraftPhase } from './draft.js';
import { fieldKind, isApprovalText } from './field-words.js';
import { metricFromLine } from './metric-text.js';
import type { MetricText } from './metric-target.js';
import type { ListItem } from './outline-blocks.js';

/** Adds list items to an action: fields apply, approvals go to the phase they guard, the rest are steps. */
export function itemsIntoAction(c: Collector, action: DraftAction, items: readonly ListItem[], depth = 0): void {
  for (const item of items) {
    const field = item.fields.find((f) => f.line === item.line);
    const owners = field === undefined ? undefined : c.ownersIn(field.name);
    if (field !== undefined && owners === undefined && fieldKind(field.name) !== 'other') {
      if (!actionField(c, action, field)) action.context.push(item.text);
    } else if (field !== undefined && owners !== undefined && isApprovalText(field.value)) {
      approveFor(c, action.phase, field.value, item.line);
    } else if (field === undefined && depth === 0 && isSignOff(item.text, item.checked) && approveFor(c, action.phase, item.text.split('\n')[0] ?? item.text, item.line)) {
      // The approval guards the next phase; the step is a person's, not the agent's.
    } else {
      const text = continuationFields(c, action, item);
      if (declaresLoop(text)) noteLoop(action, text, item.line);
      action.steps.push({ text: `${'  '.repeat(depth)}${text}`, line: item.line, ...(item.checked === undefined ? {} : { done: item.checked }) });
    }
    if (field === undefined || fieldKind(field.name) !== 'rollback') verifyFrom(action, item.codeSpans);
    itemsIntoAction(c, action, item.items, depth + 1);
  }
}

/**
 * An item that is a person's decision rather than work: "Week 1 sign-off", "Final go/no-go with SRE lead",
 * "Phase 2 gate approval". An agent cannot give it, so it becomes the approval of the phase it guards.
 */
function isSignOff(text: string, done: boolean | undefined): boolean {
  const first = (text.split('\n')[0] ?? '').trim();
  if (done === true || first.split(/\s+/u).length > 10) return false;
  // It must be the decision itself: "Week 1 sign-off", "Final go/no-go with SRE lead", "Approval by the ARB";
  // "Add the approval state" or "Fix the sign-off email" is work that mentions one.
  return SIGN_OFF.test(first) && !WORK_VERB.test(first);
}

const SIGN_OFF =
  /^(?:[\p{L}\p{N}/&.-]+\s+){0,3}?(?:sign-?off|approval|go\s*[/-]\s*no[\s-]*go|gate review|freigabe|abnahme|aprobaci[oó]n|validation)\b(?:\s+(?:by|from|with|of|for|durch|von|par|de|con)\b.*)?[.!]?$|^(?:get|obtain|request)\s+(?:the\s+)?(?:sign-?off|approval|go)\b/iu;
/** Verbs that make an item work about an approval ("Add the approval state"), not the approval itself. */
const WORK_VERB = /^(?:add|fix|implement|update|write|build|create|design|send|prepare|draft|document|automate|collect|remove|delete|test|refactor|migrate|improve|rename|move|track|show|display|store|handle|support|log)\b/iu;

/**
 * Field lines that continue an item without a blank line ("- [ ] Schema anlegen" then "**Dauer**: 2 Tage" on
 * the next line, which Markdown reads as one item) apply as fields; the item's text is what remains.
 */
function continuationFields(c: Collector, action: DraftAction, item: ListItem): string {
  const later = item.fields.filter((f) => f.line > item.line && fieldKind(f.name) !== 'other' && c.ownersIn(f.name) === undefined);
  for (const field of later) actionField(c, action, field);
  const lines = item.text.split('\n');
  return lines.filter((_, i) => !later.some((f) => f.line === item.line + i)).join(' ');
}

/** Code spans that look like commands become the action's verify candidates. */
export function verifyFrom(action: DraftAction, spans: readonly { value: string; line: number }[]): void {
  for (const span of spans) {
    const command = commandSpan(span.value);
    if (command !== undefined && !action.verify.some((v) => v.value === command)) action.verify.push({ value: command, line: span.line, text: span.value });
  }
}

/**
 * The phase an approval guards: the one after the phase it names ("Phase 1 gate review") or, naming none, after
 * the phase it is written in, since a gate review ends a phase and the next may only start once it passed.
 * Returns false when no phase follows (it is then a note, and a warning).
 */
export function approveFor(c: Collector, phase: DraftPhase | undefined, text: string, line: number): boolean {
  const guarded = c.guardedBy(text, phase, false);
  if (guarded === undefined) {
    c.warn(line, `approval "${text}" guards no later phase; kept as a note on the last phase`);
    c.describe(phase, `Approval: ${text}`);
    return false;
  }
  c.approve(guarded, line, [text]);
  return true;
}

/** A go/no-go list: every item is a criterion a person checks; done items are noted as such. */
export function approvalList(c: Collector, guarded: DraftPhase | undefined, items: readonly ListItem[], line: number): void {
  const criteria = items.map((item) => `${item.checked === true ? '[done] ' : ''}${item.text.split('\n')[0] ?? ''}`);
  if (guarded === undefined) {
    c.warn(line, `go/no-go list guards no phase (it comes after the last one); criteria: ${criteria.join('; ')}`);
    return;
  }
  c.approve(guarded, line, criteria);
}

/**
 * Success metrics or criteria as gate checks of `phase` (the plan's last phase when undefined). An item with
 * a number target is a metric check; a criterion without one is a check to be filled in; a metric that states
 * neither a target nor a criterion is only something to watch, reported in one warning per list.
 */
export function metricList(c: Collector, phase: DraftPhase | undefined, items: readonly ListItem[], scope: Scope, criteria: boolean, run?: string): void {
  const watched: string[] = [];
  for (const item of items) {
    const text = (item.fields.length > 0 ? `${item.fields[0]?.name ?? ''}: ${item.fields[0]?.value ?? ''}` : item.text).split('\n')[0] ?? '';
    const metric = metricFromLine(text);
    const command = item.codeSpans.map((s) => commandSpan(s.value)).find((cmd) => cmd !== undefined) ?? run;
    if (metric.target === undefined && !criteria) watched.push(metric.name);
    else addMetricCheck(c, phase, metric, item.line, command, `success ${criteria ? 'criterion' : 'metric'} under "${scope.trail.at(-1) ?? ''}"`);
    if (item.items.length > 0) metricList(c, phase, item.items, scope, criteria, leadingCommand(item.text) ?? command);
  }
  if (watched.length > 0) c.warn(items[0]?.line ?? 0, `metrics without a target are not gate checks: ${watched.join(', ')}`);
}

/** One metric as a gate check; a target that is not a number comparison is reported. */
export function addMetricCheck(c: Collector, phase: DraftPhase | undefined, metric: MetricText, line: number, run: string | undefined, why: string): void {
  if (metric.unread !== undefined) c.warn(line, `target "${metric.unread}" of "${metric.name}" is not a comparison with a number; the check has no target`);
  c.addCheck(phase, {
    name: metric.name,
    line,
    ...(run === undefined ? {} : { run }),
    ...(metric.target === undefined ? {} : { metric: metric.metric, target: metric.target }),
    ...(metric.baseline === undefined ? {} : { baseline: metric.baseline }),
    why,
  });
}

/** Command lines of a validation list ("cargo make check (zero errors)") become gate checks; the rest is description. */
export function commandList(c: Collector, phase: DraftPhase, items: readonly ListItem[], scope: Scope): boolean {
  const commands = items.map((item) => leadingCommand(item.text));
  if (commands.every((cmd) => cmd === undefined)) return false;
  items.forEach((item, i) => {
    const run = commands[i];
    if (run === undefined) c.describe(phase, item.text);
    else c.addCheck(phase, { name: (item.text.split('\n')[0] ?? run).replace(/:\s*$/u, ''), line: item.line, run, why: `command in a list under "${scope.trail.at(-1) ?? ''}"` });
    if (item.items.length > 0) metricList(c, phase, item.items, scope, true, run);
  });
  return true;
}
