/**
 * Checks that every name in a resolved plan refers to something: ids are unique, agents, actions, phases and
 * facts exist, each action's kind of work fits its agent, loops are bounded.
 */
import type { Problem } from '../errors.js';
import { doneFact, PERMISSION_MODES, phaseFact } from './model.js';
import type { Action, Agent, Path, Plan } from './model.js';
import { formatPath } from './format-problem.js';
import { didYouMean } from './suggest.js';

/** Every reference problem of the plan, in file order. */
export function checkReferences(plan: Plan): Problem[] {
  return [
    ...checkDuplicates(plan),
    ...Object.values(plan.agents).flatMap(checkAgent),
    ...checkActions(plan),
    ...checkPhases(plan),
    ...checkFacts(plan),
  ];
}

function checkActions(plan: Plan): Problem[] {
  const actionIds = new Set(plan.actions.map((a) => a.id));
  return plan.actions.flatMap((action) => checkAction(plan, action, actionIds));
}

function checkDuplicates(plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const seen = (kind: string, items: readonly { id: string; path: Path }[]) => {
    const first = new Map<string, Path>();
    for (const item of items) {
      const earlier = first.get(item.id);
      if (earlier) {
        problems.push({
          path: [...item.path, 'id'],
          code: 'duplicate-id',
          message: `duplicate ${kind} id "${item.id}" (first used at ${formatPath(earlier)})`,
        });
      } else first.set(item.id, item.path);
    }
  };
  seen('phase', plan.phases);
  seen('action', plan.actions);
  return problems;
}

function checkAction(plan: Plan, action: Action, actionIds: ReadonlySet<string>): Problem[] {
  return [...checkAgents(plan, action), ...checkUses(plan, action), ...checkNeeds(action, actionIds)];
}

/** The action's agent exists and fits its kind of work; its reviewer exists. */
function checkAgents(plan: Plan, action: Action): Problem[] {
  const problems: Problem[] = [];
  const agentIds = Object.keys(plan.agents);
  const agent = plan.agents[action.agent];
  // Both or neither of run/prompt, or a prompt with no agent, were reported while resolving the plan.
  const kindReported = (action.run === undefined) === (action.prompt === undefined) || (action.prompt !== undefined && agent?.implicit === true);
  if (!agent) {
    problems.push({
      path: [...action.path, 'agent'],
      code: 'unknown-agent',
      message: `unknown agent "${action.agent}"${didYouMean(action.agent, agentIds)}`,
    });
  } else if (!kindReported && action.run !== undefined && agent.use !== 'shell') {
    problems.push({
      path: [...action.path, 'run'],
      atKey: true,
      code: 'run-needs-shell-agent',
      message: `"run" is a shell command but agent "${agent.id}" uses ${agent.use}; expected a shell agent (use: shell) or "prompt" instead of "run"`,
    });
  } else if (!kindReported && action.prompt !== undefined && agent.use === 'shell') {
    problems.push({
      path: [...action.path, 'prompt'],
      atKey: true,
      code: 'prompt-needs-ai-agent',
      message: `"prompt" is work for an AI agent but agent "${agent.id}" is a shell agent; expected an agent with use: claude-code, codex, gemini, aider or command, or "run" instead of "prompt"`,
    });
  }
  if (action.review !== undefined && !plan.agents[action.review]) {
    problems.push({
      path: [...action.path, 'review'],
      code: 'unknown-agent',
      message: `unknown review agent "${action.review}"${didYouMean(action.review, agentIds)}`,
    });
  } else if (action.review !== undefined && plan.agents[action.review]!.use === 'shell') {
    problems.push({
      path: [...action.path, 'review'],
      code: 'review-needs-ai-agent',
      message: `review agent "${action.review}" is a shell agent; expected an agent that reads a prompt and answers with a verdict (use: claude-code, codex, gemini, aider or command)`,
    });
  }
  return problems;
}

/** An agent's settings fit its adapter: a permission mode it knows, a command line for `command`. */
function checkAgent(agent: Agent): Problem[] {
  if (agent.implicit) return [];
  const problems: Problem[] = [];
  const modes: readonly string[] = PERMISSION_MODES[agent.use];
  if (agent.permissionMode !== undefined && !modes.includes(agent.permissionMode)) {
    const expected = modes.length === 0 ? `no permission_mode for use: ${agent.use}` : `one of ${modes.join(', ')} for use: ${agent.use}`;
    problems.push({ path: [...agent.path, 'permission_mode'], code: 'bad-permission-mode', message: `expected ${expected}, got "${agent.permissionMode}"` });
  }
  if (agent.use === 'command' && agent.command.length === 0 && agent.bin === undefined) {
    problems.push({ path: agent.path, code: 'command-needs-argv', message: `agent "${agent.id}" uses command: expected "command", the program and its arguments, e.g. [my-agent, --prompt, "{{prompt}}"]` });
  }
  if (agent.use !== 'command' && (agent.command.length > 0 || agent.promptVia !== undefined)) {
    const field = agent.command.length > 0 ? 'command' : 'prompt_via';
    problems.push({ path: [...agent.path, field], atKey: true, code: 'command-only', message: `"${field}" is for use: command; agent "${agent.id}" uses ${agent.use}, which builds its own command line (extra flags go in "args")` });
  }
  return problems;
}

