import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectionPragmas, openStore } from './open.js';
import { MIGRATIONS } from './schema.js';
import { openDatabase } from './sqlite.js';

describe('migrating a database written by an earlier baton', () => {
  it('keeps every action and attempt of version 1 and accepts the new action states', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'baton-schema-')), 'baton.db');
    const old = openDatabase(file);
    for (const pragma of connectionPragmas()) old.exec(pragma);
    old.exec(MIGRATIONS[0]!);
    old.exec('PRAGMA user_version = 1');
    old.exec(`INSERT INTO runs VALUES ('r', 1, 1, 'p.yaml', 'running', NULL, NULL)`);
    old.exec(`INSERT INTO actions VALUES ('r', 'a', 'main', 'shell', 'done', 1, 5)`);
    old.exec(`INSERT INTO attempts VALUES ('r', 'a', 1, 'succeeded', 42, 'a.1.log', 1, 5, 0, NULL, 'succeeded')`);
    old.close();

    const store = openStore(file);
    expect(store.actions('r')).toEqual([expect.objectContaining({ id: 'a', state: 'done', attempts: 1 })]);
    expect(store.attempts('r')).toEqual([
      expect.objectContaining({ action: 'a', attempt: 1, pid: 42, outcome: 'succeeded', inputTokens: 0, outputTokens: 0, costUsd: null }),
    ]);
    store.close();

    const db = openDatabase(file);
    for (const pragma of connectionPragmas()) db.exec(pragma);
    db.exec(`UPDATE actions SET state = 'blocked' WHERE id = 'a'`);
    db.exec(`UPDATE attempts SET outcome = 'over_budget', state = 'changes_requested', cost_usd = 0.5 WHERE action = 'a'`);
    // The foreign key still points at actions: deleting the action deletes its attempts.
    db.exec(`DELETE FROM actions WHERE id = 'a'`);
    expect(db.prepare('SELECT count(*) AS n FROM attempts').get()?.['n']).toBe(0);
    db.close();
  });
});
