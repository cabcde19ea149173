/**
 * The content of one section, read in its place: inside a workstream it feeds that action (collect-action.ts);
 * elsewhere (a phase's own text, a "Day 3-4" group, a section outside every phase) role blocks
 * (`**Release Manager**:` and a checklist), role items (`- **QA Engineer**: Validate …`), task tables,
 * todo lines, unowned checklists, metric and go/no-go lists are each mapped to what they say, and plain text
 * becomes the phase's description.
 */
import type { Collector, Scope } from './collect-context.js';
import { actionField, approvalField, isApprovalField, keyValueFields, phaseField, phaseLoop } from './collect-fields.js';
import { addMetricCheck, approveFor, commandList, itemsIntoAction, metricList } from './collect-lists.js';
import { tableTasks, todoLines } from './collect-tasks.js';
import type { DraftAction, DraftPhase } from './draft.js';
import { fieldKind, isAlertTitle, isApprovalText, isAsideTitle, isCriteriaTitle, isGoNoGoTitle, isMetricsTitle, isNotWorkTitle, isRosterName } from './field-words.js';
import { chain, dependencyList, dependencyParagraph, inDependencySection, isDependencyTitle, mermaidEdges } from './collect-dependencies.js';
import { doneLines, goNoGo } from './collect-gates.js';
import { isRolesTitle, roleList, roleTable, roster } from './collect-roles.js';
import { actionItemParagraph } from './collect-item-lines.js';
import { actionItems } from './collect-items.js';
import { ownedSteps } from './collect-steps.js';
import { declaresLoop } from './loop-text.js';
import type { Field } from './inline-text.js';
import { stripLead } from './heading.js';
import { metricsFromTable } from './metric-table.js';
import type { Block, ListBlock, ParagraphBlock, TableBlock } from './outline-blocks.js';

/** Where a group's content goes. */
export interface GroupPlace {
  /** The phase it belongs to; undefined outside every phase (work then goes to the implicit `main` phase). */
  readonly phase: DraftPhase | undefined;
  /** The group's name, for the titles of the actions it holds: "Integration & Validation". */
  readonly name: string;
  /** The section is a phase's own heading: its fields describe the phase. */
  readonly phaseLevel: boolean;
  /** Plain text is kept as description (phase sections and the document's title section). */
  readonly describe: boolean;
}

interface Pending {
  /** The last paragraph's line when it ends with a colon and reads as a title: it titles the next list. */
  lead?: string | undefined;
  /** The last paragraph's line when it ends with a colon, title or sentence ("If the promotion fails, roll back:"). */
  intro?: string | undefined;
  /** Actions of an action-item list in this group: the paragraphs after it may add to them. */
  items?: DraftAction[] | undefined;
  role?: { owners: string[]; line: number; name: string } | undefined;
  /** "Stage D only exits when every SLO below holds": the phase whose gate the metrics below belong to. */
  gatePhase?: DraftPhase | undefined;
  metrics?: { criteria: boolean } | undefined;
  readonly fields: Field[];
  readonly created: DraftAction[];
}

/** Reads a group's blocks; returns the actions made. */
export function blocksIntoGroup(c: Collector, blocks: readonly Block[], scope: Scope, place: GroupPlace): DraftAction[] {
  const pending: Pending = { fields: [], created: [] };
  for (const block of blocks) {
    // A paragraph's colon introduces the block right after it, and only a list.
    if (block.kind !== 'paragraph' && block.kind !== 'list') {
      pending.lead = undefined;
      pending.intro = undefined;
    }
    if (block.kind === 'paragraph') paragraphInGroup(c, block, scope, place, pending);
    else if (block.kind === 'list') listInGroup(c, block, scope, place, pending);
    else if (block.kind === 'table') tableInGroup(c, block, scope, place, pending);
    else if (block.kind === 'code' && isDependencyTitle(scope.trail.join(' ')) && mermaidEdges(c, block.value, block.line + 1, `mermaid graph at line ${block.line}`)) continue;
    else if (block.kind === 'code' && !todoLines(c, block.value, block.line + 1, scope)) {
      if (place.phase !== undefined || place.describe) c.warn(block.line, `code block${block.lang === undefined ? '' : ` (${block.lang})`} under "${place.name}" is not a task list; not imported`);
    }
  }
  applyGroupFields(c, place, pending);
  return pending.created;
}

function workPhase(c: Collector, place: GroupPlace, line: number): DraftPhase {
  return place.phase ?? c.mainPhase(line);
}

/**
 * Role items and role blocks outside every phase are work only in a document without phases; in one with
 * phases they are contact lists and agendas ("- **Agent Alpha**: [Primary contact]"), reported unmapped.
 */
