import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnknownRunError } from './errors.js';
import type { Lock, LockHeld } from './lock.js';
import { openStore } from './open.js';
import { identify } from '../process/process-identity.js';
import { openDatabase } from './sqlite.js';
import type { Store } from './store.js';

const tsx = import.meta.resolve('tsx');
const openModule = new URL('./open.ts', import.meta.url).href;

let dir: string;
let file: string;
let store: Store;
const children: ChildProcess[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baton-lock-'));
  file = join(dir, 'baton.db');
  store = openStore(file);
  store.createRun('r1', 'plan.yaml', 1);
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A real baton-like process: it opens the store, takes the lock on r1, says so, and stays alive. */
async function startHolder(): Promise<ChildProcess> {
  const code = `
    import { openStore } from ${JSON.stringify(openModule)};
    const lock = openStore(process.env.DB).acquireLock('r1');
    console.log('heldBy' in lock ? 'refused' : 'locked');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', tsx, '--input-type=module', '-e', code], {
    env: { ...process.env, DB: file },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  expect(line).toBe('locked');
  return child;
}

function isLock(result: Lock | LockHeld): result is Lock {
  return !('heldBy' in result);
}

describe('the run lock', () => {
  it('is taken, refused to a second taker while held, and free again once released', () => {
    const lock = store.acquireLock('r1');
    expect(isLock(lock) && lock.pid).toBe(process.pid);
    expect(store.acquireLock('r1')).toMatchObject({ heldBy: process.pid });
    if (isLock(lock)) lock.release();
    const again = store.acquireLock('r1');
    expect(isLock(again)).toBe(true);
    if (isLock(again)) again.release();
  });

  it('is refused while another live process holds it', async () => {
    const holder = await startHolder();
    expect(store.acquireLock('r1')).toMatchObject({ heldBy: holder.pid });
  });

  it('is taken over from a holder that was killed with SIGKILL', async () => {
    const holder = await startHolder();
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const lock = store.acquireLock('r1');
    expect(isLock(lock)).toBe(true);
    expect(lock).toMatchObject({ run: 'r1', pid: process.pid });
  });

  it('is taken over when the holder pid now belongs to another process', () => {
    store.acquireLock('r1');
    // Same pid, another start time: the pid was reused after the holder died.
    const db = openDatabase(file);
    db.exec(`UPDATE locks SET start_time = '1' WHERE run = 'r1'`);
    db.close();
    expect(isLock(store.acquireLock('r1'))).toBe(process.platform === 'linux');
  });

  it('is never taken from a process on another host, which cannot be checked', () => {
    store.acquireLock('r1');
    const db = openDatabase(file);
    db.exec(`UPDATE locks SET host = 'elsewhere', pid = 999999 WHERE run = 'r1'`);
    db.close();
    expect(store.acquireLock('r1')).toMatchObject({ heldBy: 999999, host: 'elsewhere' });
  });

  it('is released only by its holder: a stale release after a takeover changes nothing', () => {
    const first = store.acquireLock('r1');
    // Another live process (our parent) took it over meanwhile.
    const other = identify(process.ppid);
    const db = openDatabase(file);
    db.prepare(`UPDATE locks SET pid = ?, start_time = ? WHERE run = 'r1'`).run(other.pid, other.startTime);
    db.close();
    if (isLock(first)) first.release();
    expect(store.acquireLock('r1')).toMatchObject({ heldBy: process.ppid });
  });

  it('is refused for a run that does not exist', () => {
    expect(() => store.acquireLock('nope')).toThrow(UnknownRunError);
  });
});
