/**
 * Before a run starts (and for `baton validate --check-agents`), every agent CLI it needs is started once with
 * its version arguments, so that a missing or broken binary is a clear error up front, not a failed attempt an
 * hour into the run. A `command` agent's program is only looked up: an arbitrary CLI may not know `--version`.
 */
import { AgentUnavailableError } from '../errors.js';
import type { Action, AdapterName, Agent, Plan } from '../plan/model.js';
import { childEnv } from '../process/child-env.js';
import { locateBinary, probeBinary } from './probe.js';
import { adapterSpec } from './registry.js';

export interface AgentCheck {
  readonly agent: string;
  readonly use: AdapterName;
  /** The program looked for. */
  readonly bin: string;
  readonly ok: boolean;
  /** The first line it printed for its version (`ok`), or what is wrong. */
  readonly detail: string;
}

/** The AI agents that `actions` need: their own and their reviewers. */
export function agentsNeeded(plan: Plan, actions: readonly Action[]): Agent[] {
  const ids = new Set(actions.flatMap((action) => [action.agent, ...(action.review === undefined ? [] : [action.review])]));
  return [...ids].flatMap((id) => {
    const agent = plan.agents[id];
    return agent && agent.use !== 'shell' ? [agent] : [];
  });
}

/** Checks each agent's CLI, all at once. */
export function checkAgentBinaries(agents: readonly Agent[], cwd: string): Promise<AgentCheck[]> {
  return Promise.all(agents.map((agent) => checkOne(agent, cwd)));
}

/** Every agent CLI that `actions` need runs (`--version`), or {@link AgentUnavailableError} lists those that do not. */
export async function ensureAgentsUsable(plan: Plan, actions: readonly Action[], cwd: string): Promise<void> {
  const bad = (await checkAgentBinaries(agentsNeeded(plan, actions), cwd)).filter((check) => !check.ok);
  if (bad.length > 0) throw new AgentUnavailableError(bad.map((check) => ({ agent: check.agent, detail: check.detail })));
}

async function checkOne(agent: Agent, cwd: string): Promise<AgentCheck> {
  const use = agent.use as Exclude<AdapterName, 'shell'>;
  const env = childEnv(agent.env);
  if (use === 'command') {
    const bin = agent.bin ?? agent.command[0] ?? '';
    const found = await locateBinary(bin, { cwd, env });
    return { agent: agent.id, use, bin, ok: !('problem' in found), detail: 'problem' in found ? found.detail : `found at ${found.path}` };
  }
  const spec = adapterSpec(use);
  const bin = agent.bin ?? spec.bin;
  const result = await probeBinary(bin, spec.versionArgs, { cwd, env });
  if (result.ok) return { agent: agent.id, use, bin, ok: true, detail: result.version };
  const hint = result.problem === 'missing' ? `; install it or set "bin" in agents.${agent.id}` : '';
  return { agent: agent.id, use, bin, ok: false, detail: `${bin} ${result.problem}: ${result.detail}${hint}` };
}