function mayHoldWork(c: Collector, place: GroupPlace): boolean {
  return place.phase !== undefined || !c.hasPhases;
}

function paragraphInGroup(c: Collector, block: ParagraphBlock, scope: Scope, place: GroupPlace, pending: Pending): void {
  if (inDependencySection(scope) && dependencyParagraph(c, block, scope)) return;
  if (pending.items !== undefined && itemParagraph(c, block, place, pending.items)) return;
  if (doneLines(c, block, place.phase)) return;
  const fieldLines = new Set(block.fields.map((f) => f.line));
  for (const field of block.fields) {
    if (fieldKind(field.name) !== 'dependencies' && isDependencyTitle(field.name) && chain(c, field.value, field.line, `"${field.name}" at line ${field.line}`)) {
      c.describe(place.phase, `${field.name}: ${field.value}`);
      continue;
    }
    if (field.value !== '' && isRosterName(field.name) && roster(c, field.value, field.line)) continue;
    if (field.value !== '' && place.phase === undefined && !place.phaseLevel && fieldKind(field.name) === 'timebox') {
      c.warn(field.line, `time-box for the whole plan ("${field.value}") is not mapped: a run has no deadline (--max-time limits the attempts' summed time); kept in the description`);
      c.describe(undefined, `${field.name}: ${field.value}`);
      continue;
    }
    if (field.value !== '' && place.phase !== undefined && isApprovalField(field.name)) {
      approvalField(c, place.phase, field);
      continue;
    }
    if (field.value !== '' && fieldKind(field.name) === 'goal' && place.phase === undefined && !place.phaseLevel) {
      c.draft.goal ??= { value: field.value, line: field.line, text: field.value };
      c.describe(undefined, `${field.name}: ${field.value}`);
      continue;
    }
    const owners = c.ownersIn(field.name);
    if (owners !== undefined && !mayHoldWork(c, place)) continue;
    if (owners !== undefined && field.value === '') pending.role = { owners, line: field.line, name: field.name };
    else if (owners !== undefined) roleItem(c, owners, field.value, field.line, scope, place, pending);
    else if (isMetricsTitle(field.name) && /^(?:success|slo|kpi|acceptance|erfolg)/iu.test(field.name)) pending.metrics = { criteria: isCriteriaTitle(field.name) };
    else if (/^(?:validation|verification|gate|checks?|prüfung)/iu.test(field.name) && field.value === '') pending.metrics = undefined;
    else pending.fields.push(field);
  }
  const text = block.text.split('\n').filter((_, i) => !fieldLines.has(block.line + i)).join('\n');
  if (place.phaseLevel && place.phase !== undefined && declaresLoop(text)) phaseLoop(place.phase, text, block.line);
  if (place.phase === undefined && isMetricsTitle(scope.trail.join(' '))) pending.gatePhase ??= onlyOne(c.phasesNamed(text));
  if (place.describe && text.trim() !== '') c.describe(place.phase, text);
  const lastLine = block.text.split('\n').at(-1)?.trim() ?? '';
  pending.lead = lastLine.endsWith(':') && isListTitle(lastLine) ? lastLine : undefined;
  pending.intro = lastLine.endsWith(':') ? lastLine : undefined;
}

function roleItem(c: Collector, owners: string[], text: string, line: number, scope: Scope, place: GroupPlace, pending: Pending): void {
  if (isApprovalText(text)) {
    approveFor(c, place.phase, text, line);
    return;
  }
  const action = c.addAction({
    title: text.split('\n')[0] ?? text,
    owners,
    phase: workPhase(c, place, line),
    line,
    ...(scope.span === undefined ? {} : { span: scope.span }),
    why: [`role item "${owners.join(' + ')}: …" under "${place.name}"`],
  });
  action.steps.push({ text, line });
  pending.created.push(action);
}

