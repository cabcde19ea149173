import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_VERSION, type EngineEvent, type RunOptions } from '../engine/events.js';
import { StoreVersionError, UnknownRunError } from './errors.js';
import { openStore } from './open.js';
import { openDatabase } from './sqlite.js';
import type { Store } from './store.js';

const dirs: string[] = [];
const stores: Store[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  dirs.push(dir);
  return join(dir, '.baton', 'baton.db');
}

function open(file = tempFile()): Store {
  const store = openStore(file);
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const options: RunOptions = { concurrency: 4, failFast: false, yes: false, goal: ['shipped'], workers: null, retryBackoffMs: 1000 };
const created: EngineEvent = { type: 'run.created', file: 'plan.yaml', planText: 'name: x', options };
const sensed: EngineEvent = { type: 'run.sensed', facts: ['repo_ready'] };
const planned: EngineEvent = { type: 'run.planned', actions: ['a', 'b'], nodes: [], skipped: [], excluded: [] };
const started: EngineEvent = { type: 'attempt.started', action: 'a', attempt: 1, iteration: 0 };

describe('appending events and reading them back', () => {
  it('returns the events as stored, numbered 1, 2, 3 … without gaps across appends', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    const first = store.append('r1', [created, sensed], 1001);
    const second = store.append('r1', [planned], 1002);
    const third = store.append('r1', [started], 1003);
    expect([...first, ...second, ...third].map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(first[1]).toEqual({ run: 'r1', seq: 2, at: 1001, event: sensed });
    expect(store.events('r1')).toEqual([...first, ...second, ...third]);
  });

  it('reads only the events after a given seq, in order', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created, sensed, planned, started], 1001);
    expect(store.events('r1', 2).map((e) => [e.seq, e.event.type])).toEqual([
      [3, 'run.planned'],
      [4, 'attempt.started'],
    ]);
    expect(store.events('r1', 4)).toEqual([]);
  });

  it('numbers each run on its own', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    store.createRun('r2', 'plan.yaml', 1000);
    store.append('r1', [created, sensed], 1001);
    expect(store.append('r2', [created], 1002).map((e) => e.seq)).toEqual([1]);
  });

  it('stores every event with the event schema version', () => {
    const file = tempFile();
    const store = open(file);
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created, sensed], 1001);
    const db = openDatabase(file);
    expect(db.prepare('SELECT DISTINCT schema_version AS v FROM events').all().map((r) => r['v'])).toEqual([
      EVENT_SCHEMA_VERSION,
    ]);
    db.close();
  });

  it('keeps everything after the store is closed and opened again', () => {
    const file = tempFile();
    const store = openStore(file);
    store.createRun('r1', 'plan.yaml', 1000);
    const stored = store.append('r1', [created, sensed, planned], 1001);
    store.close();
    const again = open(file);
    expect(again.events('r1')).toEqual(stored);
    expect(again.run('r1')?.status).toBe('running');
    expect(again.actions('r1').map((a) => a.id)).toEqual(['a', 'b']);
    expect(again.append('r1', [started], 1002)[0]?.seq).toBe(4);
  });

  it('refuses events for a run it does not know', () => {
    expect(() => open().append('nope', [created], 1)).toThrow(UnknownRunError);
  });

  it('stores nothing for an empty batch', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    expect(store.append('r1', [], 1001)).toEqual([]);
    expect(store.run('r1')?.updatedAt).toBe(1000);
  });
});

describe('one transaction per append', () => {
  it('writes nothing, neither events nor read models, when the projection fails halfway', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created, sensed], 1001);
    const failing = (id: string) => {
      if (id === 'b') throw new Error('lookup failed');
      return { phase: 'main', agent: 'dev' };
    };
    // `a` is projected (its row written) and `started` never reached before `b` throws.
    expect(() => store.append('r1', [planned, started], 1002, { describeAction: failing })).toThrow('lookup failed');
    expect(store.events('r1').map((e) => e.seq)).toEqual([1, 2]);
    expect(store.actions('r1')).toEqual([]);
    expect(store.attempts('r1')).toEqual([]);
    expect(store.run('r1')?.updatedAt).toBe(1001);
  });

  it('numbers on without a gap after a failed append', () => {
    const store = open();
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created], 1001);
    const boom = () => {
      throw new Error('boom');
    };
    expect(() => store.append('r1', [sensed, planned], 1002, { describeAction: boom })).toThrow('boom');
    expect(store.append('r1', [sensed], 1003).map((e) => e.seq)).toEqual([2]);
  });
});

describe('the database guards the log itself', () => {
  function rawInsert(file: string, seq: number): void {
    const db = openDatabase(file);
    try {
      db.prepare(`INSERT INTO events VALUES ('r1', ?, 1, 'run.sensed', 1, '{}')`).run(seq);
    } finally {
      db.close();
    }
  }

  it('refuses a seq that would leave a gap or repeat one', () => {
    const file = tempFile();
    const store = open(file);
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created], 1001);
    expect(() => rawInsert(file, 3)).toThrow(/seq must be one more/);
    expect(() => rawInsert(file, 1)).toThrow(/seq must be one more/);
  });

  it('refuses to edit a stored event', () => {
    const file = tempFile();
    const store = open(file);
    store.createRun('r1', 'plan.yaml', 1000);
    store.append('r1', [created], 1001);
    const db = openDatabase(file);
    expect(() => db.exec(`UPDATE events SET at = 0`)).toThrow(/append-only/);
    db.close();
  });

  it('refuses to replay an event written by a newer baton', () => {
    const file = tempFile();
    const store = open(file);
    store.createRun('r1', 'plan.yaml', 1000);
    const db = openDatabase(file);
    db.prepare(`INSERT INTO events VALUES ('r1', 1, 1, 'run.sensed', ?, '{"type":"run.sensed","facts":[]}')`).run(
      EVENT_SCHEMA_VERSION + 1,
    );
    db.close();
    expect(() => store.events('r1')).toThrow(StoreVersionError);
  });
});
