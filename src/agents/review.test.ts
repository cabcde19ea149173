import { describe, expect, it } from 'vitest';
import { NO_REASON, parseVerdict, VERDICT_INSTRUCTIONS, verdictOf } from './review.js';

describe('review verdicts', () => {
  it('reads the format baton asks for, with its reasons', () => {
    const message = 'Looked at the script.\n\nVERDICT: request_changes\n- scripts/cleanup.sh deletes without a dry run\n- no test covers the 90% threshold\n';
    expect(parseVerdict(message)).toEqual({
      verdict: 'request_changes',
      reasons: ['scripts/cleanup.sh deletes without a dry run', 'no test covers the 90% threshold'],
    });
    expect(parseVerdict('All good.\nVERDICT: approve')).toEqual({ verdict: 'approve', reasons: [] });
  });

  it('the last verdict in a message wins', () => {
    const message = 'First pass:\nVERDICT: request_changes\n- missing test\n\nThe test is there after all.\n\nVERDICT: approve\n';
    expect(parseVerdict(message)).toEqual({ verdict: 'approve', reasons: [] });
    const json = 'VERDICT: approve\n\n```json\n{"verdict": "request_changes", "reasons": ["lint fails"]}\n```\n';
    expect(parseVerdict(json)).toEqual({ verdict: 'request_changes', reasons: ['lint fails'] });
  });

  it('reads markdown bold, other cases and synonyms', () => {
    expect(parseVerdict('**VERDICT:** approve')).toEqual({ verdict: 'approve', reasons: [] });
    expect(parseVerdict('## Verdict: **Approved** ✅')).toEqual({ verdict: 'approve', reasons: [] });
    expect(parseVerdict('**Verdict**: REQUEST CHANGES\n1. rename x\n2. drop y')).toEqual({ verdict: 'request_changes', reasons: ['rename x', 'drop y'] });
    expect(parseVerdict('Final verdict: changes_requested\n* one')).toEqual({ verdict: 'request_changes', reasons: ['one'] });
    expect(parseVerdict('verdict: reject — the migration drops a column')).toEqual({ verdict: 'request_changes', reasons: ['the migration drops a column'] });
    expect(verdictOf('request-changes')).toBe('request_changes');
    expect(verdictOf('maybe')).toBeUndefined();
  });

  it('reads a JSON verdict, bare or fenced, on one line or several', () => {
    expect(parseVerdict('{"verdict": "approve", "reasons": []}')).toEqual({ verdict: 'approve', reasons: [] });
    expect(parseVerdict('Done.\n```json\n{\n  "reasons": ["a", "b"],\n  "meta": {"x": 1},\n  "verdict": "request_changes"\n}\n```')).toEqual({
      verdict: 'request_changes', reasons: ['a', 'b'],
    });
    expect(parseVerdict('My answer is {"verdict": "approve"}')).toEqual({ verdict: 'approve', reasons: [] });
  });

  it('takes a blank line and a reasons header before the reasons, and joins indented continuation lines', () => {
    const message = 'VERDICT: request_changes\n\nReasons:\n- the retry loop never ends when\n  the server is down\n- typo in README\n\nThanks!';
    expect(parseVerdict(message)).toEqual({ verdict: 'request_changes', reasons: ['the retry loop never ends when the server is down', 'typo in README'] });
  });

  it('gives request changes without reasons the reason "no reason given"', () => {
    expect(parseVerdict('VERDICT: request_changes\n\nI am not happy.')).toEqual({ verdict: 'request_changes', reasons: [NO_REASON] });
    expect(parseVerdict('{"verdict": "request_changes"}')).toEqual({ verdict: 'request_changes', reasons: [NO_REASON] });
  });

  it('a message without a verdict, or whose last verdict is unknown, is a problem saying what was expected', () => {
    expect(parseVerdict('Looks fine to me.')).toEqual({ problem: expect.stringContaining('expected a line "VERDICT: approve"') as unknown });
    expect(parseVerdict('VERDICT: approve\nVERDICT: maybe later')).toEqual({
      problem: 'the verdict says "maybe later"; expected "approve" or "request_changes"',
    });
    expect(parseVerdict('{"verdict": 3}')).toEqual({ problem: 'the verdict says 3; expected "approve" or "request_changes"' });
  });

  it('the instructions reviewers get hold both verdicts in the form the reader takes', () => {
    expect(VERDICT_INSTRUCTIONS).toContain('VERDICT: approve');
    expect(VERDICT_INSTRUCTIONS).toContain('VERDICT: request_changes\n- ');
    expect(parseVerdict(`${VERDICT_INSTRUCTIONS}\n\nVERDICT: approve`)).toEqual({ verdict: 'approve', reasons: [] });
  });
});
