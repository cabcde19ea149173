import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunExistsError, StoreMissingError, StoreUnavailableError, StoreVersionError } from './errors.js';
import { openStore } from './open.js';
import { SCHEMA_VERSION } from './schema.js';
import { openDatabase, type SqlDatabase } from './sqlite.js';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-open-'));
  file = join(dir, '.baton', 'baton.db');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function withRaw<T>(body: (db: SqlDatabase) => T): T {
  const db = openDatabase(file);
  try {
    return body(db);
  } finally {
    db.close();
  }
}

describe('opening the run database', () => {
  it('creates .baton/ and a WAL database at the current schema version', () => {
    openStore(file).close();
    expect(existsSync(file)).toBe(true);
    withRaw((db) => {
      expect(db.prepare('PRAGMA journal_mode').get()?.['journal_mode']).toBe('wal');
      expect(db.prepare('PRAGMA user_version').get()?.['user_version']).toBe(SCHEMA_VERSION);
    });
  });

  it('migrates a database once, however many times it is opened', () => {
    openStore(file).close();
    const again = openStore(file);
    again.createRun('r1', 'plan.yaml', 1);
    again.close();
    expect(openStore(file, { readonly: true }).runs()).toHaveLength(1);
  });

  it('refuses a database written by a newer baton', () => {
    openStore(file).close();
    withRaw((db) => db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`));
    expect(() => openStore(file)).toThrow(StoreVersionError);
  });

  it('says so when the file is not a database', () => {
    rmSync(join(dir, '.baton'), { recursive: true, force: true });
    writeFileSync(join(dir, 'junk.db'), 'this is not sqlite, it is a text file that is long enough to be read');
    expect(() => openStore(join(dir, 'junk.db'))).toThrow(StoreUnavailableError);
  });

  it('rejects a negative busy timeout, naming the option', () => {
    expect(() => openStore(file, { busyTimeoutMs: -1 })).toThrow(/busyTimeoutMs: expected a whole number/);
  });
});

describe('opening read-only', () => {
  it('does not create a database that does not exist', () => {
    expect(() => openStore(file, { readonly: true })).toThrow(StoreMissingError);
    expect(existsSync(join(dir, '.baton'))).toBe(false);
  });

  it('reads what writers stored but refuses to write', () => {
    const writer = openStore(file);
    writer.createRun('r1', 'plan.yaml', 1);
    const reader = openStore(file, { readonly: true });
    expect(reader.readonly).toBe(true);
    expect(reader.run('r1')?.status).toBe('created');
    expect(() => reader.createRun('r2', 'plan.yaml', 2)).toThrow(/readonly/);
    reader.close();
    writer.close();
  });
});

describe('runs', () => {
  it('are listed newest first, and the latest is the newest', () => {
    const store = openStore(file);
    expect(store.latestRun()).toBeUndefined();
    store.createRun('20260101-000000-aaaa', 'one.yaml', 1000);
    store.createRun('20260101-000002-cccc', 'three.yaml', 3000);
    store.createRun('20260101-000001-bbbb', 'two.yaml', 2000);
    expect(store.runs().map((r) => r.file)).toEqual(['three.yaml', 'two.yaml', 'one.yaml']);
    expect(store.latestRun()).toMatchObject({ id: '20260101-000002-cccc', status: 'created', goal: null, reason: null });
    expect(store.run('missing')).toBeUndefined();
    store.close();
  });

  it('cannot be created twice with the same id', () => {
    const store = openStore(file);
    store.createRun('r1', 'plan.yaml', 1);
    expect(() => store.createRun('r1', 'other.yaml', 2)).toThrow(RunExistsError);
    expect(store.run('r1')?.file).toBe('plan.yaml');
    store.close();
  });

  it('a store can be closed twice', () => {
    const store = openStore(file);
    store.close();
    expect(() => store.close()).not.toThrow();
  });
});
