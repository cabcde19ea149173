/**
 * The resolved plan: what `loadPlan` returns once the file parsed, matched the schema and passed every check.
 * Defaults are filled in (see schema.ts for each default and its reason), durations are seconds, actions are
 * flattened out of their phases in file order. Every element keeps the path where it was written so that later
 * checks can point at the line.
 */

/** A location inside the plan document: keys and list indices from the root, e.g. `["phases", 1, "actions", 2]`. */
export type Path = readonly (string | number)[];

/** The adapters baton knows how to start. `shell` runs `run:` commands; the others take a `prompt:`. */
export const ADAPTERS = ['shell', 'claude-code', 'codex', 'gemini', 'aider', 'command'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

/**
 * The `permission_mode` values each adapter accepts, its default first: claude-code's `--permission-mode`, codex's
 * `--sandbox`, gemini's `--approval-mode`. Empty: the CLI has no such switch (aider runs with `--yes-always`).
 * Kept with the adapter names so that the plan checks and the adapters read one list.
 */
export const PERMISSION_MODES = {
  shell: [],
  'claude-code': ['acceptEdits', 'default', 'plan', 'auto', 'dontAsk', 'bypassPermissions'],
  codex: ['workspace-write', 'read-only', 'danger-full-access'],
  gemini: ['auto_edit', 'yolo', 'default', 'plan'],
  aider: [],
  command: [],
} as const satisfies Readonly<Record<AdapterName, readonly string[]>>;

export const PHASE_MODES = ['parallel', 'sequential', 'loop'] as const;
export type PhaseMode = (typeof PHASE_MODES)[number];

export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const RISKS = ['low', 'medium', 'high'] as const;
export type Risk = (typeof RISKS)[number];

export const COMPARATORS = ['<=', '<', '>=', '>', '==', '!='] as const;
export type Comparator = (typeof COMPARATORS)[number];

/**
 * Where an attempt runs. `worktree`: a fresh git worktree and branch per attempt, from the integration branch.
 * `track`: one long-lived worktree and branch per agent, across its actions (its actions run one at a time).
 * `none`: the target directory itself, nothing committed or merged.
 */
export const WORKSPACE_MODES = ['worktree', 'track', 'none'] as const;
export type WorkspaceMode = (typeof WORKSPACE_MODES)[number];

/**
 * What happens when an action's branch conflicts with the integration branch. `rebase`: the first merged wins,
 * the other action runs again on the new tip. `escalate`: the action is blocked until a person fixes it and runs
 * `baton resolve`. `owner`: the side whose `files` lease covers the conflicting files wins, the other runs again.
 * `agent`: a resolver agent works on the conflicted merge.
 */
export const CONFLICT_POLICIES = ['rebase', 'escalate', 'owner', 'agent'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

/** Names that `env` values may use as `{{name}}`; baton fills them in per attempt. */
export const PLACEHOLDERS = ['workspace', 'run', 'action', 'agent', 'port'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** The name of the agent that `run:` actions get when they name none. Always present unless the plan defines it. */
export const IMPLICIT_SHELL_AGENT = 'shell';

/** The phase that holds top-level `actions:` in a plan written without `phases:`. */
export const IMPLICIT_PHASE = 'main';

/** Fact that an action provides by existing: `done:<action id>`. `needs: [x]` is sugar for requiring `done:x`. */
export function doneFact(actionId: string): string {
  return `done:${actionId}`;
}

/** Fact that holds once every action of a phase is done and its gate passed. Later phases require it. */
export function phaseFact(phaseId: string): string {
  return `phase:${phaseId}`;
}

/** How a `command` agent's CLI gets its prompt: as an argument, on stdin, or in a file whose path it gets. */
export const PROMPT_VIA = ['arg', 'stdin', 'file'] as const;
export type PromptVia = (typeof PROMPT_VIA)[number];

/**
 * Limits on what a scope (an action, an agent, a phase, the run) may spend, summed over its attempts: tokens
 * (input + output), cost in USD, and attempt wall time in seconds (two attempts running for an hour at once
 * spend two hours). An attempt that goes over is stopped and ends `over_budget`.
 */
export interface Budget {
  readonly tokens: number | undefined;
  readonly costUsd: number | undefined;
  readonly timeS: number | undefined;
}

/** USD per million tokens, for CLIs that report tokens but no cost. */
export interface Price {
  readonly inputPerMTok: number;
  readonly outputPerMTok: number;
}

export interface Agent {
  readonly id: string;
  readonly use: AdapterName;
  readonly model: string | undefined;
  /** How many actions of this agent may run at once; `Infinity` for the implicit shell agent. */
  readonly concurrency: number;
  readonly env: Readonly<Record<string, string>>;
  readonly args: readonly string[];
  readonly bin: string | undefined;
  /** Where this agent's actions run, unless an action says otherwise; `undefined`: the plan's choice. */
  readonly workspace: WorkspaceMode | undefined;
  /** Commands run in each new workspace of this agent before its action (copy env files, install deps). */
  readonly setup: readonly string[];
  /** The CLI's permission or sandbox mode (claude-code `--permission-mode`, codex `--sandbox`, gemini `--approval-mode`). */
  readonly permissionMode: string | undefined;
  /** `command` adapter: the argv template (`{{prompt}}`, `{{prompt_file}}`, `{{model}}` are filled in). */
  readonly command: readonly string[];
  /** `command` adapter: how the prompt reaches the CLI. */
  readonly promptVia: PromptVia | undefined;
  readonly price: Price | undefined;
  readonly budget: Budget | undefined;
  /** True for the built-in `shell` agent that the plan did not declare. */
  readonly implicit: boolean;
  readonly path: Path;
}

/** A numeric goal for a gate metric, e.g. `<= 90`. */
export interface Target {
  readonly op: Comparator;
  readonly value: number;
  /** As written, for reports. */
  readonly text: string;
}

export interface GateCheck {
  readonly name: string;
  readonly run: string;
  readonly metric: string | undefined;
  readonly target: Target | undefined;
  readonly baseline: number | undefined;
  readonly timeoutS: number | undefined;
  readonly path: Path;
}

export interface ConflictRule {
  readonly policy: ConflictPolicy;
  /** `agent` policy: the resolver agent. */
  readonly agent: string | undefined;
  /** `agent` policy with a shell resolver: the command that resolves the conflicted merge in its worktree. */
  readonly run: string | undefined;
  /** How many times one action is run again because of conflicts before it fails. */
  readonly maxReruns: number;
  readonly path: Path;
}

export interface Phase {
  readonly id: string;
  readonly title: string;
  readonly mode: PhaseMode;
  /** Phases that must finish (gate passed) before this one starts. */
  readonly after: readonly string[];
  readonly until: string | undefined;
  readonly maxIterations: number | undefined;
  readonly gate: readonly GateCheck[];
  readonly approve: boolean;
  readonly budget: Budget | undefined;
  /** The phase's own conflict rule, or the plan's. */
  readonly conflicts: ConflictRule;
  /** Ids of this phase's actions, in the order written. */
  readonly actions: readonly string[];
  readonly path: Path;
}

export interface Action {
  readonly id: string;
  readonly title: string;
  readonly agent: string;
  readonly phase: string;
  readonly prompt: string | undefined;
  readonly run: string | undefined;
  readonly needs: readonly string[];
  readonly requires: readonly string[];
  /** Declared facts only; `done:<id>` is implied and not listed here. */
  readonly provides: readonly string[];
  readonly verify: readonly string[];
  readonly files: readonly string[];
  readonly estimateS: number;
  /** True when the plan gave no estimate and the default was used. */
  readonly estimateDefaulted: boolean;
  /** Planner cost: `cost` if given, else the estimate in seconds. */
  readonly cost: number;
  readonly timeboxS: number | undefined;
  readonly retries: number;
  readonly priority: Priority;
  readonly risk: Risk;
  /** The agent that must approve the result before it is merged. */
  readonly review: string | undefined;
  /** How many times a reviewer's "request changes" reruns the action before it fails. */
  readonly reviewRounds: number;
  readonly budget: Budget | undefined;
  readonly env: Readonly<Record<string, string>>;
  /** Units of the plan's named resources held while an attempt runs. */
  readonly uses: Readonly<Record<string, number>>;
  /** `undefined`: the agent's choice, else the plan's. */
  readonly workspace: WorkspaceMode | undefined;
  /** Run in the new workspace after the agent's own `setup`. */
  readonly setup: readonly string[];
  /** May run beside actions whose `files` leases overlap its own. */
  readonly parallelOk: boolean;
  readonly path: Path;
}

export interface Sensor {
  readonly fact: string;
  readonly run: string;
  readonly timeoutS: number;
  readonly path: Path;
}

export interface Plan {
  readonly name: string;
  readonly description: string | undefined;
  /** Facts to make true; `undefined` means the default goal: every phase done (so every action). */
  readonly goal: readonly string[] | undefined;
  /** Facts known at the start, true or false. */
  readonly facts: Readonly<Record<string, boolean>>;
  readonly sensors: Readonly<Record<string, Sensor>>;
  readonly agents: Readonly<Record<string, Agent>>;
  /** Named capacities shared by all agents (a GPU, a staging database). */
  readonly resources: Readonly<Record<string, number>>;
  /** Where actions run unless an agent or action says otherwise; `undefined`: worktrees in a git repository, else none. */
  readonly workspace: WorkspaceMode | undefined;
  /** The run's own limits (`--max-cost` and its kin tighten them). */
  readonly budget: Budget | undefined;
  readonly phases: readonly Phase[];
  /** Every action, in file order. */
  readonly actions: readonly Action[];
  /** The file the plan was read from, as given. */
  readonly file: string;
}

/**
 * Where an action's attempts run: the action's choice, its agent's, the plan's, else `worktree` in a git
 * repository. Outside git every action runs in the target directory.
 */
export function workspaceModeOf(plan: Plan, action: Action, inGit: boolean): WorkspaceMode {
  if (!inGit) return 'none';
  return action.workspace ?? plan.agents[action.agent]?.workspace ?? plan.workspace ?? 'worktree';
}
