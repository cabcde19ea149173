/**
 * The state shared while a document is walked (collect.ts): the draft being filled, the phases by every name
 * they go by ("phase 1", "week 1"), the roles the document defines, and what the current section inherits
 * (its phase, a track's owner, a day span). Recording goes through here so that everything recorded counts as
 * mapped: a section that maps nothing is reported, never dropped silently.
 */
import type { DaySpan, Draft, DraftAction, DraftCheck, DraftDependency, DraftPhase, Sourced } from './draft.js';
import { newAction, newPhase } from './draft.js';
import type { AdapterName } from '../plan/model.js';
import { fieldKind, isEveryone } from './field-words.js';
import type { DurationOptions } from './duration-text.js';
import type { SizeLegend } from './size-legend.js';
import { splitOwners } from './parenthetical.js';
import { taskLabel } from './task-label.js';
import { misspelledRole, roleKey } from './role-names.js';

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

const PHASE_NAME =
  /(?<![\p{L}])(?<kind>phases?|stages?|fases?|etapas?|étapes?|stufen?|weeks?|wochen?|semaines?|semanas?|sprints?|milestones?|meilensteine?|jalons?|hitos?)\s+(?<number>\d+(?:\.\d+)?|[A-Z])(?![\p{L}\d])/giu;

/** Words that put a decision before the phase it names. */
const BEFORE =
  /\b(?:before|prior to|to start|entry (?:to|into)|go(?:-ahead)? for|go\s*\/\s*no-?go for|antes de|avant|vor(?:\s+(?:beginn|start))?)\b|\bfor\s+(?:phase|stage|week|milestone|sprint|fase|étape)\s+\w+\s*(?:$|to (?:start|begin)|kick-?off|start|launch|with\b)/iu;

export class Collector {
  readonly draft: Draft = { phases: [], agents: new Map(), warnings: [], finalChecks: [], statements: [] };
  readonly knownRoles: string[] = [];
  readonly #phases = new Map<string, DraftPhase>();
  /** The implicit phase that work outside every phase goes to now (a document without phase headings). */
  #main: DraftPhase | undefined;
  /** The next implicit phase: its title and the approval that guards it, once work comes. */
  #boundary: { title?: string; approval?: { line: number; criteria: string[] } } | undefined;
  /** Actions written as table rows or list items: a heading with the same title later is their details. */
  readonly listed = new WeakSet<DraftAction>();
  /** People by handle ("jlee", without "@", lower case) → the role a roles table gives them. */
  readonly handles = new Map<string, string>();
  /** The document has phase headings: work outside them is then not guessed at. */
  hasPhases = false;
  /** Grows with everything recorded; a section that leaves it unchanged mapped nothing. */
  mapped = 0;
  /** Story points as the document defines them ("1 pt ≈ half a day"), for estimates written in points. */
  readonly durations: DurationOptions;

  /** T-shirt sizes as the document defines them ("S = half a day, M = 1–2 days"), for items sized so. */
  readonly sizes: SizeLegend | undefined;

  constructor(durations: DurationOptions = {}, sizes?: SizeLegend) {
    this.durations = durations;
    this.sizes = sizes;
  }

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

  /**
   * The phases a text names, in order and without repeats: "Phase 2", "Stage D", "Milestone 3", "Woche 1",
   * "la fase 3". Words for a stage or a phase name phases; weeks, sprints and milestones their own.
   */
  phasesNamed(text: string): DraftPhase[] {
    const found: DraftPhase[] = [];
    for (const m of text.matchAll(PHASE_NAME)) {
      const word = (m.groups?.kind ?? '').toLowerCase();
      const kind = /^(?:week|woche|semaine|semana)/u.test(word) ? 'week' : /^(?:milestone|meilenstein|jalon|hito)/u.test(word) ? 'milestone' : word.startsWith('sprint') ? 'sprint' : 'phase';
      const phase = this.phase(`${kind} ${m.groups?.number ?? ''}`);
      if (phase !== undefined && !found.includes(phase)) found.push(phase);
    }
    return found;
  }

