/**
 * The state shared while a document is walked (collect.ts): the draft being filled, the phases by every name
 * they go by ("phase 1", "week 1"), the roles the document defines, and what the current section inherits
 * (its phase, a track's owner, a day span). Recording goes through here so that everything recorded counts as
 * mapped: a section that maps nothing is reported, never dropped silently.
 */
import type { DaySpan, Draft, DraftAction, DraftCheck, DraftPhase } from './draft.js';
import { newAction, newPhase } from './draft.js';
import { isEveryone } from './field-words.js';
import { splitOwners } from './parenthetical.js';

/** What a section inherits from the sections around it. */
export interface Scope {
  readonly phase?: DraftPhase;
  /** The owners of an enclosing track or workstream heading. */
  readonly owners?: readonly string[];
  /** The action that the section's content feeds (a workstream's sub-headings feed their workstream). */
  readonly action?: DraftAction;
  readonly span?: DaySpan;
  /** Key of the scope that day spans are ordered in. */
  readonly order: string;
  /** Titles of the enclosing headings, outermost first, this one last. */
  readonly trail: readonly string[];
}

export class Collector {
  readonly draft: Draft = { phases: [], agents: new Map(), warnings: [], finalChecks: [] };
  readonly knownRoles: string[] = [];
  readonly #phases = new Map<string, DraftPhase>();
  /** The document has phase headings: work outside them is then not guessed at. */
  hasPhases = false;
  /** Grows with everything recorded; a section that leaves it unchanged mapped nothing. */
  mapped = 0;

  warn(line: number, message: string): void {
    this.draft.warnings.push({ line, message });
    this.mapped++;
  }

  phase(key: string): DraftPhase | undefined {
    return this.#phases.get(key.toLowerCase());
  }

  /** The phase for these keys, made (with the first key's number and the title) when none of them exists yet. */
  phaseFor(keys: readonly string[], number: string, title: string, line: number): DraftPhase {
    const found = keys.map((key) => this.phase(key)).find((p) => p !== undefined);
    const phase = found ?? newPhase(keys[0] ?? title, number, title, line);
    if (found === undefined) this.draft.phases.push(phase);
    else if (!phase.lines.includes(line)) phase.lines.push(line);
    for (const key of keys) if (!this.#phases.has(key.toLowerCase())) this.#phases.set(key.toLowerCase(), phase);
    this.mapped++;
    return phase;
  }

  /** The phase that follows `phase` in document order, or undefined for the last. */
  nextPhase(phase: DraftPhase): DraftPhase | undefined {
    return this.draft.phases[this.draft.phases.indexOf(phase) + 1];
  }

  /** The implicit phase for work found outside any phase heading. */
  mainPhase(line: number): DraftPhase {
    return this.phaseFor(['main'], '', this.draft.name ?? 'main', line);
  }

  addAction(fields: Parameters<typeof newAction>[0]): DraftAction {
    const action = newAction(fields);
    fields.phase.actions.push(action);
    for (const owner of action.owners) this.addRole(owner, fields.line);
    this.mapped++;
    return action;
  }

  addCheck(phase: DraftPhase | undefined, check: DraftCheck): void {
    const list = phase?.checks ?? this.draft.finalChecks;
    const all = [...this.draft.phases.flatMap((p) => p.checks), ...this.draft.finalChecks];
    const same = all.some((c) => (c.metric !== undefined && c.metric === check.metric) || (c.metric === undefined && c.name === check.name && c.run === check.run));
    if (!same) list.push(check);
    this.mapped++;
  }

  /** Notes that a person approves before `phase` starts, with the criteria they check. */
  approve(phase: DraftPhase, line: number, criteria: readonly string[]): void {
    phase.approve ??= { line, criteria: [] };
    phase.approve.criteria.push(...criteria);
    this.mapped++;
  }

  addRole(name: string, line: number, description?: string): void {
    const key = name.toLowerCase();
    const known = this.draft.agents.get(key);
    if (known === undefined) this.draft.agents.set(key, { name, line, ...(description === undefined ? {} : { description }) });
    else if (description !== undefined) known.description ??= description;
    if (!this.knownRoles.some((role) => role.toLowerCase() === key)) this.knownRoles.push(name);
    this.mapped++;
  }

  /** Owners named by a field name ("DevOps Engineer", "All Agents"), or undefined when it names none. */
  ownersIn(name: string): string[] | undefined {
    if (isEveryone(name)) return [name.trim()];
    return splitOwners(name.trim(), this.knownRoles);
  }

  describe(phase: DraftPhase | undefined, text: string): void {
    if (text.trim() === '') return;
    if (phase === undefined) this.draft.description = [this.draft.description, text].filter((t) => t !== undefined).join('\n');
    else phase.description.push(text);
    this.mapped++;
  }
}
