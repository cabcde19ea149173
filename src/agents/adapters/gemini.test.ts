import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../adapter.js';
import { testAgent } from '../test-agent.js';
import { GeminiParser, geminiAdapter, geminiInvocation } from './gemini.js';

const prompt = { text: 'Fix the bug.', file: '/tmp/prompt.md' };

function parse(lines: readonly string[]): AgentEvent[] {
  const parser = new GeminiParser();
  return [...lines.flatMap((line) => parser.line(line)), ...parser.end()];
}

// Event shapes as printed by google-gemini/gemini-cli packages/core/src/output/stream-json-formatter.ts, values
// from its stream-json-formatter.test.ts.
const STREAM = [
  '{"type":"init","timestamp":"2025-10-10T12:00:00.000Z","session_id":"test-session-123","model":"gemini-2.0-flash-exp"}',
  '{"type":"message","timestamp":"2025-10-10T12:00:00.000Z","role":"user","content":"What is 2+2?"}',
  '{"type":"message","timestamp":"2025-10-10T12:00:00.000Z","role":"assistant","content":"Let me read ","delta":true}',
  '{"type":"message","timestamp":"2025-10-10T12:00:00.000Z","role":"assistant","content":"the file.","delta":true}',
  '{"type":"tool_use","timestamp":"2025-10-10T12:00:00.000Z","tool_name":"Read","tool_id":"read-123","parameters":{"file_path":"/path/to/file.txt"}}',
  '{"type":"tool_result","timestamp":"2025-10-10T12:00:00.000Z","tool_id":"read-123","status":"success","output":"File contents here"}',
  '{"type":"message","timestamp":"2025-10-10T12:00:00.000Z","role":"assistant","content":"4","delta":true}',
  '{"type":"result","timestamp":"2025-10-10T12:00:00.000Z","status":"success","stats":{"total_tokens":100,"input_tokens":50,"output_tokens":50,"cached":0,"input":50,"duration_ms":1200,"tool_calls":2}}',
];

// The `json` answer as JsonFormatter.format builds it (json-formatter.test.ts "with stats"), pretty-printed.
const ANSWER = {
  session_id: 'test-session-id',
  response: 'This is a test response.',
  stats: {
    models: {
      'gemini-2.5-pro': {
        api: { totalRequests: 2, totalErrors: 0, totalLatencyMs: 5672 },
        tokens: { input: 13745, prompt: 24401, candidates: 215, total: 24719, cached: 10656, thoughts: 103, tool: 0 },
        roles: {},
      },
      'gemini-2.5-flash': {
        api: { totalRequests: 2, totalErrors: 0, totalLatencyMs: 5914 },
        tokens: { input: 20803, prompt: 20803, candidates: 716, total: 21657, cached: 0, thoughts: 138, tool: 0 },
        roles: {},
      },
    },
    tools: { totalCalls: 1, totalSuccess: 1, totalFail: 0, totalDurationMs: 4582, byName: {} },
    files: { totalLinesAdded: 0, totalLinesRemoved: 0 },
  },
};

describe('gemini invocation', () => {
  it('streams JSON events with the prompt on stdin and edits auto-approved by default', () => {
    expect(geminiInvocation(testAgent({ use: 'gemini' }), prompt)).toEqual({
      bin: 'gemini',
      args: ['--output-format', 'stream-json', '--approval-mode', 'auto_edit'],
      stdin: 'Fix the bug.',
    });
  });

  it('passes the model, the permission mode and the agent args last', () => {
    const invocation = geminiInvocation(
      testAgent({ use: 'gemini', model: 'gemini-2.5-pro', permissionMode: 'yolo', args: ['--include-directories', '../shared'] }),
      prompt,
    );
    expect(invocation.args).toEqual([
      '--output-format', 'stream-json', '--approval-mode', 'yolo', '--model', 'gemini-2.5-pro', '--include-directories', '../shared',
    ]);
  });

  it('offers the approval modes of the Gemini CLI, auto_edit first', () => {
    expect(geminiAdapter.permissionModes).toEqual(['auto_edit', 'yolo', 'default', 'plan']);
  });
});