  /**
   * The phase a person's decision guards (`approve: true` holds a phase's start). A phase the text names: that
   * one when the decision is written before it (in an earlier phase: "Go/no-go for Phase 3", "avant la phase 3",
   * "### Phase 2 go/no-go" at the end of Phase 1), else the one after it ("Phase 1 sign-off", "review of Phase 2
   * results"). Naming none: the phase it is written in when it opens that phase (written before its work, or
   * saying "before"/"entry"), else the next.
   */
  guardedBy(text: string, phase: DraftPhase | undefined, opensPhase: boolean): DraftPhase | undefined {
    const named = this.phasesNamed(text);
    const [only] = named;
    const at = (p: DraftPhase | undefined): number => (p === undefined ? -1 : this.draft.phases.indexOf(p));
    if (named.length === 1 && only !== undefined) {
      // Written before the phase it names ("### Phase 2 go/no-go" at the end of Phase 1), or saying so: that phase.
      if (phase !== undefined && at(only) > at(phase)) return only;
      if (BEFORE.test(text) && (phase === undefined || (only === phase && opensPhase))) return only;
      return this.nextPhase(only);
    }
    const before = opensPhase || /\b(?:pre|before|entry|start|readiness|vorher|avant|antes)\b/iu.test(text);
    if (phase === undefined) return before ? this.draft.phases[0] : undefined;
    return before ? phase : this.nextPhase(phase);
  }

  /** The phase that follows `phase` in document order, or undefined for the last. */
  nextPhase(phase: DraftPhase): DraftPhase | undefined {
    return this.draft.phases[this.draft.phases.indexOf(phase) + 1];
  }

