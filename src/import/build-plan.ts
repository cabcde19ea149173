/**
 * The linked draft as a plan object in the schema's shape (src/plan/schema.ts), with ids made from titles and,
 * for each phase, action, agent and gate check, the source lines it came from (rendered as `# line N` comments
 * by render-yaml.ts) and, for each action, why it was mapped the way it was (`baton import --explain`).
 */
import type { AdapterName } from '../plan/model.js';
import { formatDuration } from '../plan/duration.js';
import type { Draft, DraftAction, DraftCheck, DraftPhase, ImportNote } from './draft.js';
import { isEveryone } from './field-words.js';
import { IdPool, slugId } from './ids.js';
import { loopPhase } from './build-loop.js';
import { promptOf } from './prompt.js';
import { placeholderCommand } from './commands.js';
import { DEFAULT_ROUNDS } from './loop-text.js';
import { roleKey } from './role-names.js';

/** A plan object and, per path in it, the lines it came from and notes to show beside it. */
export interface BuiltPlan {
  readonly plan: Record<string, unknown>;
  /** Comments keyed by a path into the plan ("phases.0.actions.2", "agents.qa-engineer"). */
  readonly comments: Map<string, string>;
  readonly explanations: { action: string; lines: number[]; why: string }[];
  readonly warnings: ImportNote[];
}

const UNASSIGNED = 'unassigned';
/** Not a role key any name folds to (role keys hold letters, digits and spaces only). */
const UNASSIGNED_KEY = '#unassigned';

/** Builds the plan object. */
export function buildPlan(draft: Draft, agentDefault: AdapterName): BuiltPlan {
  const built: BuiltPlan = { plan: {}, comments: new Map(), explanations: [], warnings: [] };
  const agents = agentIds(draft);
  const pool = new IdPool();
  const phaseIds = new Map(draft.phases.map((p) => [p, pool.take(p.title, 'phase')]));
  const actionIds = new Map(draft.phases.flatMap((p) => p.actions).map((a) => [a, pool.take(a.title, 'action')]));
  const facts: Record<string, boolean> = {};
  const sensors: Record<string, { run: string }> = {};
  const last = draft.phases.at(-1);
  const phases = draft.phases.map((phase, i) => {
    const ctx = { draft, built, agents, phaseIds, actionIds, facts, dryRun: agentDefault === 'shell' };
    const actions = phase.actions.map((action, j) => buildAction(ctx, action, `phases.${i}.actions.${j}`));
    const checks = [...phase.checks, ...(phase === last ? draft.finalChecks : [])];
    return buildPhase(built, phase, phaseIds, actions, checks, `phases.${i}`, sensors);
  });
  const used = new Set(phases.flatMap((p) => (p.actions as Record<string, unknown>[]).flatMap((a) => [a.agent, a.review])));
  const agentEntries = [...agents.entries()].filter(([, id]) => used.has(id));
  Object.assign(built.plan, {
    ...(draft.name === undefined ? {} : { name: draft.name }),
    ...(draft.description === undefined ? {} : { description: draft.description }),
    ...(Object.keys(facts).length > 0 ? { facts } : {}),
    ...(Object.keys(sensors).length > 0 ? { sensors } : {}),
    agents: Object.fromEntries(
      [...new Map(agentEntries.map(([name, id]) => [id, name])).entries()].map(([id, name]) => {
        const role = draft.agents.get(name);
        if (role !== undefined) built.comments.set(`agents.${id}`, `line ${role.line}: role "${role.name}"`);
        const description = id === UNASSIGNED ? 'work the document assigns to nobody: choose an agent' : role?.description;
        // A dry run (`--agent-default shell`) runs every role as shell, whatever the document says it runs as.
        const use = agentDefault === 'shell' ? 'shell' : (role?.use ?? agentDefault);
        return [id, { use, ...(description === undefined ? {} : { description }) }];
      }),
    ),
    phases,
  });
  return built;
}

