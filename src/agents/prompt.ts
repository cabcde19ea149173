/**
 * Prompt assembly: what an AI agent is told when baton starts it on an action, and what a reviewer is told.
 * In order: the plan's goal, the phase, the task (the user's prompt verbatim), how the work is judged (baton runs
 * the checks itself afterwards, so the agent should run them first), the files it may and may not touch, its
 * dependencies' handoffs, how to write its own, why it runs again, and what it may still spend. Markdown, terse,
 * imperative; a section with nothing to say is left out, long lists are capped. Every piece is tagged as baton's
 * own words or quoted text, so that the words baton adds to every prompt can be measured (bench/prompt.ts).
 */
import type { CheckResult, ConflictInfo } from '../engine/events.js';
import type { Action, GateCheck, Phase, Plan } from '../plan/model.js';
import { VERDICT_INSTRUCTIONS } from './review.js';

export interface PromptContext {
  readonly plan: Plan;
  readonly action: Action;
  readonly attempt: number;
  readonly iteration: number;
  /** The handoffs of the action's dependencies, as YAML text. */
  readonly handoffs: readonly { readonly action: string; readonly agent: string; readonly text: string; readonly synthesized: boolean }[];
  /** Where the agent writes its own handoff (`$BATON_HANDOFF`). */
  readonly handoffPath: string;
  /** What the action may still spend; `undefined`: no limit. */
  readonly budget: { readonly tokens?: number; readonly costUsd?: number; readonly timeS?: number } | undefined;
  /** Set when it runs again because its branch conflicted with work merged first. */
  readonly conflict?: ConflictInfo;
  /** Set when a reviewer asked for changes. */
  readonly review?: { readonly reviewer: string; readonly round: number; readonly reasons: readonly string[] };
  /** Leases of other actions (those that may run beside it): not to be touched. */
  readonly othersFiles: readonly { readonly action: string; readonly files: readonly string[] }[];
}

export interface BuiltPrompt {
  readonly text: string;
  /** baton's own words only: the text without the user's prompt, the ids, commands and paths it quotes, and handoff bodies. */
  readonly ownText: string;
}

export interface ReviewContext {
  readonly plan: Plan;
  readonly action: Action;
  readonly reviewer: string;
  readonly round: number;
  readonly rounds: number;
  /** The attempt's diff, already capped by the caller. */
  readonly diff: string;
  readonly diffStat: readonly { readonly file: string; readonly added: number; readonly deleted: number }[];
  /** The action's handoff, as YAML text. */
  readonly handoff: string;
  /** baton's checks of the attempt (its `verify` results). */
  readonly checks: readonly CheckResult[];
}

/** Caps on quoted lists, so that a plan with hundreds of leases still gets a prompt of bounded size. */
const MAX_OWN_LEASES = 40;
const MAX_OTHER_LEASES = 20;
const MAX_CONFLICT_FILES = 20;
const MAX_DIFF_STAT_FILES = 30;

/** A piece of prompt text: baton's own words, or text it quotes. */
interface Piece {
  readonly text: string;
  readonly own: boolean;
}
type Line = readonly Piece[];
interface Section {
  readonly title: string;
  readonly lines: readonly Line[];
}

const quoted = (text: string): Piece => ({ text, own: false });
const own = (text: string): Piece => ({ text, own: true });

/** Inline code, quoted: `x`, or ``x`` when x holds a backtick. */
function code(text: string): Piece {
  const tick = text.includes('`') ? '``' : '`';
  const pad = tick.length > 1 ? ' ' : '';
  return quoted(`${tick}${pad}${text}${pad}${tick}`);
}

/** A line: the template's literal parts are baton's words, string values are quoted, numbers are baton's. */
function line(strings: TemplateStringsArray, ...values: readonly (string | number | Piece | Line)[]): Line {
  const pieces: Piece[] = [];
  strings.forEach((literal, i) => {
    if (literal !== '') pieces.push(own(literal));
    const value = values[i];
    if (value === undefined) return;
    if (typeof value === 'string') pieces.push(quoted(value));
    else if (typeof value === 'number') pieces.push(own(String(value)));
    else if (Array.isArray(value)) pieces.push(...(value as Line));
    else pieces.push(value as Piece);
  });
  return pieces;
}

