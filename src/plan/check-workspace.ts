/**
 * Checks of what isolates and integrates the agents' work: `{{placeholders}}` in `env` values name ones baton
 * fills in, and each conflict rule that hands conflicts to an agent names one that can do it.
 */
import type { Problem } from '../errors.js';
import { PLACEHOLDERS } from './model.js';
import type { ConflictRule, Path, Plan } from './model.js';
import { didYouMean } from './suggest.js';

const PLACEHOLDER = /\{\{\s*([^}\s]*)\s*\}\}/g;

export function checkWorkspaces(plan: Plan): Problem[] {
  const envs = [
    ...Object.values(plan.agents).map((agent) => ({ env: agent.env, path: agent.path })),
    ...plan.actions.map((action) => ({ env: action.env, path: action.path })),
  ];
  const rules = new Map<string, ConflictRule>();
  for (const phase of plan.phases) rules.set(JSON.stringify(phase.conflicts.path), phase.conflicts);
  return [
    ...envs.flatMap(({ env, path }) => Object.entries(env).flatMap(([name, value]) => checkPlaceholders(value, [...path, 'env', name]))),
    ...[...rules.values()].flatMap((rule) => checkConflictRule(plan, rule)),
  ];
}

function checkPlaceholders(value: string, path: Path): Problem[] {
  return [...value.matchAll(PLACEHOLDER)].flatMap(([text, name = '']): Problem[] =>
    (PLACEHOLDERS as readonly string[]).includes(name)
      ? []
      : [{
          path,
          code: 'unknown-placeholder',
          message: `unknown placeholder "${text}"${didYouMean(name, PLACEHOLDERS)}; expected one of ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
        }],
  );
}

function checkConflictRule(plan: Plan, rule: ConflictRule): Problem[] {
  if (rule.policy !== 'agent') {
    const extra = rule.agent !== undefined ? 'agent' : rule.run !== undefined ? 'run' : undefined;
    if (extra === undefined) return [];
    return [{ path: [...rule.path, extra], atKey: true, code: 'resolver-without-agent-policy', message: `"${extra}" applies only to policy: agent; expected policy: agent, got policy: ${rule.policy}` }];
  }
  if (rule.agent === undefined) {
    return [{ path: rule.path, code: 'missing-resolver', message: 'policy "agent" needs the resolver: expected "agent" naming one of the plan\'s agents' }];
  }
  const agent = plan.agents[rule.agent];
  if (!agent) {
    return [{ path: [...rule.path, 'agent'], code: 'unknown-agent', message: `unknown agent "${rule.agent}"${didYouMean(rule.agent, Object.keys(plan.agents))}` }];
  }
  if (agent.use === 'shell' && rule.run === undefined) {
    return [{ path: rule.path, code: 'resolver-needs-run', message: `resolver "${agent.id}" is a shell agent: expected "run", the command that resolves the conflicted merge` }];
  }
  return [];
}