function listInGroup(c: Collector, list: ListBlock, scope: Scope, place: GroupPlace, pending: Pending): void {
  const { role, metrics } = pending;
  pending.role = undefined;
  pending.metrics = undefined;
  if (role !== undefined && mayHoldWork(c, place)) {
    const split = list.items.findIndex((item) => item.fields.some((f) => f.line === item.line && c.ownersIn(f.name) !== undefined));
    const own = split === -1 ? list.items : list.items.slice(0, split);
    if (own.length > 0) roleBlock(c, { ...list, items: own }, role, scope, place, pending);
    if (split !== -1) roleItems(c, { ...list, items: list.items.slice(split) }, scope, place, pending);
    return;
  }
  // A paragraph that ends with a colon ("**Launch go/no-go** (… before Milestone 3):") titles the list after it.
  const titles = pending.lead === undefined ? scope.trail : [...scope.trail, pending.lead];
  const intro = pending.intro;
  pending.lead = undefined;
  pending.intro = undefined;
  const trail = titles.join(' › ');
  const last = titles.at(-1) ?? '';
  if (inDependencySection(scope)) {
    dependencyList(c, list, scope);
  } else if (place.phase === undefined && isRolesTitle(stripLead(last).rest) && roleList(c, list)) {
    return;
  } else if (place.phase === undefined && fieldKind(stripLead(last).rest) === 'goal') {
    const goals = list.items.map((item) => item.text.split('\n')[0] ?? '').filter((t) => t !== '');
    c.draft.goal ??= { value: goals.join('; '), line: list.line, text: goals.join('; ') };
    describeItems(c, list, { ...place, describe: true });
  } else if (isGoNoGoTitle(trail)) {
    goNoGo(c, list, { ...scope, trail: titles }, place.phase);
  } else if ((metrics !== undefined || isMetricsTitle(trail)) && isAlertTitle(last)) {
    if (place.phase !== undefined || place.describe) describeItems(c, list, place);
    else c.warn(list.line, `alert thresholds under "${last}" are not gate checks; not imported`);
  } else if (metrics !== undefined || (isMetricsTitle(trail) && !isAsideTitle(last))) {
    metricList(c, pending.gatePhase ?? place.phase, list.items, { ...scope, trail: titles }, metrics?.criteria ?? isCriteriaTitle(trail));
  } else if (!mayHoldWork(c, place)) {
    return;
  } else if (intro !== undefined && isNotWorkTitle(intro)) {
    // "If the promotion fails, roll back:" — what to do if it goes wrong is not work to do now.
    c.warn(list.line, `the list after "${intro}" is not work to do now (a rollback, risks, contacts); kept in the description`);
    describeItems(c, list, { ...place, describe: true });
  } else if (readActionItems(c, list, scope, place, pending)) {
    return;
  } else if (readOwnedSteps(c, list, { ...scope, trail: titles }, place, pending)) {
    return;
  } else if (!roleItems(c, list, scope, place, pending) && !checklist(c, list, scope, place, pending)) {
    if (place.phase === undefined || !commandList(c, place.phase, list.items, scope)) describeItems(c, list, place);
  }
}

/** "1. @alice (backend): fix the retry storm — 2h, after #3" lists (collect-items.ts). */
function readActionItems(c: Collector, list: ListBlock, scope: Scope, place: GroupPlace, pending: Pending): boolean {
  const made = actionItems(c, list, scope, place, (line) => workPhase(c, place, line), c.sizes);
  if (made === undefined) return false;
  pending.items = [...(pending.items ?? []), ...made];
  pending.created.push(...made);
  return true;
}

/** "1. **Announce the window** (SRE) — 5 min": items that name their owners (collect-steps.ts). */
function readOwnedSteps(c: Collector, list: ListBlock, scope: Scope, place: GroupPlace, pending: Pending): boolean {
  const made = ownedSteps(c, list, scope, (line) => workPhase(c, place, line));
  if (made === undefined) return false;
  pending.created.push(...made);
  return true;
}

/** Lines after an action-item list that are about its items; false when the paragraph holds other lines too. */
function itemParagraph(c: Collector, block: ParagraphBlock, place: GroupPlace, items: DraftAction[]): boolean {
  const lines = block.text.split('\n');
  const read = lines.map((text, i) => text.trim() === '' || actionItemParagraph(c, text, block.line + i, items, (line) => workPhase(c, place, line)));
  return read.every(Boolean);
}

/** A role block (`**Release Manager**:` and a list): one action for the role, the items its steps. */
function roleBlock(c: Collector, list: ListBlock, role: NonNullable<Pending['role']>, scope: Scope, place: GroupPlace, pending: Pending): void {
  const action = c.addAction({
    title: `${role.name}: ${place.name}`,
    owners: role.owners,
    phase: workPhase(c, place, role.line),
    line: role.line,
    ...(scope.span === undefined ? {} : { span: scope.span }),
    why: [`role block "**${role.name}**:" and its list under "${place.name}"`],
  });
  action.lines.push(list.line);
  itemsIntoAction(c, action, list.items);
  pending.created.push(action);
}

