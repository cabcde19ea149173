import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineEvent, RunOptions } from '../engine/events.js';
import { openStore } from './open.js';
import { openDatabase } from './sqlite.js';
import type { Store } from './store.js';

const tsx = import.meta.resolve('tsx');
const openModule = new URL('./open.ts', import.meta.url).href;

let dir: string;
let file: string;
let store: Store;
const children: ChildProcess[] = [];

const options: RunOptions = { concurrency: 1, failFast: false, yes: true, goal: [], workers: null, retryBackoffMs: 0 };
const created: EngineEvent = { type: 'run.created', file: 'plan.yaml', planText: '', options };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-procs-'));
  file = join(dir, '.baton', 'baton.db');
  store = openStore(file);
  store.createRun('r1', 'plan.yaml', 1);
  store.append('r1', [created], 2);
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `code` (an ES module that may import the store as `openStore`) in a new Node process, from source. */
function startNode(code: string): { child: ChildProcess; lines: Interface } {
  const source = `import { openStore } from ${JSON.stringify(openModule)};\n${code}`;
  const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', source], {
    env: { ...process.env, DB: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return { child, lines: createInterface({ input: child.stdout }) };
}

async function nextLine(lines: Interface): Promise<string> {
  const [line] = (await once(lines, 'line')) as [string];
  return line;
}

describe('several processes on one database', () => {
  it('a second process appends while the first has it open, waiting out a write in progress', async () => {
    const blocker = openDatabase(file);
    blocker.exec('BEGIN IMMEDIATE'); // another writer is mid-transaction
    const { child, lines } = startNode(`
      const store = openStore(process.env.DB);
      console.log('ready');
      const t0 = Date.now();
      const [stored] = store.append('r1', [{ type: 'phase.approved', phase: 'ship', by: 'ana' }], 3);
      console.log(stored.seq, Date.now() - t0);
      store.close();`);
    expect(await nextLine(lines)).toBe('ready');
    await new Promise((resolve) => setTimeout(resolve, 300));
    blocker.exec('COMMIT');
    blocker.close();
    const [seq, waitedMs] = (await nextLine(lines)).split(' ').map(Number);
    await once(child, 'exit');
    expect(seq).toBe(2);
    expect(waitedMs).toBeGreaterThanOrEqual(200);
    expect(store.events('r1', 1).map((e) => e.event)).toEqual([{ type: 'phase.approved', phase: 'ship', by: 'ana' }]);
    expect(store.append('r1', [{ type: 'run.sensed', facts: [] }], 4)[0]?.seq).toBe(3);
  });

  it('a write that waits longer than busy_timeout fails instead of hanging', () => {
    const blocker = openDatabase(file);
    blocker.exec('BEGIN IMMEDIATE');
    const impatient = openStore(file, { busyTimeoutMs: 50 });
    try {
      expect(() => impatient.append('r1', [{ type: 'run.sensed', facts: [] }], 3)).toThrow(/locked|busy/i);
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
      impatient.close();
    }
    expect(store.events('r1')).toHaveLength(1);
  });

  it('a process killed with SIGKILL mid-run loses no committed event and leaves the database whole', async () => {
    const { child, lines } = startNode(`
      const store = openStore(process.env.DB);
      const ids = Array.from({ length: 20 }, (_, i) => 'a' + i);
      store.append('r1', [{ type: 'run.planned', actions: ids, nodes: [], skipped: [], excluded: [] }], 3);
      for (let attempt = 1; attempt < 100000; attempt++) {
        const action = ids[attempt % ids.length];
        const stored = store.append('r1', [
          { type: 'attempt.started', action, attempt, iteration: 0 },
          { type: 'attempt.spawned', action, attempt, pid: 1, log: 'x.log' },
          { type: 'attempt.exited', action, attempt, outcome: 'failed', exitCode: 1, signal: null, durationMs: 1, verify: [] },
        ], attempt);
        console.log(stored[2].seq);
      }`);
    let acknowledged = 0;
    for await (const line of lines) {
      acknowledged = Number(line);
      if (acknowledged >= 600) break;
    }
    child.kill('SIGKILL');
    await once(child, 'exit');

    const db = openDatabase(file);
    expect(db.prepare('PRAGMA integrity_check').get()?.['integrity_check']).toBe('ok');
    db.close();
    const seqs = store.events('r1').map((e) => e.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(acknowledged);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    // Every append is whole: each stored attempt.started has its attempt row, each exit its outcome.
    const started = store.events('r1').filter((e) => e.event.type === 'attempt.started').length;
    const attempts = store.attempts('r1');
    expect(attempts).toHaveLength(started);
    expect(attempts.every((a) => a.state === 'failed' && a.pid === 1)).toBe(true);
  });
});
