/**
 * Every AI agent adapter baton knows, by the name a plan's `use:` gives. One table, so that adding a CLI is one
 * file and one line here, and so that a name the plan schema accepts always has an adapter (the `Record` type
 * makes a missing one a compile error).
 */
import type { AdapterName } from '../plan/model.js';
import type { AdapterSpec } from './adapter.js';
import { aiderAdapter } from './adapters/aider.js';
import { claudeCodeAdapter } from './adapters/claude-code.js';
import { codexAdapter } from './adapters/codex.js';
import { commandAdapter } from './adapters/command.js';
import { geminiAdapter } from './adapters/gemini.js';

const ADAPTER_SPECS: Readonly<Record<Exclude<AdapterName, 'shell'>, AdapterSpec>> = {
  'claude-code': claudeCodeAdapter,
  codex: codexAdapter,
  gemini: geminiAdapter,
  aider: aiderAdapter,
  command: commandAdapter,
};

/** The adapter that starts and reads agents of `use: name`. `shell` agents run through the launchers instead. */
export function adapterSpec(name: Exclude<AdapterName, 'shell'>): AdapterSpec {
  return ADAPTER_SPECS[name];
}
