/**
 * The plan schema: the single place where every field, its type and its default (with the reason) is written.
 * Objects are strict: a field that is not listed here is reported with the nearest known name.
 *
 * The core names (`agents`, `use`, `concurrency`, `phases`, `mode`, `gate`, `actions`, `id`, `agent`, `run`,
 * `prompt`, `needs`, `estimate`, `timebox`) are a contract other tools rely on; add fields, never rename these.
 */
import { z } from 'zod';
import { parseDuration } from './duration.js';
import { ADAPTERS, COMPARATORS, CONFLICT_POLICIES, PHASE_MODES, PRIORITIES, PROMPT_VIA, RISKS, WORKSPACE_MODES } from './model.js';
import type { Comparator, Target } from './model.js';

/**
 * Ids of actions, phases and agents become git branch names and directory names
 * (`baton/<run>/<action>`, `.baton/worktrees/<run>/<action>`), so they are restricted to characters safe in both.
 */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const FACT = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const idSchema = z
  .string()
  .max(100)
  .regex(ID, { error: 'expected an id of letters, digits, "-", "_" or "." that starts with a letter or digit' })
  .refine((id) => !id.includes('..') && !id.endsWith('.') && !id.endsWith('.lock'), {
    error: 'expected an id usable as a git branch name (no "..", no trailing "." or ".lock")',
  });

export const factSchema = z
  .string()
  .regex(FACT, { error: 'expected a fact name of letters, digits, "_", ".", ":", "/" or "-" that starts with a letter or "_"' });

/** A duration such as `90s`, `30m`, `2h`, `1d` (8 working hours) or `1h30m`; parsed to seconds. */
export const durationSchema = z.union([z.string(), z.number()]).transform((text, ctx) => {
  if (typeof text === 'number') {
    ctx.issues.push({
      code: 'custom',
      params: { kind: 'bad-duration' },
      input: text,
      message: `expected a duration with a unit like "${text}m" or "${text}s", got the bare number ${text}`,
    });
    return z.NEVER;
  }
  const seconds = parseDuration(text);
  if (seconds !== undefined) return seconds;
  ctx.issues.push({
    code: 'custom',
    params: { kind: 'bad-duration' },
    input: text,
    message: `expected a duration like "4h", "30m" or "1h30m", got "${text}"`,
  });
  return z.NEVER;
});

/** A numeric target such as `<= 90`, `> 0.8` or `== 0`; a bare number means `==`. */
export const targetSchema = z.union([z.number(), z.string()]).transform((raw, ctx): Target => {
  const text = String(raw).trim();
  const match = /^(<=|>=|==|!=|<|>)?\s*(-?\d+(?:\.\d+)?)\s*%?$/.exec(text);
  if (match?.[2] === undefined) {
    ctx.issues.push({
      code: 'custom',
      params: { kind: 'bad-target' },
      input: raw,
      message: `expected a target like "<= 90" (one of ${COMPARATORS.join(' ')} then a number), got "${text}"`,
    });
    return z.NEVER;
  }
  return { op: (match[1] ?? '==') as Comparator, value: Number(match[2]), text };
});

const stringList = z.array(z.string());
/** One string or a list of them; a single command or fact is common enough to be written bare. */
const oneOrMany = <T extends z.ZodType>(item: T) => z.union([item, z.array(item)]);

/** Values are given to processes as environment variables, so they are strings; numbers and booleans are converted. */
const envSchema = z.record(
  z
    .string()
    .regex(ENV_NAME, { error: 'expected an environment variable name like "CARGO_TARGET_DIR"' })
    // BATON_RUN marks an attempt's processes so that resume can find them; BATON_* are baton's to set.
    .refine((name) => !name.startsWith('BATON_'), { error: 'names starting with BATON_ are set by baton itself; expected another name' }),
  z.union([z.string(), z.number(), z.boolean()]).transform(String),
);

/** `worktree` (default in a git repository), `track` or `none`; see WORKSPACE_MODES in model.ts. */
const workspaceSchema = z.enum(WORKSPACE_MODES);

/** Shell commands run in a new workspace before the action; each is logged. @default [] */
const setupSchema = oneOrMany(z.string().min(1));

/**
 * Spending limits of a scope, summed over its attempts. @default none: nothing is limited unless asked; the
 * run's `--max-cost`, `--max-tokens` and `--max-time` add limits on the command line.
 */
export const budgetSchema = z.strictObject({
  /** Input plus output tokens. */
  tokens: z.number().int().positive().optional(),
  /** US dollars, as the CLI reports it or as the agent's `price` computes it. */
  cost: z.number().positive().optional(),
  /** Wall time of the scope's attempts, summed (two attempts of 1h at once spend 2h). */
  time: durationSchema.optional(),
});

