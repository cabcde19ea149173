import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../adapter.js';
import { testAgent } from '../test-agent.js';
import { claudeCodeAdapter, ClaudeStreamParser, describeTool } from './claude-code.js';

/*
 * Lines as the real CLI prints them with `-p --output-format stream-json --verbose`:
 * - INIT, ASSISTANT_TOOL_USE, ASSISTANT_TOOL_USE_2, USER_TOOL_RESULT, USER_TOOL_ERROR: real output quoted in
 *   bitovi/ai-coding-agent, specifications/improved-output.md (tool lists shortened, one line each).
 * - RESULT_SUCCESS: a capture of claude 2.1.112 quoted in a public project's protocol notes ("result —
 *   turn-complete signal"); its fields match Omar-Unpossible/claude_code_orchestrator,
 *   docs/research/claude-code-json-response-schema.md.
 * - RESULT_RESUME_FAILURE: a frame captured live from claude 2.1.273 (a resume of an unknown session), quoted in
 *   a public project's parser test: the reason is in `errors`, there is no `result` text.
 */
const INIT =
  '{"type":"system","subtype":"init","cwd":"/Users/justinmeyer/dev/ai-coding-agent/shared-repos/claude-code-sdk-service","session_id":"0ce8853f-aabe-488c-bbc2-a05f10b1cdc3","tools":["Task","Bash","Glob","Grep","LS","ExitPlanMode","Read","Edit","MultiEdit","Write"],"mcp_servers":[{"name":"jira","status":"connected"}],"model":"claude-sonnet-4-20250514","permissionMode":"acceptEdits","slash_commands":["add-dir","agents","clear"],"apiKeySource":"ANTHROPIC_API_KEY"}';
const ASSISTANT_TOOL_USE =
  '{"type":"assistant","message":{"id":"msg_01DNtjmDRQ9z631kJTQ6Vxkf","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"tool_use","id":"toolu_015KkkHiz13QsG5fVczmsc4M","name":"mcp__jira__getAccessibleAtlassianResources","input":{}}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":4,"cache_creation_input_tokens":21386,"cache_read_input_tokens":0,"output_tokens":86,"service_tier":"standard"}},"parent_tool_use_id":null,"session_id":"0ce8853f-aabe-488c-bbc2-a05f10b1cdc3"}';
const ASSISTANT_TOOL_USE_2 =
  '{"type":"assistant","message":{"id":"msg_0154BpvVDUu5S2WFR3TXUHwa","type":"message","role":"assistant","model":"claude-sonnet-4-20250514","content":[{"type":"tool_use","id":"toolu_01HjxGPdkuSjRioaCW3t65iA","name":"mcp__jira__createJiraIssue","input":{"cloudId":"74eb923a-a968-44b2-8b4c-5b69e7266b8c","projectKey":"Order","issueTypeName":"Task","summary":"Example brief summary of the issue","description":"Example detailed description of the issue"}}],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":7,"cache_creation_input_tokens":202,"cache_read_input_tokens":21386,"output_tokens":192,"service_tier":"standard"}},"parent_tool_use_id":null,"session_id":"0ce8853f-aabe-488c-bbc2-a05f10b1cdc3"}';
const USER_TOOL_RESULT =
  '{"type":"user","message":{"role":"user","content":[{"tool_use_id":"toolu_01K5spJQtNBx5xnqY3pu246c","type":"tool_result","content":[{"type":"text","text":"{\\"id\\":\\"12643\\",\\"key\\":\\"ORDER-76\\"}"}]}]},"parent_tool_use_id":null,"session_id":"0ce8853f-aabe-488c-bbc2-a05f10b1cdc3"}';
const USER_TOOL_ERROR =
  '{"type":"user","message":{"role":"user","content":[{"type":"tool_result","content":"MCP tool \\"getVisibleJiraProjects\\" response (50635 tokens) exceeds maximum allowed tokens (25000). Please use pagination, filtering, or limit parameters to reduce the response size.","is_error":true,"tool_use_id":"toolu_01KGYmSQRLLpa6aYSJk4c2Fc"}]},"parent_tool_use_id":null,"session_id":"0ce8853f-aabe-488c-bbc2-a05f10b1cdc3"}';