describe('gemini output parser', () => {
  it('joins assistant deltas into messages, reports tools, usage and the last message as the result', () => {
    expect(parse(STREAM)).toEqual([
      { kind: 'progress', text: 'Let me read the file.' },
      { kind: 'tool', name: 'Read', detail: '/path/to/file.txt' },
      { kind: 'progress', text: '4' },
      { kind: 'usage', usage: { inputTokens: 50, outputTokens: 50, costUsd: undefined } },
      { kind: 'result', status: 'success', message: '4' },
    ]);
  });

  it('turns an error result into an error verdict and keeps warnings and failed tools as progress', () => {
    const events = parse([
      '{"type":"error","timestamp":"2025-10-10T12:00:00.000Z","severity":"warning","message":"Loop detected, stopping execution"}',
      '{"type":"tool_result","timestamp":"2025-10-10T12:00:00.000Z","tool_id":"read-123","status":"error","error":{"type":"FILE_NOT_FOUND","message":"File not found"}}',
      '{"type":"result","timestamp":"2025-10-10T12:00:00.000Z","status":"error","error":{"type":"MaxSessionTurnsError","message":"Maximum session turns exceeded"},"stats":{"total_tokens":100,"input_tokens":50,"output_tokens":50,"cached":0,"input":50,"duration_ms":1200,"tool_calls":0}}',
    ]);
    expect(events).toEqual([
      { kind: 'progress', text: 'warning: Loop detected, stopping execution' },
      { kind: 'progress', text: 'tool failed: File not found' },
      { kind: 'usage', usage: { inputTokens: 50, outputTokens: 50, costUsd: undefined } },
      { kind: 'result', status: 'error', message: 'Maximum session turns exceeded' },
    ]);
  });

  it('reads a pretty-printed json answer: the response, tokens summed over models with thinking as output', () => {
    const events = parse(JSON.stringify(ANSWER, null, 2).split('\n'));
    expect(events).toEqual([
      { kind: 'progress', text: 'This is a test response.' },
      { kind: 'usage', usage: { inputTokens: 24401 + 20803, outputTokens: 215 + 103 + 716 + 138, costUsd: undefined } },
      { kind: 'result', status: 'success', message: 'This is a test response.' },
    ]);
  });

  it('reads a json answer on one line, and an error answer as an error verdict', () => {
    const error = { session_id: 's', error: { type: 'Error', message: 'Please set an Auth method', code: 41 } };
    expect(parse([JSON.stringify(ANSWER)]).at(-1)).toEqual({ kind: 'result', status: 'success', message: 'This is a test response.' });
    expect(parse(JSON.stringify(error, null, 2).split('\n'))).toEqual([
      { kind: 'result', status: 'error', message: 'Please set an Auth method' },
    ]);
  });

  it('gives the lines of a json answer cut off in the middle back as progress, with no verdict', () => {
    const lines = JSON.stringify(ANSWER, null, 2).split('\n').slice(0, 3);
    const events = parse(lines);
    expect(events.map((event) => event.kind)).toEqual(['progress', 'progress', 'progress']);
  });

  it('passes plain text through as progress and reports no verdict when the stream ends without a result', () => {
    const events = parse(['Loaded cached credentials.', STREAM[0] ?? '', STREAM[2] ?? '']);
    expect(events).toEqual([
      { kind: 'progress', text: 'Loaded cached credentials.' },
      { kind: 'progress', text: 'Let me read ' },
    ]);
  });

  it('describes a tool by its command when it has no path, else by its parameters', () => {
    const events = parse([
      '{"type":"tool_use","timestamp":"t","tool_name":"run_shell_command","tool_id":"1","parameters":{"command":"npm test"}}',
      '{"type":"tool_use","timestamp":"t","tool_name":"todo","tool_id":"2","parameters":{"items":["a"]}}',
    ]);
    expect(events).toEqual([
      { kind: 'tool', name: 'run_shell_command', detail: 'npm test' },
      { kind: 'tool', name: 'todo', detail: '{"items":["a"]}' },
    ]);
  });
});