/** `- **QA Engineer**: Validate …` items: one action per item (an approval when it asks for one). */
function roleItems(c: Collector, list: ListBlock, scope: Scope, place: GroupPlace, pending: Pending): boolean {
  const owned = list.items.map((item) => {
    const field = item.fields.find((f) => f.line === item.line);
    return field === undefined ? undefined : { field, owners: c.ownersIn(field.name) };
  });
  if (!owned.some((o) => o?.owners !== undefined)) return false;
  list.items.forEach((item, i) => {
    const o = owned[i];
    if (o?.owners === undefined) c.describe(place.phase, item.text);
    else roleItem(c, o.owners, o.field.value, item.line, scope, place, pending);
  });
  return true;
}

/** A checklist that no role owns: one action for the group, its items the steps. */
function checklist(c: Collector, list: ListBlock, scope: Scope, place: GroupPlace, pending: Pending): boolean {
  if (!list.items.some((item) => item.checked !== undefined)) return false;
  const owners = scope.owners ?? [];
  const action = c.addAction({
    title: place.name,
    owners,
    phase: workPhase(c, place, list.line),
    line: list.line,
    ...(scope.span === undefined ? {} : { span: scope.span }),
    why: [`checklist under "${place.name}"${owners.length === 0 ? ' with no owner named' : ''}`],
  });
  itemsIntoAction(c, action, list.items);
  pending.created.push(action);
  return true;
}

function describeItems(c: Collector, list: ListBlock, place: GroupPlace): void {
  if (!place.describe && place.phase === undefined) return;
  for (const item of list.items) {
    c.describe(place.phase, `- ${item.text}`);
    for (const sub of item.items) c.describe(place.phase, `  - ${sub.text}`);
  }
}

function tableInGroup(c: Collector, table: TableBlock, scope: Scope, place: GroupPlace, pending: Pending): void {
  const fields = keyValueFields(table);
  if (fields !== undefined) {
    paragraphInGroup(c, { kind: 'paragraph', text: '', line: table.line, fields, codeSpans: table.codeSpans }, scope, place, pending);
    return;
  }
  const metrics = metricsFromTable(table);
  const inMetrics = pending.metrics !== undefined || isMetricsTitle(scope.trail.join(' '));
  pending.metrics = undefined;
  if (metrics !== undefined && inMetrics) {
    for (const { metric, line, run } of metrics) addMetricCheck(c, pending.gatePhase ?? place.phase, metric, line, run, `row of the metrics table at line ${table.line}`);
    return;
  }
  if (place.phase === undefined && roleTable(c, table)) return;
  const tasks = tableTasks(c, table, () => workPhase(c, place, table.line), scope);
  if (tasks !== undefined) pending.created.push(...tasks);
  else if (metrics !== undefined) metrics.forEach(({ metric, line, run }) => addMetricCheck(c, place.phase, metric, line, run, `row of the table at line ${table.line} (baseline/target columns)`));
  else c.warn(table.line, `table (${table.header.join(' | ')}) is neither a task table nor a metrics table; not imported`);
}

/** Fields of a group that made actions apply to those actions; of a phase section, to the phase. */
function applyGroupFields(c: Collector, place: GroupPlace, pending: Pending): void {
  for (const field of pending.fields) {
    if (pending.created.length > 0 && !place.phaseLevel) pending.created.forEach((action) => actionField(c, action, field));
    else if (place.phase !== undefined) phaseField(c, place.phase, field);
    else if (place.describe) c.describe(undefined, field.value === '' ? field.name : `${field.name}: ${field.value}`);
    else if (isApprovalField(field.name)) c.warn(field.line, `"${field.name}: ${field.value}" under "${place.name}" guards no phase; not imported`);
    else c.describe(undefined, `${field.name}: ${field.value}`);
  }
}

/**
 * A line that titles the list after it ("**Launch go/no-go** (asked in #api-launch, … before Milestone 3):",
 * "Success criteria:"), not a sentence that leads into one ("Before the go/no-go meeting, the team prepares:",
 * "To hit the success metrics in time, the team will:"): a few words before any parenthesis or comma, not
 * starting with a preposition, an article or a pronoun.
 */
function isListTitle(line: string): boolean {
  const head = line.replace(/[:\s]+$/u, '').split(/\s*[(,;]/u)[0]?.trim() ?? '';
  const words = head.split(/\s+/u).filter((w) => w !== '');
  return words.length > 0 && words.length <= 5 && !/^(?:before|after|to|in|on|for|when|once|while|during|the|a|an|we|our|this|these|if|so|then|vor|nach|um|wir|avant|après|pour|nous|antes|después|para)$/iu.test(words[0] ?? '');
}

/** The one phase a text names ("Stage D only exits when …"), or undefined when it names none or several. */
function onlyOne(phases: readonly DraftPhase[]): DraftPhase | undefined {
  return phases.length === 1 ? phases[0] : undefined;
}