const RESULT_SUCCESS =
  '{"type":"result","subtype":"success","is_error":false,"duration_ms":31469,"duration_api_ms":26359,"num_turns":4,"stop_reason":"end_turn","result":"The background command\'s output file contained exactly: `BGDONE-BASH`...","total_cost_usd":0.1103,"usage":{"input_tokens":26,"cache_creation_input_tokens":20835,"cache_read_input_tokens":39828,"output_tokens":1310,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard"},"modelUsage":{"claude-sonnet-4-6":{"inputTokens":26,"outputTokens":1310,"cacheReadInputTokens":39828,"cacheCreationInputTokens":20835,"costUSD":0.10980765,"contextWindow":200000,"maxOutputTokens":32000}},"permission_denials":[],"terminal_reason":"completed","api_error_status":null}';
const RESULT_RESUME_FAILURE =
  '{"type":"result","subtype":"error_during_execution","duration_ms":0,"duration_api_ms":0,"is_error":true,"num_turns":0,"stop_reason":null,"session_id":"280b366b-a346-440c-b595-bf28c68910a4","total_cost_usd":0,"usage":{"output_tokens_details":{"thinking_tokens":0},"input_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":0,"server_tool_use":{"web_search_requests":0,"web_fetch_requests":0},"service_tier":"standard","cache_creation":{"ephemeral_1h_input_tokens":0,"ephemeral_5m_input_tokens":0},"inference_geo":"","iterations":[],"speed":"standard"},"modelUsage":{},"permission_denials":[],"uuid":"186dd90d-62bd-4674-ac59-c9434f59856f","errors":["No conversation found with session ID: 280b366b-a346-440c-b595-bf28c68910a4"],"result_index":0}';

function parse(...lines: string[]): AgentEvent[] {
  const parser = new ClaudeStreamParser();
  return [...lines.flatMap((line) => parser.line(line)), ...parser.end()];
}