/** `a`, `b`, `c` */
function codeList(items: readonly string[]): Line {
  return items.flatMap((item, i) => (i === 0 ? [code(item)] : [own(', '), code(item)]));
}

/** A fenced block of quoted text, the fence longer than any run of backticks in it. */
function fenced(body: string, language: string): Line[] {
  const longest = Math.max(2, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return [[own(`${fence}${language}`)], [quoted(body.replace(/\n+$/, ''))], [own(fence)]];
}

function render(title: Line, sections: readonly (Section | undefined)[]): BuiltPrompt {
  const pieces: Piece[] = [...title];
  for (const section of sections) {
    if (section === undefined || section.lines.length === 0) continue;
    pieces.push(own(`\n\n## ${section.title}`));
    for (const each of section.lines) pieces.push(own('\n'), ...each);
  }
  pieces.push(own('\n'));
  return {
    text: pieces.map((p) => p.text).join(''),
    ownText: pieces.filter((p) => p.own).map((p) => p.text).join(''),
  };
}

/** The prompt of one attempt of an agent action. */
export function buildPrompt(context: PromptContext): BuiltPrompt {
  const { plan, action } = context;
  const phase = plan.phases.find((p) => p.id === action.phase);
  const title = line`# ${action.title}\nYou are agent ${code(action.agent)} on action ${code(action.id)} of plan ${code(plan.name)}, run by baton. Work unattended: nobody answers questions; decide, and say what you decided in your handoff.`;
  return render(title, [
    goalSection(plan),
    phase === undefined ? undefined : phaseSection(phase, action, context.iteration),
    taskSection(action),
    judgedSection(action, phase),
    filesSection(action, context.othersFiles),
    handoffsSection(context.handoffs),
    ownHandoffSection(context.handoffPath),
    rerunSection(context),
    budgetSection(context.budget, action.timeboxS),
  ]);
}

function goalSection(plan: Plan): Section {
  const lines: Line[] = [];
  if (plan.description !== undefined && plan.description.trim() !== '') lines.push([quoted(plan.description.trim())]);
  if (plan.goal !== undefined && plan.goal.length > 0) lines.push(line`Goal facts: ${codeList(plan.goal)}.`);
  return { title: 'Goal', lines };
}

function phaseSection(phase: Phase, action: Action, iteration: number): Section {
  const name = phase.title === phase.id ? line`${code(phase.id)}` : line`${phase.title} (${code(phase.id)})`;
  const step = phase.actions.indexOf(action.id) + 1;
  const mode: Record<Phase['mode'], Line> = {
    parallel: line`Other actions of this phase run at the same time, each in its own worktree.`,
    sequential: line`Its actions run one after another; yours is step ${step} of ${phase.actions.length}.`,
    loop: line`The phase repeats${phase.until === undefined ? [] : line` until ${code(phase.until)} holds`}, at most ${phase.maxIterations ?? 1} rounds; this is round ${iteration}.`,
  };
  return { title: 'Phase', lines: [line`${name}, ${phase.mode}. ${mode[phase.mode]}`] };
}

function taskSection(action: Action): Section {
  const prompt = action.prompt?.trim();
  return { title: 'Task', lines: [prompt === undefined || prompt === '' ? line`Do what the title says: ${action.title}.` : [quoted(prompt)]] };
}

function gateLine(check: GateCheck): Line {
  const metric = check.metric === undefined ? [] : line`; prints ${code(check.metric)}${check.target === undefined ? [] : line`, must be ${check.target.text}`}${check.baseline === undefined ? [] : line` (baseline ${check.baseline})`}`;
  return line`- ${check.name}: ${code(check.run)}${metric}`;
}

function judgedSection(action: Action, phase: Phase | undefined): Section {
  const lines: Line[] = [];
  if (action.verify.length > 0) {
    lines.push(line`When you stop, baton runs these in your worktree; one failing fails the attempt. Run them first and fix what fails:`);
    lines.push(...action.verify.map((run) => line`- ${code(run)}`));
  }
  const gate = phase?.gate ?? [];
  if (gate.length > 0) {
    lines.push(line`Once the phase's actions are merged, its gate runs on the integration branch; one failing fails the phase. Run those your change can affect:`);
    lines.push(...gate.map(gateLine));
  }
  return { title: 'How your work is judged', lines };
}

function filesSection(action: Action, others: PromptContext['othersFiles']): Section {
  const lines: Line[] = [];
  if (action.files.length > 0) {
    lines.push(line`Your leases; change files only here:`);
    lines.push(...action.files.slice(0, MAX_OWN_LEASES).map((glob) => line`- ${code(glob)}`));
    if (action.files.length > MAX_OWN_LEASES) lines.push(line`- and ${action.files.length - MAX_OWN_LEASES} more`);
  }
  lines.push(...othersLines(others));
  lines.push(line`Write only in this worktree and your handoff file; leave the rest of ${code('.baton/')} alone. Committing is up to you (baton commits what you leave); never rewrite history, switch branches or push.`);
  return { title: 'Files', lines };
}

function othersLines(others: PromptContext['othersFiles']): Line[] {
  const withFiles = others.filter((o) => o.files.length > 0);
  if (withFiles.length === 0) return [];
  const lines: Line[] = [line`Leased by other actions; do not touch:`];
  let shown = 0;
  let actionsShown = 0;
  for (const other of withFiles) {
    const room = MAX_OTHER_LEASES - shown;
    if (room <= 0) break;
    const files = other.files.slice(0, room);
    lines.push(line`- ${codeList(files)} (${other.action})`);
    shown += files.length;
    actionsShown += files.length === other.files.length ? 1 : 0;
  }
  const total = withFiles.reduce((sum, o) => sum + o.files.length, 0);
  if (total > shown) lines.push(line`- and ${total - shown} more patterns of ${withFiles.length - actionsShown} other actions`);
  return lines;
}

function handoffsSection(handoffs: PromptContext['handoffs']): Section {
  const lines = handoffs.flatMap((h) => [
    line`### ${code(h.action)} (agent ${code(h.agent)})${h.synthesized ? own(' — written by baton from its diff and checks; its agent left none or an invalid one') : []}`,
    ...fenced(h.text, 'yaml'),
  ]);
  return { title: 'Handoffs from your dependencies', lines };
}

const HANDOFF_TEMPLATE = [
  'deliverables: [what you made or changed, one item each]',
  'dependencies: [what your work relies on]',
  'quality_checks:',
  '  - <check>: passed|failed|skipped',
  'risk_assessment: low|medium|high',
  'next_steps: <what the next agent must do or know>',
].join('\n');

function ownHandoffSection(path: string): Section {
  return {
    title: 'Your handoff',
    lines: [
      line`Before you stop, write YAML for the actions that build on yours to ${code(path)} (also in ${code('$BATON_HANDOFF')}):`,
      [own(`\`\`\`yaml\n${HANDOFF_TEMPLATE}\n\`\`\``)],
      line`baton adds handoff_id, from_agent, to_agent and phase. Without a valid handoff it writes one from your diff, its checks and your last message.`,
    ],
  };
}

function rerunSection(context: PromptContext): Section {
  const lines: Line[] = [];
  const { conflict, review } = context;
  if (conflict !== undefined) {
    const files = conflict.files.slice(0, MAX_CONFLICT_FILES);
    lines.push(line`Your previous branch conflicted with work merged first by ${codeList(conflict.ours)} in:`);
    lines.push(...files.map((file) => line`- ${code(file)}`));
    if (conflict.files.length > files.length) lines.push(line`- and ${conflict.files.length - files.length} more`);
    lines.push(line`You start from the integration tip, which holds their work: redo your change on top of it and keep theirs.`);
  }
  if (review !== undefined) {
    lines.push(line`Reviewer ${code(review.reviewer)} asked for changes (round ${review.round} of ${context.action.reviewRounds}). Address each:`);
    lines.push(...review.reasons.map((reason) => line`- ${reason}`));
  }
  if (lines.length === 0 && context.attempt > 1) {
    lines.push(line`Attempt ${context.attempt}: an earlier attempt failed or was stopped. You start from the integration tip, without its changes.`);
  }
  return { title: 'Why you run again', lines };
}

function budgetSection(budget: PromptContext['budget'], timeboxS: number | undefined): Section {
  const limits: string[] = [];
  if (budget?.tokens !== undefined) limits.push(`${formatTokens(budget.tokens)} tokens`);
  if (budget?.costUsd !== undefined) limits.push(`$${budget.costUsd.toFixed(2)}`);
  if (budget?.timeS !== undefined) limits.push(`${formatClock(budget.timeS)} of agent time`);
  const lines: Line[] = [];
  if (limits.length > 0) lines.push([own(`You may still spend ${limits.join(', ')}.`)]);
  if (timeboxS !== undefined) lines.push([own(`Time-box: ${formatClock(timeboxS)} for this attempt.`)]);
  if (lines.length > 0) lines.push(line`baton stops you when a limit is reached: leave the work in a usable state and your handoff written before then.`);
  return { title: 'Budget', lines };
}

/** `950`, `12k`, `1.5M`. */
function formatTokens(tokens: number): string {
  if (tokens >= 1_000_000) return `${Number((tokens / 1_000_000).toFixed(1))}M`;
  if (tokens >= 10_000) return `${Math.round(tokens / 1000)}k`;
  return String(Math.round(tokens));
}

/** Wall-clock time in hours and minutes (not the plan's 8-hour days, which would read as calendar days here). */
function formatClock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total}s`;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return hours === 0 ? `${minutes}m` : minutes === 0 ? `${hours}h` : `${hours}h${minutes}m`;
}

/** The prompt of a reviewer: what the action was asked and how it is judged, what it changed, and the verdict format. */
export function buildReviewPrompt(context: ReviewContext): BuiltPrompt {
  const { plan, action } = context;
  const phase = plan.phases.find((p) => p.id === action.phase);
  const title = line`# Review: ${action.title}\nYou are agent ${code(context.reviewer)}, reviewing the work of agent ${code(action.agent)} on action ${code(action.id)} of plan ${code(plan.name)} (round ${context.round} of ${context.rounds}). Read, run checks if useful, and judge. Do not edit files, commit or push: baton merges the work or sends it back by your verdict.`;
  return render(title, [
    { ...taskSection(action), title: 'The task it was given' },
    reviewChecksSection(context.checks, phase),
    { title: 'Its handoff', lines: context.handoff.trim() === '' ? [] : fenced(context.handoff, 'yaml') },
    changesSection(context),
    { title: 'Your verdict', lines: [[own(VERDICT_INSTRUCTIONS)]] },
  ]);
}

