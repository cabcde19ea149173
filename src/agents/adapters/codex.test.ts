import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../adapter.js';
import { testAgent } from '../test-agent.js';
import { CodexParser, codexAdapter, codexInvocation } from './codex.js';

const prompt = { text: 'Fix the bug.', file: '/tmp/prompt.md' };

function parse(lines: readonly string[]): AgentEvent[] {
  const parser = new CodexParser();
  return [...lines.flatMap((line) => parser.line(line)), ...parser.end()];
}

// The sample output of `codex exec --json` in openai/codex docs/exec.md ("JSON output mode").
const DOCS_SAMPLE = [
  '{"type":"thread.started","thread_id":"0199a213-81c0-7800-8aa1-bbab2a035a53"}',
  '{"type":"turn.started"}',
  '{"type":"item.completed","item":{"id":"item_0","type":"reasoning","text":"**Searching for README files**"}}',
  '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"","status":"in_progress"}}',
  '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"2025-09-11\\nAGENTS.md\\nCHANGELOG.md\\n","exit_code":0,"status":"completed"}}',
  '{"type":"item.completed","item":{"id":"item_2","type":"reasoning","text":"**Checking repository root for README**"}}',
  '{"type":"item.completed","item":{"id":"item_3","type":"agent_message","text":"Yep — there’s a `README.md` in the repository root."}}',
  '{"type":"turn.completed","usage":{"input_tokens":24763,"cached_input_tokens":24448,"output_tokens":122}}',
];

describe('codex invocation', () => {
  it('runs exec in JSON mode with the prompt on stdin and the workspace-write sandbox by default', () => {
    const invocation = codexInvocation(testAgent({ use: 'codex' }), prompt);
    expect(invocation).toEqual({
      bin: 'codex',
      args: ['exec', '--json', '--skip-git-repo-check', '--sandbox', 'workspace-write', '-'],
      stdin: 'Fix the bug.',
    });
  });

  it('passes the model, the permission mode as the sandbox and the agent args before the stdin marker', () => {
    const invocation = codexInvocation(
      testAgent({ use: 'codex', model: 'gpt-5-codex', permissionMode: 'read-only', args: ['-c', 'model_reasoning_effort=high'], bin: '/opt/codex' }),
      prompt,
    );
    expect(invocation.bin).toBe('/opt/codex');
    expect(invocation.args).toEqual([
      'exec', '--json', '--skip-git-repo-check', '--sandbox', 'read-only',
      '--model', 'gpt-5-codex', '-c', 'model_reasoning_effort=high', '-',
    ]);
  });

  it('offers the sandbox modes of codex exec, workspace-write first', () => {
    expect(codexAdapter.permissionModes).toEqual(['workspace-write', 'read-only', 'danger-full-access']);
    expect(codexAdapter.versionArgs).toEqual(['--version']);
  });
});

describe('codex output parser', () => {
  it('reads the documented sample: reasoning as progress, the command as a tool once, usage and the last message', () => {
    expect(parse(DOCS_SAMPLE)).toEqual([
      { kind: 'progress', text: '**Searching for README files**' },
      { kind: 'tool', name: 'command_execution', detail: 'bash -lc ls' },
      { kind: 'progress', text: '**Checking repository root for README**' },
      { kind: 'progress', text: 'Yep — there’s a `README.md` in the repository root.' },
      { kind: 'usage', usage: { inputTokens: 24763, outputTokens: 122, costUsd: undefined } },
      { kind: 'result', status: 'success', message: 'Yep — there’s a `README.md` in the repository root.' },
    ]);
  });

  // Item shapes from openai/codex codex-rs/exec/src/exec_events.rs (FileChangeItem, McpToolCallItem, WebSearchItem).
  it('reports file changes, MCP calls and web searches that it never saw start', () => {
    const events = parse([
      '{"type":"item.completed","item":{"id":"item_4","type":"file_change","changes":[{"path":"/repo/src/a.ts","kind":"update"},{"path":"/repo/b.md","kind":"add"}],"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_5","type":"mcp_tool_call","server":"docs","tool":"search","arguments":{},"result":null,"error":null,"status":"completed"}}',
      '{"type":"item.completed","item":{"id":"item_6","type":"web_search","query":"vitest timeout"}}',
    ]);
    expect(events).toEqual([
      { kind: 'tool', name: 'file_change', detail: 'update /repo/src/a.ts, add /repo/b.md' },
      { kind: 'tool', name: 'mcp_tool_call', detail: 'docs.search' },
      { kind: 'tool', name: 'web_search', detail: 'vitest timeout' },
    ]);
  });

  it('takes usage from a newer turn.completed that carries extra fields', () => {
    const events = parse([
      '{"type":"turn.completed","usage":{"input_tokens":19508,"cached_input_tokens":11008,"cache_write_input_tokens":0,"output_tokens":5,"reasoning_output_tokens":0}}',
    ]);
    expect(events[0]).toEqual({ kind: 'usage', usage: { inputTokens: 19508, outputTokens: 5, costUsd: undefined } });
  });

  it('turns a failed turn into an error result, even when the process exits 0', () => {
    const events = parse([
      '{"type":"error","message":"stream error: broken pipe"}',
      '{"type":"turn.failed","error":{"message":"model refused"}}',
    ]);
    expect(events).toEqual([
      { kind: 'progress', text: 'error: stream error: broken pipe' },
      { kind: 'result', status: 'error', message: 'model refused' },
    ]);
  });

  it('treats an error event as the verdict only when the stream ends without one', () => {
    const retried = parse(['{"type":"error","message":"Reconnecting... 1/5"}', DOCS_SAMPLE[7] ?? '']);
    expect(retried.filter((event) => event.kind === 'result')).toEqual([{ kind: 'result', status: 'success', message: '' }]);
    const died = parse(['{"type":"error","message":"unexpected status 401 Unauthorized"}']);
    expect(died.at(-1)).toEqual({ kind: 'result', status: 'error', message: 'unexpected status 401 Unauthorized' });
  });

  it('passes lines that are not JSON events through as progress and ignores blank ones', () => {
    expect(parse(['Reading prompt from stdin...', '', '{"type":"item.completed","item":{"id":"item_0","type":"agent_mes'])).toEqual([
      { kind: 'progress', text: 'Reading prompt from stdin...' },
      { kind: 'progress', text: '{"type":"item.completed","item":{"id":"item_0","type":"agent_mes' },
    ]);
  });

  it('gives no verdict for a stream cut off before the turn ended', () => {
    expect(parse(DOCS_SAMPLE.slice(0, 6)).some((event) => event.kind === 'result')).toBe(false);
  });
});
