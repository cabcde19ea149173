/**
 * Before a run starts (and for `baton validate --check-agents`), each agent CLI the run needs is started once with
 * its version arguments. A missing or broken CLI is then a clear message before any work begins, not an attempt
 * that fails (and is retried, and replanned around) an hour into the run.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { signalGroup } from '../process/signal-group.js';

/**
 * What a probe found. `missing`: no such file, or not on PATH. `not-executable`: found but cannot be run (mode,
 * a directory). `failed`: it ran and exited non-zero or was killed, or could not start (a missing interpreter).
 * `timed-out`: it did not end in time and was killed with its process group.
 */
export type ProbeResult =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly problem: 'missing' | 'not-executable' | 'failed' | 'timed-out'; readonly detail: string };

export interface ProbeOptions {
  /** Where a relative `bin` is looked for, and where the CLI runs. */
  readonly cwd: string;
  /** The CLI's whole environment; its `PATH` is where a bare name is looked for, as `spawn` would. */
  readonly env: Record<string, string>;
  /** A version check that takes longer than this is killed. @default 10000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** Bytes kept of each of stdout and stderr; a version is one line. */
const OUTPUT_CAP = 16_384;
/** After the CLI exits, how long output of a process that left its group may hold the pipes open. */
const DRAIN_MS = 200;
/** Node's own fallback when the child's environment has no PATH (see the child_process docs). */
const DEFAULT_PATH = '/usr/bin:/bin';

/**
 * Starts `bin args` once, without a shell, in a process group of its own (killed whole on time-out), and reports
 * whether it exists and runs. `bin` is a path (relative to `cwd`) when it holds a `/`, else a name looked up in
 * `env.PATH`. The version is the first non-empty line the CLI printed (stdout, else stderr).
 */
export async function probeBinary(bin: string, args: readonly string[], options: ProbeOptions): Promise<ProbeResult> {
  const found = await locateBinary(bin, options);
  if ('problem' in found) return found;
  const ran = await run(found.path, args, options);
  return judge(found.path, ran);
}

export type Located = { readonly path: string } | Extract<ProbeResult, { ok: false }>;

/** Finds `bin` as `spawn` would (a path, or a name on `env.PATH`) without starting it. */
export async function locateBinary(bin: string, options: ProbeOptions): Promise<Located> {
  if (bin === '') return { ok: false, problem: 'missing', detail: 'no program given (empty bin)' };
  if (bin.includes('/')) {
    const path = isAbsolute(bin) ? bin : resolve(options.cwd, bin);
    const kind = await fileKind(path);
    if (kind === 'executable') return { path };
    if (kind === 'absent') return { ok: false, problem: 'missing', detail: `${path} does not exist` };
    return { ok: false, problem: 'not-executable', detail: kind === 'directory' ? `${path} is a directory` : `${path} is not executable (${await modeText(path)})` };
  }
  const dirs = (options.env.PATH ?? DEFAULT_PATH).split(delimiter);
  let blocked: string | undefined;
  for (const dir of dirs) {
    // An empty PATH entry means the current directory, as for execvp.
    const path = resolve(options.cwd, join(dir === '' ? '.' : dir, bin));
    const kind = await fileKind(path);
    if (kind === 'executable') return { path };
    if (kind === 'file') blocked ??= path;
  }
  if (blocked !== undefined) return { ok: false, problem: 'not-executable', detail: `${bin} was found on PATH at ${blocked}, which is not executable (${await modeText(blocked)})` };
  return { ok: false, problem: 'missing', detail: `${bin} was not found on PATH (searched ${dirs.map((d) => d || '.').join(delimiter)})` };
}

async function fileKind(path: string): Promise<'absent' | 'directory' | 'file' | 'executable'> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) return 'directory';
    await access(path, constants.X_OK);
    return 'executable';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EACCES' ? 'file' : 'absent';
  }
}

async function modeText(path: string): Promise<string> {
  try {
    return `mode ${((await stat(path)).mode & 0o777).toString(8)}`;
  } catch {
    return 'mode unknown';
  }
}

interface Ran {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly error: NodeJS.ErrnoException | undefined;
}

function run(path: string, args: readonly string[], options: ProbeOptions): Promise<Ran> {
  return new Promise((resolvePromise) => {
    const child = spawn(path, [...args], { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    const state = { timedOut: false, aborted: false, error: undefined as NodeJS.ErrnoException | undefined, exit: undefined as { code: number | null; signal: NodeJS.Signals | null } | undefined };
    const kill = () => signalGroup(child.pid, 'SIGKILL');
    const onAbort = () => ((state.aborted = true), kill());
    const timer = setTimeout(() => ((state.timedOut = true), kill()), options.timeoutMs ?? 10_000);
    let drain: NodeJS.Timeout | undefined;
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) onAbort();
    child.on('error', (error) => (state.error = error));
    child.on('exit', (code, signal) => {
      state.exit = { code, signal };
      kill(); // whatever it left running in its group
      drain = setTimeout(() => destroy(child), DRAIN_MS);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(drain);
      options.signal?.removeEventListener('abort', onAbort);
      const exit = state.exit ?? { code, signal };
      resolvePromise({ ...exit, stdout: stdout(), stderr: stderr(), timedOut: state.timedOut, aborted: state.aborted, error: state.error });
    });
  });
}

function destroy(child: ChildProcess): void {
  child.stdout?.destroy();
  child.stderr?.destroy();
}

/** Collects the first {@link OUTPUT_CAP} bytes of a stream; the rest is read and dropped so the CLI never blocks. */
function capture(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= OUTPUT_CAP) return;
    chunks.push(chunk.subarray(0, OUTPUT_CAP - size));
    size += Math.min(chunk.length, OUTPUT_CAP - size);
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

function judge(path: string, ran: Ran): ProbeResult {
  if (ran.error?.code === 'EACCES') return { ok: false, problem: 'not-executable', detail: `${path} cannot be executed: ${ran.error.message}` };
  if (ran.error) {
    const hint = ran.error.code === 'ENOENT' ? ' (the file exists, so its interpreter, the #! line, may be missing)' : '';
    return { ok: false, problem: 'failed', detail: `${path} could not be started: ${ran.error.message}${hint}` };
  }
  const said = firstLine(ran.stderr) ?? firstLine(ran.stdout);
  if (ran.timedOut) return { ok: false, problem: 'timed-out', detail: `${path} did not exit in time and was killed${said ? `; it said: ${said}` : ''}` };
  if (ran.aborted) return { ok: false, problem: 'failed', detail: `${path}: the check was aborted` };
  if (ran.code === 0) return { ok: true, version: firstLine(ran.stdout) ?? firstLine(ran.stderr) ?? '' };
  const how = ran.code === null ? `was killed by ${ran.signal ?? 'a signal'}` : `exited with code ${ran.code}`;
  return { ok: false, problem: 'failed', detail: `${path} ${how}${said ? `: ${said}` : ''}` };
}

/** The first non-empty line, trimmed and cut to 300 characters; `undefined` when there is none. */
function firstLine(text: string): string | undefined {
  const line = text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line === undefined ? undefined : line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