/** Agent ids by lower-cased role name; "All Agents" and friends become one `all-agents` profile. */
function agentIds(draft: Draft): Map<string, string> {
  const pool = new IdPool();
  const ids = new Map<string, string>();
  for (const [key, role] of draft.agents) ids.set(key, pool.take(isEveryone(role.name) ? 'all agents' : role.name, 'agent'));
  ids.set(UNASSIGNED_KEY, pool.take(UNASSIGNED, UNASSIGNED));
  return ids;
}

interface Context {
  readonly draft: Draft;
  readonly built: BuiltPlan;
  readonly agents: Map<string, string>;
  readonly phaseIds: Map<DraftPhase, string>;
  readonly actionIds: Map<DraftAction, string>;
  readonly facts: Record<string, boolean>;
  /**
   * Roles run as `shell` agents (`--agent-default shell`, for dry runs): a shell agent runs commands, not
   * prompts, and cannot review, so each action echoes its id and keeps its prompt as the description.
   */
  readonly dryRun: boolean;
}

function buildAction(ctx: Context, action: DraftAction, path: string): Record<string, unknown> {
  const id = ctx.actionIds.get(action) ?? 'action';
  const [owner, ...others] = [...action.owners, ...action.support.filter((s) => !action.owners.includes(s))];
  const agent = (owner === undefined ? undefined : ctx.agents.get(roleKey(owner))) ?? ctx.agents.get(UNASSIGNED_KEY) ?? UNASSIGNED;
  const reviewerName = others.find((o) => !isEveryone(o));
  const review = reviewerName === undefined ? undefined : ctx.agents.get(roleKey(reviewerName));
  const people = { owner: owner ?? 'the owner of this work (the document names none)', ...(reviewerName === undefined ? {} : { reviewer: reviewerName }), others: others.filter((o) => o !== reviewerName) };
  const allDone = action.steps.length > 0 && action.steps.every((s) => s.done === true);
  // A roles table's "May write" column leases its paths to every action of the role.
  const files = owner === undefined ? undefined : ctx.draft.agents.get(roleKey(owner))?.files;
  if (files !== undefined) ctx.built.comments.set(`${path}.files`, `leases of ${owner ?? ''} from the roles table (line ${files.line})`);
  // The checks the document states win; commands merely mentioned in the text are candidates when it states none.
  const verify = action.verifyStated.length > 0 ? action.verifyStated : action.verify;
  const estimate = action.estimate?.value;
  const risk = action.risk?.value ?? action.phase.risk?.value;
  const out: Record<string, unknown> = {
    id,
    title: action.title,
    agent,
    ...(ctx.dryRun ? { description: promptOf(ctx.draft, action, people), run: `echo 'dry run: ${id} (${agent})'` } : { prompt: promptOf(ctx.draft, action, people) }),
    ...(action.needs.size > 0 ? { needs: [...action.needs].map((a) => ctx.actionIds.get(a) ?? '') } : {}),
    ...(action.requires.size > 0 ? { requires: [...action.requires].map((p) => `phase:${ctx.phaseIds.get(p) ?? ''}`) } : {}),
    ...(allDone ? { provides: [`complete:${id}`] } : {}),
    ...(verify.length > 0 && !ctx.dryRun ? { verify: verify.map((v) => v.value) } : {}),
    ...(estimate === undefined ? {} : { estimate: formatDuration(estimate) }),
    ...(action.timebox === undefined ? {} : { timebox: formatDuration(action.timebox.value) }),
    ...(files === undefined ? {} : { files: files.value }),
    ...(action.loop === undefined ? {} : { retries: loopRounds(ctx, action, path) - 1 }),
    ...(action.priority === undefined ? {} : { priority: action.priority.value }),
    ...(risk === undefined ? {} : { risk }),
    ...(review === undefined || review === agent || ctx.dryRun ? {} : { review }),
  };
  if (allDone) ctx.facts[`complete:${id}`] = true;
  const lines = [...new Set(action.lines)].sort((a, b) => a - b);
  ctx.built.comments.set(path, describeLines(lines) + (action.estimate === undefined ? '' : `; estimate from "${action.estimate.text}"`));
  const where = `line ${[...new Set(verify.map((v) => v.line))].join(', ')}`;
  const stated = action.verifyStated.length > 0;
  if (verify.length > 0 && !ctx.dryRun) ctx.built.comments.set(`${path}.verify`, stated ? `stated as its check (${where})` : `verify candidates: code spans that look like commands (${where}); check them`);
  // A dry run does nothing real, so checking its work would only fail: the candidates stay in a comment.
  if (verify.length > 0 && ctx.dryRun) ctx.built.comments.set(`${path}.run`, `dry run; verify ${stated ? 'commands' : 'candidates'} left out: ${verify.map((v) => v.value).join(', ')}`);
  ctx.built.explanations.push({ action: id, lines, why: explain(action, { agent, review, allDone, risk }) });
  if (owner === undefined) ctx.built.warnings.push({ line: lines[0] ?? 0, message: `"${action.title}" names no owner; assigned to agent "${UNASSIGNED}"` });
  return out;
}