  /** The implicit phase for work found outside any phase heading. */
  mainPhase(line: number): DraftPhase {
    const current = this.#main;
    if (current !== undefined && !(this.#boundary !== undefined && current.actions.length > 0)) return current;
    const boundary = this.#boundary;
    this.#boundary = undefined;
    const phase =
      current === undefined && boundary?.title === undefined
        ? this.phaseFor(['main'], '', this.draft.name ?? 'main', line)
        : this.phaseFor([`main ${line}`], '', boundary?.title ?? this.draft.name ?? 'main', line);
    if (boundary?.approval !== undefined) this.approve(phase, boundary.approval.line, boundary.approval.criteria);
    this.#main = phase;
    return phase;
  }

  /**
   * In a document without phase headings, a section whose title says when ("Cutover", "After the window") or
   * a go/no-go between two pieces of work starts a new phase for the work after it: the rest of the document
   * does not run beside the cutover it prepares. The phase is made when work first lands in it.
   */
  startMainPhase(title: string | undefined, approval?: { line: number; criteria: string[] }): void {
    const held = this.#boundary?.approval;
    const criteria = [...(held?.criteria ?? []), ...(approval?.criteria ?? [])];
    const line = held?.line ?? approval?.line;
    this.#boundary = {
      ...(title === undefined ? (this.#boundary?.title === undefined ? {} : { title: this.#boundary.title }) : { title }),
      ...(line === undefined ? {} : { approval: { line, criteria } }),
    };
  }

  /** A go/no-go no work came after: reported once the walk is over. */
  heldApproval(): { line: number; criteria: string[] } | undefined {
    return this.#boundary?.approval;
  }

  /**
   * Records an action. A title led by a task label ("Task 3: Build batch indexer") gives the action its number,
   * so that "Task 3" elsewhere finds it, and its title without the label.
   */
  addAction(fields: Parameters<typeof newAction>[0]): DraftAction {
    const label = taskLabel(fields.title);
    const named = label === undefined ? fields : { ...fields, number: label.number, ...(label.name === '' ? {} : { title: label.name }) };
    const action = newAction({ ...named, owners: named.owners.map((owner) => this.addRole(owner, fields.line)) });
    fields.phase.actions.push(action);
    this.mapped++;
    return action;
  }

  /**
   * Owners named for an action by a second place (an "Owner:" field, a details section, a table row). An
   * action that had none takes them; one whose owner differs keeps its own and the disagreement is reported.
   */
  addOwners(action: DraftAction, named: readonly string[], line: number, where: string): void {
    const owners = named.map((owner) => this.addRole(owner, line));
    const [first, ...rest] = owners;
    if (first === undefined) return;
    if (action.owners.length === 0) {
      action.owners = owners;
    } else if (first.toLowerCase() !== action.owners[0]?.toLowerCase()) {
      this.warn(line, `"${action.title}": ${where} names ${first} as its owner, but line ${action.lines[0] ?? 0} named ${action.owners[0] ?? ''}; keeping ${action.owners[0] ?? ''}`);
    } else {
      action.owners = [...action.owners, ...rest.filter((o) => !action.owners.some((known) => known.toLowerCase() === o.toLowerCase()))];
    }
  }

  /** Supporting roles of an action ("Support: QA Analyst"): after its owners; the first of them reviews. */
  addSupport(action: DraftAction, names: readonly string[], line: number): void {
    for (const named of names) {
      const name = this.addRole(named, line);
      if (!action.support.includes(name)) action.support.push(name);
    }
  }

  /**
   * An action's estimate. A second, different estimate from another place keeps the longer one (planning at
   * the longer is the safer mistake) and is reported with both lines.
   */
  setEstimate(action: DraftAction, estimate: Sourced<number>): void {
    const known = action.estimate;
    if (known !== undefined && known.value !== estimate.value && known.line !== estimate.line) {
      this.warn(estimate.line, `"${action.title}": estimates at line ${known.line} ("${known.text}") and line ${estimate.line} ("${estimate.text}") disagree; keeping the longer`);
      if (estimate.value < known.value) return;
    }
    action.estimate = estimate;
  }

  /** A dependency written apart from the work it names (a dependency list or table); resolved in link.ts. */
  statement(subject: string, dependency: DraftDependency, why: string): void {
    this.draft.statements.push({ subject, dependency, why });
    this.mapped++;
  }

  /** The paths a role's work may write, from a roles table: its actions' `files` leases. */
  roleFiles(role: string, files: Sourced<string[]>): void {
    const known = this.draft.agents.get(roleKey(role));
    if (known !== undefined) known.files = files;
    this.mapped++;
  }

  /** Every action recorded so far, in document order of their phases. */
  actions(): DraftAction[] {
    return this.draft.phases.flatMap((p) => p.actions);
  }

  /**
   * A gate check. One the plan already has — the same metric with the same target (a summary table repeating a
   * phase's criteria), or the same name and command — is not repeated; a stricter target later is a new check.
   */
  addCheck(phase: DraftPhase | undefined, check: DraftCheck): void {
    const list = phase?.checks ?? this.draft.finalChecks;
    const all = [...this.draft.phases.flatMap((p) => p.checks), ...this.draft.finalChecks];
    const same = all.some((c) => (c.metric !== undefined && c.metric === check.metric && c.target === check.target) || (c.metric === undefined && c.name === check.name && c.run === check.run));
    if (!same) list.push(check);
    this.mapped++;
  }

  /** Notes that a person approves before `phase` starts, with the criteria they check. */
  approve(phase: DraftPhase, line: number, criteria: readonly string[]): void {
    phase.approve ??= { line, criteria: [] };
    phase.approve.criteria.push(...criteria);
    this.mapped++;
  }

  /**
   * Records a role (an agent) and returns its name as first written: "QA engineer" after "QA Engineer", or
   * "Desarrolladora Frontend" after "Desarrollador Frontend", is the same role (role-names.ts), and a typo of a
   * known role is read as that role with a warning.
   */
  addRole(name: string, line: number, description?: string, use?: AdapterName): string {
    let key = roleKey(name);
    const typo = this.draft.agents.has(key) ? undefined : misspelledRole(key, this.draft.agents.keys());
    if (typo !== undefined) {
      this.warn(line, `role "${name}" read as "${this.draft.agents.get(typo)?.name ?? typo}" (a one-letter difference)`);
      key = typo;
    }
    const known = this.draft.agents.get(key);
    if (known === undefined) this.draft.agents.set(key, { name, line, ...(description === undefined ? {} : { description }), ...(use === undefined ? {} : { use }) });
    else {
      if (description !== undefined) known.description ??= description;
      if (use !== undefined) known.use ??= use;
    }
    if (!this.knownRoles.some((role) => role.toLowerCase() === name.toLowerCase())) this.knownRoles.push(name);
    this.mapped++;
    return known?.name ?? name;
  }

  /** Owners named by a field name ("DevOps Engineer", "All Agents"), or undefined when it names none. */
  ownersIn(name: string): string[] | undefined {
    if (isEveryone(name)) return [name.trim()];
    // "**Owner:**", "**Dependencies**:" name a field, never a role.
    if (fieldKind(name) !== 'other') return undefined;
    return splitOwners(name.trim(), this.knownRoles);
  }

  describe(phase: DraftPhase | undefined, text: string): void {
    if (text.trim() === '') return;
    if (phase === undefined) this.draft.description = [this.draft.description, text].filter((t) => t !== undefined).join('\n');
    else phase.description.push(text);
    this.mapped++;
  }
}
