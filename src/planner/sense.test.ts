import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPlanText } from '../plan/read.js';
import { initialFacts, senseFacts } from './sense.js';

function planWithSensors(sensors: string): ReturnType<typeof readPlanText>['plan'] & object {
  const result = readPlanText('p.yaml', `facts: { declared: true, overridden: true }\nsensors:\n${sensors}actions: [{ id: a, run: "true" }]\n`);
  expect(result.problems).toEqual([]);
  return result.plan!;
}

describe('sensing facts with real commands', () => {
  it('reads exit 0 as true and anything else as false, in the target directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baton-sense-'));
    writeFileSync(join(dir, 'present.txt'), 'x');
    const plan = planWithSensors('  present: test -f present.txt\n  absent: test -f absent.txt\n  overridden: exit 3\n');
    const readings = await senseFacts(plan, { cwd: dir });
    expect(readings.map((r) => [r.fact, r.holds, r.exitCode])).toEqual([
      ['present', true, 0],
      ['absent', false, 1],
      ['overridden', false, 3],
    ]);
    expect([...initialFacts(plan, readings)].sort()).toEqual(['declared', 'present']);
  });

  it('stops a sensor at its timeout and counts it as false', async () => {
    const plan = planWithSensors('  slow: { run: sleep 30, timeout: 1s }\n');
    const [reading] = await senseFacts(plan);
    expect(reading).toMatchObject({ fact: 'slow', holds: false, timedOut: true, note: 'timed out after 1s' });
  });
});