/**
 * An action that loops ("repeat until tests pass, max 3 iterations") runs again while its checks fail: its
 * rounds are its attempts. Without a bound the default is assumed, and without a command baton cannot tell
 * when the condition holds; both are reported.
 */
function loopRounds(ctx: Context, action: DraftAction, path: string): number {
  const loop = action.loop;
  const line = loop?.line ?? action.lines[0] ?? 0;
  const rounds = action.rounds?.value ?? DEFAULT_ROUNDS;
  if (action.rounds === undefined) ctx.built.warnings.push({ line, message: `"${action.title}" repeats${loop?.until === undefined ? '' : ` until ${loop.until}`} but states no bound; at most ${DEFAULT_ROUNDS} rounds assumed` });
  if (action.verify.length + action.verifyStated.length === 0 || ctx.dryRun) ctx.built.warnings.push({ line, message: `"${action.title}" repeats${loop?.until === undefined ? '' : ` until "${loop.until}"`}, but no command checks that; add a verify command, or each round after a failure only reruns it` });
  ctx.built.comments.set(`${path}.retries`, `line ${line}: loops${loop?.until === undefined ? '' : ` until "${loop.until}"`}, ${action.rounds === undefined ? `at most ${DEFAULT_ROUNDS} rounds assumed` : `"${action.rounds.text}" (line ${action.rounds.line})`}: reruns while verify fails`);
  return Math.max(1, rounds);
}

function explain(action: DraftAction, got: { agent: string; review: string | undefined; allDone: boolean; risk: string | undefined }): string {
  const parts = [...action.why];
  parts.push(action.owners.length === 0 ? `no owner named: agent "${got.agent}"` : `owned by ${action.owners[0] ?? ''} (agent "${got.agent}")`);
  const team = [...action.owners, ...action.support];
  if (got.review !== undefined) parts.push(`reviewed by the next ${action.owners.length > 1 ? 'owner' : 'supporting role'} named, ${team.find((o) => !isEveryone(o) && o !== action.owners[0]) ?? ''}`);
  if (team.length > 2 || (team.length > 1 && got.review === undefined)) parts.push('other owners are named in the prompt');
  parts.push(`${action.steps.length} step(s) in the prompt${action.steps.some((s) => s.done === true) ? `, ${action.steps.filter((s) => s.done === true).length} already done` : ''}`);
  if (got.allDone) parts.push('every item is done: it provides a fact that holds at the start, so the run skips it');
  if (action.estimate !== undefined) parts.push(`estimate ${formatDuration(action.estimate.value)} from ${action.estimateFrom ?? `"${action.estimate.text}" (line ${action.estimate.line})`}`);
  else parts.push('no duration found: the plan default estimate applies');
  if (action.dependencies.length > 0) parts.push(`dependencies: ${action.dependencies.map((d) => `"${d.text}" (line ${d.line})`).join(', ')}`);
  else if (action.needs.size > 0) parts.push('waits for the groups of earlier days in its phase');
  if (action.requires.size > 0) parts.push(`waits for ${[...action.requires].map((p) => p.title).join(', ')} while its phase may start earlier`);
  if (action.loop !== undefined) parts.push(`a loop (line ${action.loop.line})${action.loop.until === undefined ? '' : ` until "${action.loop.until}"`}: retried while its verify fails, ${action.rounds === undefined ? `${DEFAULT_ROUNDS} rounds assumed` : `at most ${action.rounds.value} rounds`}`);
  if (action.priority !== undefined) parts.push(`priority from "${action.priority.text}"`);
  if (got.risk !== undefined) parts.push(`risk from "${action.risk?.text ?? action.phase.risk?.text ?? ''}"`);
  return parts.join('; ');
}