describe('starting Claude Code', () => {
  it('runs print mode with stream-json, --verbose and the default permission mode, the prompt on stdin', () => {
    const invocation = claudeCodeAdapter.invocation(testAgent(), { text: 'do it', file: '/tmp/p.md' });
    expect(invocation).toEqual({
      bin: 'claude',
      args: ['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'acceptEdits'],
      stdin: 'do it',
    });
  });

  it('adds the model, the permission mode and the agent\'s own arguments', () => {
    const invocation = claudeCodeAdapter.invocation(testAgent({ model: 'opus', permissionMode: 'plan', args: ['--max-turns', '30'] }), { text: 'x', file: 'f' });
    expect(invocation.args).toEqual(['-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', 'plan', '--model', 'opus', '--max-turns', '30']);
  });

  it('lists the permission modes of the real CLI with acceptEdits first', () => {
    expect(claudeCodeAdapter.permissionModes[0]).toBe('acceptEdits');
    expect([...claudeCodeAdapter.permissionModes].sort()).toEqual(['acceptEdits', 'auto', 'bypassPermissions', 'default', 'dontAsk', 'plan']);
  });
});

describe('reading Claude Code stream-json', () => {
  it('reports the init line as progress naming the model and permission mode', () => {
    expect(parse(INIT)).toEqual([{ kind: 'progress', text: 'claude started: claude-sonnet-4-20250514, permission mode acceptEdits' }]);
  });

  it('turns tool_use blocks into tool events and sums usage over messages, cache tokens counted as input', () => {
    const events = parse(ASSISTANT_TOOL_USE, ASSISTANT_TOOL_USE_2);
    expect(events).toEqual([
      { kind: 'tool', name: 'mcp__jira__getAccessibleAtlassianResources', detail: '{}' },
      { kind: 'usage', usage: { inputTokens: 4 + 21386, outputTokens: 86, costUsd: undefined } },
      { kind: 'tool', name: 'mcp__jira__createJiraIssue', detail: 'Example detailed description of the issue' },
      { kind: 'usage', usage: { inputTokens: 4 + 21386 + 7 + 202 + 21386, outputTokens: 86 + 192, costUsd: undefined } },
    ]);
  });

  it('counts a message once when the CLI prints its content blocks on separate lines', () => {
    const text = ASSISTANT_TOOL_USE.replace('"content":[{"type":"tool_use"', '"content":[{"type":"text","text":"Let me look."},{"type":"tool_use"');
    const events = parse(text, ASSISTANT_TOOL_USE);
    expect(events.filter((e) => e.kind === 'usage')).toEqual([{ kind: 'usage', usage: { inputTokens: 21390, outputTokens: 86, costUsd: undefined } }]);
    expect(events[0]).toEqual({ kind: 'progress', text: 'Let me look.' });
  });

  it('says nothing about successful tool results and reports failed ones', () => {
    expect(parse(USER_TOOL_RESULT)).toEqual([]);
    const [event] = parse(USER_TOOL_ERROR);
    expect(event).toMatchObject({ kind: 'progress' });
    expect(event?.kind === 'progress' && event.text).toMatch(/^tool error: MCP tool "getVisibleJiraProjects" response \(50635 tokens\)/);
  });

  it('takes the final usage, cost and message from the result line', () => {
    const events = parse(ASSISTANT_TOOL_USE, RESULT_SUCCESS);
    expect(events.slice(-2)).toEqual([
      { kind: 'usage', usage: { inputTokens: 26 + 20835 + 39828, outputTokens: 1310, costUsd: 0.1103 } },
      { kind: 'result', status: 'success', message: "The background command's output file contained exactly: `BGDONE-BASH`..." },
    ]);
  });

  it('reports an error result with the reason from errors when there is no result text', () => {
    expect(parse(RESULT_RESUME_FAILURE)).toEqual([
      { kind: 'usage', usage: { inputTokens: 0, outputTokens: 0, costUsd: 0 } },
      { kind: 'result', status: 'error', message: 'No conversation found with session ID: 280b366b-a346-440c-b595-bf28c68910a4' },
    ]);
  });

  it('treats is_error on a success subtype (an API error) as an error', () => {
    const apiError = '{"type":"result","subtype":"success","is_error":true,"result":"API Error: 401 invalid x-api-key","total_cost_usd":0}';
    expect(parse(apiError).at(-1)).toEqual({ kind: 'result', status: 'error', message: 'API Error: 401 invalid x-api-key' });
  });

  it('names the subtype of an error that gives no text', () => {
    expect(parse('{"type":"result","subtype":"error_max_turns","is_error":true}').at(-1)).toEqual({ kind: 'result', status: 'error', message: 'error_max_turns' });
  });

  it('never lets usage go down when the result reports less than the messages did', () => {
    const events = parse(ASSISTANT_TOOL_USE, '{"type":"result","subtype":"success","is_error":false,"result":"ok","total_cost_usd":0.01,"usage":{"input_tokens":1,"output_tokens":1}}');
    expect(events.at(-2)).toEqual({ kind: 'usage', usage: { inputTokens: 21390, outputTokens: 86, costUsd: 0.01 } });
  });

  it('reads a line that is not JSON as progress instead of failing', () => {
    expect(parse('Warning: claude is running in a directory with no git repository', '{"type":')).toEqual([
      { kind: 'progress', text: 'Warning: claude is running in a directory with no git repository' },
      { kind: 'progress', text: '{"type":' },
    ]);
  });

  it('ignores blank lines and record types it does not know, and reads JSON that is not an object as progress', () => {
    expect(parse('', '   ', '42', '["a"]', '{"type":"stream_event","event":{"type":"message_start"}}', '{"type":"rate_limit_event"}')).toEqual([
      { kind: 'progress', text: '42' },
      { kind: 'progress', text: '["a"]' },
    ]);
  });
});

describe('describing a tool call', () => {
  it('prefers the command, then the file, then the pattern', () => {
    expect(describeTool({ command: 'npm test\n  --silent', description: 'Run tests' })).toBe('npm test --silent');
    expect(describeTool({ file_path: '/w/src/a.ts', old_string: 'x' })).toBe('/w/src/a.ts');
    expect(describeTool({ pattern: '**/*.ts' })).toBe('**/*.ts');
  });

  it('caps a long input', () => {
    expect(describeTool({ data: 'x'.repeat(1000) }).length).toBeLessThanOrEqual(200);
  });
});