/** A policy name, or the policy with its settings. */
export const conflictRuleSchema = z.union([
  z.enum(CONFLICT_POLICIES),
  z.strictObject({
    policy: z.enum(CONFLICT_POLICIES),
    /** `agent` policy: the agent that resolves the conflicted merge. */
    agent: idSchema.optional(),
    /** `agent` policy with a shell resolver: its command, run in the conflicted worktree. */
    run: z.string().min(1).optional(),
    /**
     * @default 3: a rerun starts from the tip that holds the other side's work and normally merges cleanly; three
     * conflicts in a row mean two actions keep fighting over the same files, which needs a person.
     */
    max_reruns: z.number().int().nonnegative().optional(),
  }),
]);

export const sensorSchema = z.union([
  z.string(),
  z.strictObject({
    run: z.string().min(1),
    /** @default "1m": a sensor is a quick probe of the world; a hung one must not stall planning. */
    timeout: durationSchema.optional(),
  }),
]);

export const agentSchema = z.strictObject({
  /** Which adapter starts this agent's processes. */
  use: z.enum(ADAPTERS),
  description: z.string().optional(),
  model: z.string().optional(),
  /**
   * @default 1: an agent is one worker, like a person in the plans baton reads; raise it to let the same profile
   * run several actions at once. The implicit `shell` agent has no limit of its own.
   */
  concurrency: z.number().int().positive().optional(),
  /** @default {} */
  env: envSchema.optional(),
  /** Extra arguments for the agent's CLI. @default [] */
  args: stringList.optional(),
  /** Path of the agent's CLI binary. @default the adapter's usual command name on PATH. */
  bin: z.string().optional(),
  /** @default the plan's `workspace` */
  workspace: workspaceSchema.optional(),
  setup: setupSchema.optional(),
  /**
   * The CLI's permission or sandbox mode: claude-code `--permission-mode` (default "acceptEdits": edits in its
   * own worktree, no unattended shell commands), codex `--sandbox` (default "workspace-write"), gemini
   * `--approval-mode` (default "auto_edit"). Each adapter lists the values it accepts.
   */
  permission_mode: z.string().min(1).optional(),
  /**
   * `command` adapter: the program and its arguments; `{{prompt}}`, `{{prompt_file}}` and `{{model}}` are
   * filled in as whole arguments, never through a shell.
   */
  command: z.array(z.string()).min(1).optional(),
  /** `command` adapter: how the prompt is passed. @default "stdin" (no length limit, nothing on the command line) */
  prompt_via: z.enum(PROMPT_VIA).optional(),
  /** USD per million tokens, for CLIs that report tokens but no cost (codex, gemini). @default none */
  price: z.strictObject({ input: z.number().nonnegative(), output: z.number().nonnegative() }).optional(),
  budget: budgetSchema.optional(),
});

export const gateCheckSchema = z.union([
  z.string().min(1),
  z.strictObject({
    /** @default the command itself */
    name: z.string().optional(),
    run: z.string().min(1),
    /** Field of the check's output (a JSON field or a `name=value` line) compared with `target`. */
    metric: z.string().optional(),
    target: targetSchema.optional(),
    /** The value before the work, kept for reports. */
    baseline: z.number().optional(),
    timeout: durationSchema.optional(),
  }),
]);

export const actionSchema = z.strictObject({
  id: idSchema,
  /** @default the id */
  title: z.string().optional(),
  description: z.string().optional(),
  /** @default the implicit `shell` agent for `run:` actions; required for `prompt:` actions. */
  agent: idSchema.optional(),
  prompt: z.string().min(1).optional(),
  run: z.string().min(1).optional(),
  /** Other actions that must be done first. Sugar for requiring `done:<id>`. @default [] */
  needs: oneOrMany(idSchema).optional(),
  /** Facts that must hold before this action starts. @default [] */
  requires: oneOrMany(factSchema).optional(),
  /** Facts this action makes true (besides `done:<id>`). When all already hold, the action is skipped. @default [] */
  provides: oneOrMany(factSchema).optional(),
  /** Commands baton runs itself after the action succeeds; the action's claim counts only if they pass. @default [] */
  verify: oneOrMany(z.string().min(1)).optional(),
  /** Glob leases: the files this action may touch. @default [] (no lease) */
  files: oneOrMany(z.string().min(1)).optional(),
  /**
   * How long the work is expected to take; drives the critical path.
   * @default "1h": an atomic task in the plans baton reads is hours, not days; a default keeps the critical path
   * defined, and `baton plan` marks defaulted estimates so they can be filled in.
   */
  estimate: durationSchema.optional(),
  /** Planner cost when choosing between providers of a fact. @default the estimate in seconds */
  cost: z.number().nonnegative().optional(),
  /** Hard limit on one attempt's wall time. @default none: an estimate is a forecast, not a limit. */
  timebox: durationSchema.optional(),
  /** Extra attempts after a failure. @default 0: a failure is information; retrying must be asked for. */
  retries: z.number().int().nonnegative().optional(),
  /** @default "medium" */
  priority: z.enum(PRIORITIES).optional(),
  /** @default "medium": an unassessed risk is not a low one. */
  risk: z.enum(RISKS).optional(),
  /** An agent that must approve the result before it is merged. @default none */
  review: idSchema.optional(),
  /**
   * How many times the reviewer's "request changes" runs the action again, with the review in its prompt.
   * @default 2: one round of fixes usually settles a review; a third disagreement needs a person.
   */
  review_rounds: z.number().int().nonnegative().optional(),
  budget: budgetSchema.optional(),
  /** @default {} */
  env: envSchema.optional(),
  /**
   * Resources held while an attempt runs: a name (one unit), a list of names, or `{ name: units }`.
   * @default {} (none)
   */
  uses: z.union([idSchema, z.array(idSchema), z.record(idSchema, z.number().int().positive())]).optional(),
  /** @default the agent's `workspace`, else the plan's */
  workspace: workspaceSchema.optional(),
  /** Run after the agent's `setup`. */
  setup: setupSchema.optional(),
  /**
   * Let this action run beside others whose `files` leases overlap its own.
   * @default false: overlapping leases mean two agents may edit the same file; running them one after the other
   * is what prevents the merge conflict.
   */
  parallel_ok: z.boolean().optional(),
});