function buildPhase(
  built: BuiltPlan,
  phase: DraftPhase,
  ids: Map<DraftPhase, string>,
  actions: Record<string, unknown>[],
  checks: readonly DraftCheck[],
  path: string,
  sensors: Record<string, { run: string }>,
): Record<string, unknown> & { actions: unknown[] } {
  const mode = phase.mode?.value;
  const loop = loopPhase(phase, ids.get(phase) ?? 'phase', built.warnings);
  if (loop !== undefined) sensors[loop.sensor.fact] = { run: loop.sensor.run };
  const planMode = loop !== undefined ? undefined : mode === 'sequential' || mode === 'parallel' ? mode : undefined;
  if (loop === undefined && (mode === 'loop' || mode === 'hybrid')) {
    built.warnings.push({ line: phase.mode?.line ?? 0, message: `${phase.title}: mode "${phase.mode?.text ?? mode}" imported as parallel (a loop needs a condition and a bound; order inside comes from dependencies)` });
  }
  const gate = checks.map((check, k) => gateCheck(built, check, `${path}.gate.${k}`));
  const notes = [describeLines(phase.lines)];
  if (phase.afterWhy !== undefined) notes.push(`after: ${phase.afterWhy}`);
  if (phase.approve !== undefined) notes.push(`approval (line ${phase.approve.line}): ${phase.approve.criteria.join('; ')}`);
  if (loop !== undefined) notes.push(loop.comment);
  built.comments.set(path, notes.join('\n '));
  const description = phase.description.join('\n').trim();
  return {
    id: ids.get(phase) ?? 'phase',
    title: phase.title,
    ...(description === '' ? {} : { description }),
    ...(planMode === undefined ? {} : { mode: planMode }),
    ...(loop === undefined ? {} : loop.fields),
    ...(phase.after === undefined ? {} : { after: phase.after.map((p) => ids.get(p) ?? '') }),
    ...(phase.approve === undefined ? {} : { approve: true }),
    ...(gate.length > 0 ? { gate } : {}),
    actions,
  };
}

function gateCheck(built: BuiltPlan, check: DraftCheck, path: string): Record<string, unknown> {
  const what = check.metric ?? slugId(check.name, 'check');
  const run = check.run ?? placeholderCommand(`measure ${what}`);
  if (check.run === undefined) built.warnings.push({ line: check.line, message: `gate check "${check.name}" has no command in the document; a placeholder that fails was written: fill it in` });
  built.comments.set(path, `line ${check.line}: ${check.why}${check.run === undefined ? '; placeholder command' : ''}`);
  return {
    name: check.name,
    run,
    ...(check.metric === undefined || check.target === undefined ? {} : { metric: check.metric, target: check.target }),
    ...(check.baseline === undefined || check.target === undefined ? {} : { baseline: check.baseline }),
  };
}

function describeLines(lines: readonly number[]): string {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  if (sorted.length === 1) return `line ${sorted[0] ?? 0}`;
  const first = sorted[0] ?? 0;
  const last = sorted.at(-1) ?? 0;
  return last - first === sorted.length - 1 ? `lines ${first}–${last}` : `lines ${sorted.join(', ')}`;
}
