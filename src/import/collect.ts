/**
 * Walks a document's outline into a draft (draft.ts). Phase headings anywhere that is not already inside a
 * phase name phases, and headings that name the same phase ("Phase 1: Foundation", "Phase 1 (2 Days)" under
 * resource needs, "Phase 1 Success Criteria") are one phase seen from several sections. Inside a phase, a
 * heading with owners is a workstream (one action), a heading under a track's owner is one action of that
 * track, and any other heading is a group whose content is read by collect-group.ts. "Day N-M" and "Week N"
 * labels on those headings order the groups. A section that maps to nothing is reported with its lines.
 */
import { blocksIntoAction } from './collect-action.js';
import { Collector } from './collect-context.js';
import type { Scope } from './collect-context.js';
import { blocksIntoGroup } from './collect-group.js';
import type { Draft, DraftAction, DraftPhase } from './draft.js';
import { ownerOf, phaseHeading, stripLead } from './heading.js';
import type { PhaseHeading } from './heading.js';
import { allSections } from './outline.js';
import type { Outline, Section } from './outline.js';
import { splitOwners, trailingGroups } from './parenthetical.js';
import { normalTitle } from './find-action.js';
import { namedAgain } from './collect-again.js';
import { groupName, ownerField, ownerHeading } from './collect-headings.js';
import { spanOf } from './day-span.js';
import { isRolesTitle, preloadHandles } from './collect-roles.js';
import type { TableBlock } from './outline-blocks.js';
import { parseDurationText } from './duration-text.js';
import type { DurationOptions } from './duration-text.js';
import type { SizeLegend } from './size-legend.js';

/** Collects a document (mojibake already repaired) into a draft. */
export function collect(outline: Outline, durations: DurationOptions = {}, sizes?: SizeLegend): Draft {
  const c = new Collector(durations, sizes);
  const title = outline.children.length === 1 && outline.children[0]?.depth === 1 ? outline.children[0] : undefined;
  if (title !== undefined) c.draft.name = stripLead(title.title).rest;
  registerPhases(c, outline, false);
  preloadHandles(c, allSections(outline).flatMap((section) => section.blocks.filter((b): b is TableBlock => b.kind === 'table')));
  c.hasPhases = c.draft.phases.length > 0;
  const root: Scope = { order: 'root', trail: [] };
  blocksIntoGroup(c, outline.blocks, root, { phase: undefined, name: c.draft.name ?? '', phaseLevel: false, describe: true });
  for (const child of outline.children) visit(c, child, root, child === title);
  const held = c.heldApproval();
  if (held !== undefined) c.warn(held.line, `go/no-go list guards no phase (no work comes after it); criteria: ${held.criteria.join('; ')}`);
  return c.draft;
}

/** Phases are known before the walk, so that a todo line may name a phase whose heading comes later. */
function registerPhases(c: Collector, section: Section, inPhase: boolean): void {
  for (const child of section.children) {
    const heading = inPhase ? undefined : phaseHeading(child.title);
    if (heading !== undefined && !isSubphase(c, heading)) c.phaseFor(phaseKeys(heading), heading.number, phaseTitle(child.title), child.line);
    registerPhases(c, child, inPhase || heading !== undefined);
  }
}

/** "Phase 3.1" where "Phase 3" is a phase: a reference to a workstream of phase 3, not a phase of its own. */
function isSubphase(c: Collector, heading: PhaseHeading): boolean {
  const whole = /^(\d+)\.\d+$/u.exec(heading.number)?.[1];
  return whole !== undefined && c.phase(`phase ${whole}`) !== undefined;
}

/** Every name a phase heading gives its phase: "Week 1: Phase 1 - …" is both "phase 1" and "week 1"; "Phase 4 & 5" both 4 and 5. */
function phaseKeys(heading: PhaseHeading): string[] {
  const keys = heading.labels.flatMap((label) => {
    const kind = label.kind === 'stage' ? 'phase' : label.kind;
    const numbers = label.kind === 'day' ? [label.number] : label.number.split(/\s*(?:&|\+|,|and|und)\s*/u);
    return numbers.map((n) => `${kind} ${n.replace(/\s+/gu, '')}`);
  });
  const primary = keys.find((k) => k.startsWith(heading.kind === 'stage' ? 'phase' : heading.kind)) ?? keys[0] ?? heading.number;
  return [primary, ...keys.filter((k) => k !== primary)];
}

function phaseTitle(title: string): string {
  return stripLead(title).rest.replace(/\s*\((?:[^()]*)\)\s*$/u, '').trim();
}

