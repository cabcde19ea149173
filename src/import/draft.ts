/**
 * The importer's working model: what a document says, gathered section by section before anything is named or
 * ordered. Collecting first and linking after (link.ts) is what lets a dependency name a workstream written
 * further down, and a risk section at the end of the document reach the action it talks about.
 *
 * Everything carries the lines it came from, so the YAML can say `# line N` and `--explain` can say why.
 */
import type { DependencyRef } from './dependency-text.js';
import type { PhaseMode } from './mode-words.js';
import type { AdapterName } from '../plan/model.js';

/** A step of an action's prompt: a checklist item (done or not) or a plain list line. */
export interface DraftStep {
  readonly text: string;
  readonly line: number;
  readonly done?: boolean;
}

/** A value read from the document with the line it came from. */
export interface Sourced<T> {
  readonly value: T;
  readonly line: number;
  /** The words it was read from, as written ("1-2 days", "Medium-High"). */
  readonly text: string;
}

/** A dependency statement: the parsed references and where they were written. */
export interface DraftDependency {
  readonly refs: readonly DependencyRef[];
  readonly line: number;
  readonly text: string;
  /**
   * Where it was written when several lines make one statement (the edges of one diagram, the items of one
   * dependency list): those are merged before they are compared with the others.
   */
  readonly source?: string;
  /** A chain ("Critical path: A → B → C") names one path, not everything the work needs. */
  readonly partial?: true;
}

/** A span of days (or weeks, in days) that orders sibling groups: "Day 3-4" comes after "Day 1-2". */
export interface DaySpan {
  readonly start: number;
  readonly end: number;
  /** Groups are ordered only against others of the same scope (a phase, or a track inside one). */
  readonly scope: string;
}

/** A gate check before it is rendered. */
export interface DraftCheck {
  readonly name: string;
  readonly line: number;
  /** A command found in the document, or undefined (a placeholder is written and a warning given). */
  readonly run?: string;
  readonly metric?: string;
  readonly target?: string;
  readonly baseline?: number;
  /** Why it is a gate check: "success metric", "command in a validation list". */
  readonly why: string;
}

/** "Mode: loop – repeat until tests pass": an action run again until its checks pass (loop-text.ts). */
export interface DraftLoop {
  readonly line: number;
  /** The condition as written: "tests pass". */
  until?: string;
}

export interface DraftAction {
  readonly title: string;
  /** Owners as written, the primary first. Empty: nobody was named (a later section may name them). */
  owners: readonly string[];
  /** Named in a "Support:"/"Reviewer:" field: they come after the owners (the first reviews). */
  readonly support: string[];
  readonly phase: DraftPhase;
  readonly lines: number[];
  readonly steps: DraftStep[];
  /** Extra prompt lines: focus, deliverables, handoff notes, the phase's goal. */
  readonly context: string[];
  /** Numbering as written ("2.1", a task table's "3", "Task 3"), for references like "Phase 2.1" or "Task 3". */
  number?: string;
  readonly span?: DaySpan;
  /** Why it became an action, for `--explain`. */
  readonly why: string[];
  estimate?: Sourced<number>;
  priority?: Sourced<string>;
  risk?: Sourced<string>;
  dependencies: DraftDependency[];
  /** Commands that look like checks anywhere in its text: candidates, used when none is stated. */
  verify: Sourced<string>[];
  /** Commands the document states as its check ("Verify: `go test ./...`"). */
  readonly verifyStated: Sourced<string>[];
  /** A hard stop ("⏱ 45m", "**Timebox**: 2h"). */
  timebox?: Sourced<number>;
  /** Filled in by link.ts. */
  readonly needs: Set<DraftAction>;
  /** Phases this action waits for beyond its own phase's `after` (link.ts). */
  readonly requires: Set<DraftPhase>;
  /** Where the estimate came from when no field gave it, for `--explain`. */
  estimateFrom?: string;
  loop?: DraftLoop;
  /** A bound on rounds ("max 3 iterations") found in any of its fields; used when it loops. */
  rounds?: Sourced<number>;
}

export interface DraftPhase {
  /** "phase 1", "week 2": what other headings and references use to find it. */
  readonly key: string;
  readonly number: string;
  readonly title: string;
  readonly lines: number[];
  mode?: Sourced<PhaseMode>;
  duration?: Sourced<number>;
  readonly description: string[];
  readonly dependencies: DraftDependency[];
  approve?: { readonly line: number; readonly criteria: string[] };
  readonly checks: DraftCheck[];
  readonly actions: DraftAction[];
  risk?: Sourced<string>;
  /** The phase's own goal ("**Goal**: …" under its heading), for the prompts of its actions. */
  goal?: Sourced<string>;
  /** "We repeat the canary until the error rate is < 0.1%, at most 5 rounds": a loop phase. */
  loop?: { readonly line: number; readonly until?: string; readonly max?: Sourced<number> };
  /** "Stage C (runs in parallel with Stage B)": starts when that phase may start, not after it. */
  parallelWith?: { readonly phase: DraftPhase; readonly line: number; readonly text: string };
  /** Filled in by link.ts: undefined keeps the default (the previous phase). */
  after?: DraftPhase[];
  /** Why `after` was set, for comments. */
  afterWhy?: string;
}

/** A role found in the document: becomes an agent profile. */
export interface DraftAgent {
  readonly name: string;
  readonly line: number;
  description?: string;
  /** The adapter the document names for it ("Runs as: codex"); else `--agent-default`. */
  use?: AdapterName;
  /** Paths its work may write ("| Agent 1 | `services/billing/**` |" under "May write"): its actions' leases. */
  files?: Sourced<string[]>;
}

export interface ImportNote {
  readonly line: number;
  readonly message: string;
}

/**
 * A dependency written apart from the work it constrains: a "Dependencies" list ("Task 2: depends on Task 1"),
 * a dependency table, a "Critical path: A → B" chain. The subject is resolved when everything is collected
 * (link.ts), so the statement may come before or after the work it names.
 */
export interface DependencyStatement {
  /** What the statement is about, as written: "Task 2 (needs the schema)", "Keycloak Integration". */
  readonly subject: string;
  readonly dependency: DraftDependency;
  /** Where it was written, for `--explain`: "row of the dependency table at line 50". */
  readonly why: string;
}

/** What collecting a document gives. */
export interface Draft {
  name?: string;
  description?: string;
  /** The plan's goal ("**Goal:** …", a "Goals" list), for every prompt. */
  goal?: Sourced<string>;
  readonly statements: DependencyStatement[];
  readonly phases: DraftPhase[];
  readonly agents: Map<string, DraftAgent>;
  readonly warnings: ImportNote[];
  /** Gate checks and criteria that belong to no phase: they go to the last phase's gate. */
  readonly finalChecks: DraftCheck[];
}

/** A new action with empty collections, so callers state only what they know. */
export function newAction(fields: Pick<DraftAction, 'title' | 'owners' | 'phase'> & Partial<DraftAction> & { line: number }): DraftAction {
  const { line, ...rest } = fields;
  return { lines: [line], steps: [], context: [], why: [], support: [], dependencies: [], verify: [], verifyStated: [], needs: new Set(), requires: new Set(), ...rest };
}

/** A new phase. */
export function newPhase(key: string, number: string, title: string, line: number): DraftPhase {
  return { key, number, title, lines: [line], description: [], dependencies: [], checks: [], actions: [] };
}