export const phaseSchema = z.strictObject({
  id: idSchema,
  /** @default the id */
  title: z.string().optional(),
  description: z.string().optional(),
  /**
   * @default "parallel": order inside a phase is expressed by `needs` and `requires`; a phase is a group with a
   * gate at its end. `sequential` runs the actions one at a time in the order written.
   */
  mode: z.enum(PHASE_MODES).optional(),
  /** Phases that must pass their gates first. @default the previous phase in the list (phases run in order) */
  after: oneOrMany(idSchema).optional(),
  /** Loop phases: the fact that ends the loop. */
  until: factSchema.optional(),
  /** Loop phases: the bound on repetitions. Required for `mode: loop`. */
  max_iterations: z.number().int().positive().optional(),
  /** Checks run when the phase's actions are done. @default [] */
  gate: z.array(gateCheckSchema).optional(),
  /** Pause before this phase until a person approves. @default false */
  approve: z.boolean().optional(),
  budget: budgetSchema.optional(),
  /** How merge conflicts of this phase's actions are settled. @default the plan's `conflicts` */
  conflicts: conflictRuleSchema.optional(),
  /** @default [] */
  actions: z.array(actionSchema).optional(),
});

export const planSchema = z.strictObject({
  /** Schema version of the plan format. @default 1 */
  version: z.literal(1).optional(),
  /** @default the file name without its extension */
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  /** Facts the run must make true. @default every phase done, so every action */
  goal: z.union([factSchema, z.array(factSchema).min(1, { error: 'expected at least one fact; leave "goal" out to mean everything' })]).optional(),
  /** Facts known at the start. @default {} */
  facts: z.record(factSchema, z.boolean()).optional(),
  /** Commands that measure facts (exit 0 = true). @default {} */
  sensors: z.record(factSchema, sensorSchema).optional(),
  /** Agent profiles by name. A `shell` agent exists unless the plan defines its own. @default {} */
  agents: z.record(idSchema, agentSchema).optional(),
  /**
   * Named capacities shared by every agent, e.g. `{ gpu: 1, staging-db: 1 }`: actions that `uses` one wait
   * while it is taken. @default {}
   */
  resources: z.record(idSchema, z.number().int().positive()).optional(),
  /**
   * Where actions run. @default "worktree" in a git repository (parallel agents must not share a tree), "none"
   * outside one (there is nothing to branch from).
   */
  workspace: workspaceSchema.optional(),
  budget: budgetSchema.optional(),
  /** How merge conflicts are settled. @default "rebase": the first merged wins and the other runs again on the new tip */
  conflicts: conflictRuleSchema.optional(),
  phases: z.array(phaseSchema).optional(),
  /** Shorthand for a plan with a single phase named `main`; not allowed together with `phases`. */
  actions: z.array(actionSchema).optional(),
});

export type RawPlan = z.output<typeof planSchema>;
export type RawPhase = z.output<typeof phaseSchema>;
export type RawAction = z.output<typeof actionSchema>;
export type RawAgent = z.output<typeof agentSchema>;
export type RawSensor = z.output<typeof sensorSchema>;
export type RawGateCheck = z.output<typeof gateCheckSchema>;
export type RawBudget = z.output<typeof budgetSchema>;
export type RawConflictRule = z.output<typeof conflictRuleSchema>;

/** Defaults that are not a plain "empty": kept here so the reasons above and the values stay together. */
export const DEFAULTS = {
  agentConcurrency: 1,
  estimateS: 3600,
  sensorTimeoutS: 60,
  retries: 0,
  priority: 'medium',
  risk: 'medium',
  phaseMode: 'parallel',
  conflictPolicy: 'rebase',
  conflictReruns: 3,
  reviewRounds: 2,
} as const;