function visit(c: Collector, section: Section, parent: Scope, isTitle = false): void {
  const before = c.mapped;
  const scope: Scope = { ...parent, trail: [...parent.trail, section.title] };
  const again = parent.action === undefined ? namedAgain(c, section, parent) : undefined;
  if (again !== undefined) addToAction(c, again, section, scope);
  else if (parent.phase !== undefined) visitInPhase(c, section, scope);
  else visitOutside(c, section, scope, isTitle);
  if (c.mapped === before && hasContent(section)) {
    c.warn(section.line, `section "${section.title}" (lines ${section.line}–${lastLine(section)}) holds no phase, workstream, task, metric or role; not imported`);
  }
}

function visitOutside(c: Collector, section: Section, scope: Scope, isTitle: boolean): void {
  const heading = phaseHeading(section.title);
  const whole = heading === undefined ? undefined : /^(\d+)\.\d+$/u.exec(heading.number)?.[1];
  const phase = heading === undefined ? undefined : c.phase(phaseKeys(heading)[0] ?? '');
  if (heading !== undefined && phase !== undefined) return visitPhase(c, section, { ...scope, phase, order: phase.key }, heading);
  if (heading !== undefined && whole !== undefined) return visitSubphase(c, section, scope, heading, whole);
  const role = roleDefinition(c, section);
  if (role) return visitChildren(c, section, scope);
  if (!c.hasPhases && WHEN.test(stripLead(section.title).rest)) c.startMainPhase(stripLead(section.title).rest);
  if (ownerHeading(c, section.title) !== undefined) return visitInPhase(c, section, { ...scope, phase: c.mainPhase(section.line), order: 'main' });
  blocksIntoGroup(c, section.blocks, scope, { phase: undefined, name: section.title, phaseLevel: false, describe: isTitle });
  visitChildren(c, section, scope);
}

function visitChildren(c: Collector, section: Section, scope: Scope): void {
  for (const child of section.children) visit(c, child, scope);
}

/** A phase's own heading: its mode and duration, its text and fields, then its sub-sections. */
function visitPhase(c: Collector, section: Section, scope: Scope & { phase: DraftPhase }, heading: PhaseHeading): void {
  const { phase } = scope;
  if (heading.mode !== undefined) phase.mode ??= { value: heading.mode, line: section.line, text: heading.matched.slice(heading.labels.length).join(' ') };
  if (heading.duration !== undefined) phase.duration ??= { value: heading.duration.seconds, line: section.line, text: heading.duration.text };
  const alongside = PARALLEL_WITH.exec(section.title)?.groups;
  const other = alongside?.text === undefined ? undefined : c.phasesNamed(alongside.text)[0];
  if (alongside !== undefined && other !== undefined && other !== phase) {
    // "Phase 2 (in parallel with Phase 3)": the later of the two is the one that starts early.
    const [early, late] = c.draft.phases.indexOf(other) < c.draft.phases.indexOf(phase) ? [other, phase] : [phase, other];
    late.parallelWith ??= { phase: early, line: section.line, text: alongside.text ?? '' };
  }
  const name = ownerOf(heading.name, c.knownRoles);
  if (name !== undefined) return visitInPhase(c, section, scope);
  blocksIntoGroup(c, section.blocks, scope, { phase, name: heading.name, phaseLevel: true, describe: true });
  visitChildren(c, section, scope);
}

/** Section titles that say when their work happens, in a document without phase headings. */
const WHEN =
  /^(?:cut-?over|go-?live|launch(?: day)?|roll-?out|release(?: day)?|execution|the window|during\b|after\b|post-|follow-?ups?\b|clean-?up|wrap-?up|aftermath|durchführung|nachbereitung|umstellung|bascule|après|ejecución|después)/iu;

const PARALLEL_WITH =
  /(?<text>(?:parallel\w*|side by side|concurrently|gleichzeitig|en paralelo|en parallèle)\s+(?:with|to|zu|mit|con|avec|a)\s+(?:the\s+)?(?:phase|stage|week|sprint|fase|etapa|woche|semaine|semana|stufe)\s+[\w.]+)/iu;

/** "Phase 3.1: Resource-Aware Workflow Design" outside the phases: notes on workstream 3.1 (risk, mitigation, criteria). */
function visitSubphase(c: Collector, section: Section, scope: Scope, heading: PhaseHeading, whole: string): void {
  const phase = c.phase(`phase ${whole}`);
  if (phase === undefined) return;
  const action = findWorkstream(phase, heading);
  const inner: Scope = { ...scope, phase, order: phase.key };
  if (action === undefined) {
    c.warn(section.line, `"${section.title}" names no workstream found in ${phase.title}; read as part of the phase`);
    blocksIntoGroup(c, section.blocks, inner, { phase, name: heading.name, phaseLevel: true, describe: true });
  } else {
    action.lines.push(section.line);
    action.why.push(`notes at line ${section.line} ("${section.title}")`);
    blocksIntoAction(c, action, section.blocks, { ...inner, action });
  }
  visitChildren(c, section, { ...inner, ...(action === undefined ? {} : { action }) });
}

