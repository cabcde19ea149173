/**
 * Agents for the adapter and agent-process tests: an `Agent` as the plan's normalization makes it from an
 * `agents:` entry that sets nothing but `use`, so that a test names only the fields it is about (and a field
 * added to `Agent` is added here once, not in every test).
 */
import type { Agent } from '../plan/model.js';

/** The agent `dev` using Claude Code with every optional field unset, `overrides` on top. */
export function testAgent(overrides: Partial<Agent> = {}): Agent {
  const id = overrides.id ?? 'dev';
  return {
    id, use: 'claude-code', model: undefined, concurrency: 1, env: {}, args: [], bin: undefined, workspace: undefined, setup: [],
    permissionMode: undefined, command: [], promptVia: undefined, price: undefined, budget: undefined, implicit: false,
    path: ['agents', id], ...overrides,
  };
}