/** Every resource the action uses is declared, with enough capacity for it ever to start. */
function checkUses(plan: Plan, action: Action): Problem[] {
  return Object.entries(action.uses).flatMap(([resource, amount]): Problem[] => {
    const capacity = plan.resources[resource];
    const path = [...action.path, 'uses'];
    if (capacity === undefined) {
      return [{ path, code: 'unknown-resource', message: `unknown resource "${resource}"${didYouMean(resource, Object.keys(plan.resources))}; expected one declared under "resources"` }];
    }
    if (amount > capacity) {
      return [{ path, code: 'resource-too-small', message: `uses ${amount} of "${resource}" but only ${capacity} exist: it could never start` }];
    }
    return [];
  });
}

/** Every need names another action of the plan. */
function checkNeeds(action: Action, actionIds: ReadonlySet<string>): Problem[] {
  return action.needs.flatMap((need, index): Problem[] => {
    const path = [...action.path, 'needs', index];
    if (need === action.id) return [{ path, code: 'self-dependency', message: `action "${action.id}" cannot need itself` }];
    if (!actionIds.has(need)) return [{ path, code: 'unknown-action', message: `unknown action "${need}"${didYouMean(need, actionIds)}` }];
    return [];
  });
}

function checkPhases(plan: Plan): Problem[] {
  const problems: Problem[] = [];
  const phaseIds = plan.phases.map((p) => p.id);
  for (const phase of plan.phases) {
    phase.after.forEach((after, index) => {
      const path = [...phase.path, 'after', index];
      if (after === phase.id) problems.push({ path, code: 'self-dependency', message: `phase "${phase.id}" cannot come after itself` });
      else if (!phaseIds.includes(after)) {
        problems.push({ path, code: 'unknown-phase', message: `unknown phase "${after}"${didYouMean(after, phaseIds)}` });
      }
    });
    if (phase.mode === 'loop' && phase.maxIterations === undefined) {
      problems.push({
        path: [...phase.path, 'mode'],
        code: 'unbounded-loop',
        message: `loop phase "${phase.id}" has no bound: expected "max_iterations" (a whole number > 0)`,
      });
    }
    if (phase.mode !== 'loop') {
      for (const field of ['until', 'max_iterations'] as const) {
        if ((field === 'until' ? phase.until : phase.maxIterations) !== undefined) {
          problems.push({
            path: [...phase.path, field],
            atKey: true,
            code: 'loop-field-outside-loop',
            message: `"${field}" applies only to loop phases; expected mode: loop, got mode: ${phase.mode}`,
          });
        }
      }
    }
  }
  return problems;
}

function checkFacts(plan: Plan): Problem[] {
  const provided = new Set(plan.actions.flatMap((a) => [...a.provides, doneFact(a.id)]));
  for (const phase of plan.phases) provided.add(phaseFact(phase.id));
  const sensed = new Set(Object.keys(plan.sensors));
  const declared = new Set(Object.keys(plan.facts));
  const known = new Set([...provided, ...sensed, ...declared]);
  const problems: Problem[] = [];
  const check = (fact: string, path: Path, role: string) => {
    if (!known.has(fact)) {
      problems.push({ path, code: 'unknown-fact', message: unknownFactMessage(plan, fact, known) });
    } else if (!provided.has(fact) && !sensed.has(fact) && plan.facts[fact] !== true) {
      problems.push({
        path,
        code: 'unprovided-fact',
        message: `${role} "${fact}" is false at start, no sensor measures it and no action provides it`,
      });
    }
  };
  for (const action of plan.actions) {
    action.requires.forEach((fact, index) => check(fact, [...action.path, 'requires', index], 'required fact'));
    action.provides.forEach((fact, index) => {
      if (/^(done|phase):/.test(fact)) {
        problems.push({
          path: [...action.path, 'provides', index],
          code: 'reserved-fact',
          message: `"${fact}" is reserved: baton sets done:<action> and phase:<phase> itself; expected a fact of your own`,
        });
      }
    });
  }
  plan.goal?.forEach((fact, index) => check(fact, ['goal', index], 'goal fact'));
  for (const [where, names] of [['facts', Object.keys(plan.facts)], ['sensors', Object.keys(plan.sensors)]] as const) {
    for (const fact of names) {
      if (/^(done|phase):/.test(fact)) {
        problems.push({ path: [where, fact], atKey: true, code: 'reserved-fact', message: `"${fact}" is reserved: baton sets done:<action> and phase:<phase> itself; expected a fact of your own` });
      }
    }
  }
  for (const phase of plan.phases) {
    if (phase.until !== undefined) check(phase.until, [...phase.path, 'until'], 'loop condition');
  }
  return problems;
}

function unknownFactMessage(plan: Plan, fact: string, known: ReadonlySet<string>): string {
  const [prefix, rest] = splitReserved(fact);
  if (prefix === 'done') {
    return `unknown action "${rest}" in fact "${fact}"${didYouMean(rest, plan.actions.map((a) => a.id))}`;
  }
  if (prefix === 'phase') {
    return `unknown phase "${rest}" in fact "${fact}"${didYouMean(rest, plan.phases.map((p) => p.id))}`;
  }
  return `unknown fact "${fact}"${didYouMean(fact, known)}: no action provides it, it is not in "facts" and no sensor measures it`;
}

function splitReserved(fact: string): [string | undefined, string] {
  const match = /^(done|phase):(.*)$/.exec(fact);
  return match ? [match[1], match[2] ?? ''] : [undefined, fact];
}