function findWorkstream(phase: DraftPhase, heading: PhaseHeading): DraftAction | undefined {
  const name = normalTitle(heading.name);
  return phase.actions.find((a) => normalTitle(a.title) === name) ?? phase.actions.find((a) => a.number === heading.number);
}

/** A section about work described before: its owners must agree, its content adds to the action. */
function addToAction(c: Collector, action: DraftAction, section: Section, scope: Scope): void {
  const owner = ownerHeading(c, stripLead(section.title).rest);
  if (owner !== undefined) c.addOwners(action, owner.owners, section.line, `the heading "${section.title}"`);
  action.lines.push(section.line);
  action.why.push(`more about it at line ${section.line} ("${section.title}")`);
  const inner: Scope = { ...scope, phase: action.phase, order: action.phase.key, action };
  blocksIntoAction(c, action, section.blocks, inner);
  visitChildren(c, section, inner);
}

function visitInPhase(c: Collector, section: Section, scope: Scope & { phase?: DraftPhase }): void {
  const phase = scope.phase ?? c.mainPhase(section.line);
  const heading = phaseHeading(section.title);
  const span = spanOf(heading, scope.order) ?? scope.span;
  const owner = ownerHeading(c, groupName(section.title)) ?? ownerField(c, section);
  const inner: Scope & { phase: DraftPhase } = { ...scope, phase, ...(span === undefined ? {} : { span }) };
  if (owner !== undefined || (scope.owners !== undefined && scope.action === undefined && section.blocks.length > 0)) {
    const owners = owner?.owners ?? scope.owners ?? [];
    const name = owner?.name ?? groupName(section.title);
    if (section.blocks.length === 0) return visitChildren(c, section, { ...inner, owners, order: `track:${section.line}` });
    const why =
      owner === undefined ? `heading "${section.title}" under a track owned by ${owners.join(' + ')}`
      : ownerHeading(c, groupName(section.title)) === undefined ? `heading "${section.title}" with an owner field`
      : `workstream heading "${section.title}" names its owner${owners.length > 1 ? 's' : ''}`;
    const action = workstream(c, section, inner, owners, name, why);
    return visitChildren(c, section, { ...inner, owners, action });
  }
  if (scope.action !== undefined) {
    scope.action.context.push(`${stripLead(section.title).rest}:`);
    blocksIntoAction(c, scope.action, section.blocks, inner);
    return visitChildren(c, section, inner);
  }
  blocksIntoGroup(c, section.blocks, inner, { phase, name: groupName(section.title), phaseLevel: false, describe: true });
  visitChildren(c, section, inner);
}

function workstream(c: Collector, section: Section, scope: Scope & { phase: DraftPhase }, owners: readonly string[], name: string, why: string): DraftAction {
  const { phase } = scope;
  const lead = stripLead(section.title).numbering?.replace(/\.$/u, '');
  const number = lead !== undefined && /^\d+(?:\.\d+)+$/u.test(lead) ? lead : `${phase.number}.${phase.actions.length + 1}`;
  const duration = trailingGroups(name).find((g) => g.kind === 'duration');
  const action = c.addAction({
    title: duration === undefined ? name : name.replace(duration.text, '').trim(),
    owners,
    phase,
    line: section.line,
    number,
    ...(scope.span === undefined ? {} : { span: scope.span }),
    why: [why],
  });
  const estimate = duration === undefined ? undefined : parseDurationText(duration.inner, c.durations);
  if (estimate !== undefined) action.estimate = { value: estimate.seconds, line: section.line, text: estimate.text };
  blocksIntoAction(c, action, section.blocks, { ...scope, action });
  return action;
}

/** A heading outside the phases that is a role's name ("1. DevOps Engineer"): an agent, described by its text. */
function roleDefinition(c: Collector, section: Section): boolean {
  const name = stripLead(section.title).rest;
  if (isRolesTitle(name)) return false;
  const owners = splitOwners(name, c.knownRoles);
  if (owners?.length !== 1 || /\d/u.test(name)) return false;
  const text = section.blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.kind === 'list' ? b.items.map((i) => `- ${i.text}`) : []));
  c.addRole(name, section.line, text.join('\n') || undefined);
  return true;
}

function hasContent(section: Section): boolean {
  return section.blocks.some((b) => b.kind !== 'html') || section.children.some(hasContent);
}

function lastLine(section: Section): number {
  const child = section.children.at(-1);
  if (child !== undefined) return lastLine(child);
  const block = section.blocks.at(-1);
  if (block === undefined) return section.line;
  if (block.kind === 'list') return Math.max(block.line, ...block.items.map((i) => i.line));
  if (block.kind === 'table') return block.rows.at(-1)?.line ?? block.line;
  if (block.kind === 'code') return block.line + block.value.split('\n').length + 1;
  return block.line;
}