function reviewChecksSection(checks: readonly CheckResult[], phase: Phase | undefined): Section {
  const lines: Line[] = [];
  if (checks.length > 0) {
    lines.push(line`baton's checks of this attempt (they must pass for it to merge):`);
    lines.push(...checks.map((c) => line`- ${code(c.name)}: ${own(c.passed ? 'passed' : c.exitCode === null ? 'not run or stopped' : `failed (exit ${c.exitCode})`)}`));
  }
  const gate = phase?.gate ?? [];
  if (gate.length > 0) {
    lines.push(line`After the phase's actions merge, its gate runs on the integration branch:`);
    lines.push(...gate.map(gateLine));
  }
  return { title: 'How it is judged', lines };
}

function changesSection(context: ReviewContext): Section {
  const stat = context.diffStat;
  const lines: Line[] = [];
  if (stat.length > 0) {
    const added = stat.reduce((sum, d) => sum + d.added, 0);
    const deleted = stat.reduce((sum, d) => sum + d.deleted, 0);
    lines.push(line`${stat.length} ${own(stat.length === 1 ? 'file' : 'files')}, +${added} -${deleted}:`);
    lines.push(...stat.slice(0, MAX_DIFF_STAT_FILES).map((d) => line`- ${code(d.file)} +${d.added} -${d.deleted}`));
    if (stat.length > MAX_DIFF_STAT_FILES) lines.push(line`- and ${stat.length - MAX_DIFF_STAT_FILES} more`);
  }
  if (context.diff.trim() !== '') lines.push(...fenced(context.diff, 'diff'));
  return { title: 'What changed', lines };
}
