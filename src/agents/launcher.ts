/**
 * Launchers: one long-lived `sh` per concurrent slot that starts attempts on request, because asking Node to
 * spawn a process costs about 1.5 ms of the event loop per attempt and a shell already running forks in a
 * fraction of that (see BENCHMARKS.md, "Dispatch").
 *
 * Each launcher is spawned detached, so it leads a process group of its own; the attempt it runs (and all that
 * the attempt starts) lives in that group. Stopping an attempt — its time-box, Ctrl-C — kills the whole group,
 * launcher included, and the pool starts a fresh launcher for the next attempt. An attempt is an `export` line
 * (values single-quoted, never spliced) and the user's own `run:` text, which the launcher evaluates in a
 * subshell exactly as `sh -c` would run it. Output goes to the attempt's log file.
 *
 * Processes an attempt leaves running in the background after it exits stay in the launcher's group until the
 * run ends (or the slot is recycled), when the pool stops every group.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { waitForGroupGone } from '../process/leftovers.js';
import { signalGroup } from '../process/signal-group.js';
import type { JobLine } from './job-file.js';

/**
 * Reads one job per line — `<log file name>\t<export line>\t<command>` (the command takes the rest of the line,
 * tabs and all; logs go to `$BATON_LOGS`) — and runs it in a subshell in the foreground (a background job of a
 * non-interactive shell would ignore SIGINT and SIGQUIT, unlike `sh -c`); answers `s <pid>` with the launcher's
 * pid, which is the process group's id, when it starts and `x <pid> <status>` when it is done. Inside the job,
 * `$$` is that pid too. A file per attempt costs more than the fork; and as the shell reads a pipe one
 * byte per system call, the line is kept short: what is the same for every attempt is in the launcher's
 * environment instead.
 */
const LAUNCHER_SCRIPT = `while IFS='\t' read -r log vars cmd; do
  echo "s $$"
  ( eval "$vars"; eval "$cmd" ) </dev/null >"$BATON_LOGS/$log" 2>&1
  echo "x $$ $?"
done`;

export interface LaunchRequest {
  /** The job as one line each: `export …` of its variables, and the command (see job-file.ts). */
  readonly job: JobLine;
  /** Name of the file in the pool's log directory that the attempt's output goes to. */
  readonly logName: string;
  readonly timeoutMs?: number | undefined;
  /** Time between SIGTERM and SIGKILL. */
  readonly graceMs: number;
  readonly signal: AbortSignal;
  readonly onSpawn: (pid: number) => void;
}

export interface LaunchResult {
  /** The attempt's exit status; `null` when it was stopped (its group killed). */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly aborted: boolean;
  readonly durationMs: number;
}

export class LauncherPool {
  private readonly idle: Launcher[] = [];
  private readonly all = new Set<Launcher>();

  private readonly env: NodeJS.ProcessEnv;

  /**
   * @param env what every attempt shares (baton's environment, `BATON_RUN`); attempts add their own variables.
   * @param cwd where attempts run: the launchers start there.
   * @param logs the directory attempts' logs go to.
   */
  constructor(env: NodeJS.ProcessEnv, private readonly cwd: string, logs: string) {
    this.env = { ...env, BATON_LOGS: logs };
  }

  async run(request: LaunchRequest): Promise<LaunchResult> {
    let launcher = this.idle.pop();
    while (launcher && !launcher.alive) launcher = this.idle.pop();
    launcher ??= this.start();
    try {
      return await launcher.run(request);
    } finally {
      if (launcher.alive) this.idle.push(launcher);
      else this.all.delete(launcher);
    }
  }

  /** Stops every launcher and whatever is left in its group. */
  close(): void {
    for (const launcher of this.all) launcher.stop('SIGKILL');
    this.all.clear();
    this.idle.length = 0;
  }

  private start(): Launcher {
    const launcher = new Launcher(this.env, this.cwd);
    this.all.add(launcher);
    return launcher;
  }
}

interface Current {
  readonly request: LaunchRequest;
  readonly started: number;
  readonly resolve: (result: LaunchResult) => void;
  timedOut: boolean;
  aborted: boolean;
  /** Timers to clear and listeners to remove when the attempt ends. */
  readonly cleanups: (() => void)[];
}

class Launcher {
  private readonly child: ChildProcess;
  private current: Current | undefined;
  alive = true;

  constructor(env: NodeJS.ProcessEnv, cwd: string) {
    this.child = spawn('sh', ['-c', LAUNCHER_SCRIPT], { env, cwd, detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line));
    this.child.on('exit', () => this.onExit());
    this.child.on('error', () => this.onExit());
    // An idle launcher does not keep baton alive; one that runs an attempt does (see run and settle).
    this.child.unref();
  }

  run(request: LaunchRequest): Promise<LaunchResult> {
    return new Promise((resolve) => {
      const current: Current = { request, started: performance.now(), resolve, timedOut: false, aborted: false, cleanups: [] };
      this.current = current;
      this.child.ref();
      if (request.timeoutMs !== undefined) {
        const timer = setTimeout(() => ((current.timedOut = true), this.terminate(current)), request.timeoutMs);
        current.cleanups.push(() => clearTimeout(timer));
      }
      const onAbort = () => ((current.aborted = true), this.terminate(current));
      if (request.signal.aborted) onAbort();
      else request.signal.addEventListener('abort', onAbort, { once: true });
      current.cleanups.push(() => request.signal.removeEventListener('abort', onAbort));
      this.child.stdin!.write(`${request.logName}\t${request.job.exports}\t${request.job.command}\n`);
    });
  }

  stop(signal: NodeJS.Signals): void {
    signalGroup(this.child.pid, signal);
  }

  private terminate(current: Current): void {
    this.stop('SIGTERM');
    // Not cleared when the launcher dies of the SIGTERM: what ignores it in the group still gets the SIGKILL.
    setTimeout(() => this.stop('SIGKILL'), current.request.graceMs).unref();
  }

  private onLine(line: string): void {
    const current = this.current;
    if (!current) return;
    const [kind, pid, status] = line.split(' ');
    if (kind === 's') current.request.onSpawn(Number(pid));
    else if (kind === 'x') this.settle({ exitCode: Number(status), signal: null });
  }

  private onExit(): void {
    this.alive = false;
    const current = this.current;
    if (!current) return;
    // If the launcher died on its own (killed from outside), its job must not outlive it.
    if (!current.timedOut && !current.aborted) this.stop('SIGKILL');
    // The group was stopped (or the launcher died). The attempt has ended only when nothing of it is left:
    // after the grace period the SIGKILL is on its way, so wait a little past it.
    void waitForGroupGone(this.child.pid!, current.request.graceMs + 1000).then(() => this.settle({ exitCode: null, signal: 'SIGTERM' }));
  }

  private settle(end: { exitCode: number | null; signal: string | null }): void {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.child.unref();
    for (const cleanup of current.cleanups) cleanup();
    current.resolve({ ...end, timedOut: current.timedOut, aborted: current.aborted, durationMs: performance.now() - current.started });
  }
}
