/**
 * Where an attempt works, made ready before it starts: the target directory (`none`), a fresh worktree on a new
 * branch from the integration tip (`worktree`), or its agent's track brought up to that tip (`track`). Before a
 * worktree is made, free disk space is checked; below `--min-free` the attempt waits and the user is told why.
 * The attempt's variables are filled in here: `{{workspace}}`, `{{run}}`, `{{action}}`, `{{agent}}`, `{{port}}`
 * (a free port leased to the attempt), `BATON_WORKSPACE`, and after a conflict what it was about.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AttemptRequest } from '../engine/drivers.js';
import type { EngineEvent, RunWorkspace } from '../engine/events.js';
import type { Plan } from '../plan/model.js';
import { checkFreeSpace, formatBytes } from './disk.js';
import type { MinFree } from './disk.js';
import { ensureExcluded, git, revParse } from './git.js';
import { HANDOFF_FILE } from '../agents/handoff-files.js';
import { actionWorkspace, branchOf, trackWorkspace, worktreeDir } from './names.js';
import { expandPlaceholders } from './placeholders.js';
import { PortLeases } from './ports.js';
import { resetTrack } from './track-reset.js';
import { createWorktree } from './worktree.js';

/** How often a waiting attempt looks at the free space again. */
const DISK_POLL_MS = 2000;

export interface PlaceOptions {
  readonly run: string;
  readonly plan: Plan;
  readonly cwd: string;
  readonly workspace: RunWorkspace | undefined;
  readonly minFree: MinFree;
}

export interface PreparedPlace {
  /** The workspace's top: the worktree, or the target directory. */
  readonly dir: string;
  /** Where commands run: the same place of the worktree as the target directory is of the repository. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The commit the attempt's work starts from; `undefined` when it runs in the target directory. */
  readonly base: string | undefined;
  /** A workspace made for it now, where `setup` runs. */
  readonly fresh: boolean;
  readonly port: number | undefined;
  /** The workspace's name (names.ts); `undefined` in the target directory. */
  readonly name: string | undefined;
}

export class PlacePreparer {
  private readonly ports = new PortLeases();
  private report: (event: EngineEvent) => void = () => undefined;
  private integrationReady: Promise<void> | undefined;

  constructor(private readonly options: PlaceOptions) {}

  attach(report: (event: EngineEvent) => void): void {
    this.report = report;
  }

  async prepare(request: AttemptRequest): Promise<PreparedPlace> {
    const { workspace } = this.options;
    if (!workspace || request.mode === 'none') return this.place(request, this.options.cwd, this.options.cwd, undefined, false, undefined);
    await this.ensureIntegration(workspace);
    await this.waitForDisk(request, workspace);
    const tip = await revParse(workspace.root, workspace.integration);
    if (tip === undefined) throw new Error(`the integration branch ${workspace.integration} is missing`);
    // A revision after a review continues the reviewed work; everything else starts from the tip.
    const start = (request.revise === undefined ? undefined : await revParse(workspace.root, `${request.revise}^{commit}`)) ?? tip;
    const name = request.mode === 'track' ? trackWorkspace(request.action.agent) : actionWorkspace(request.action.id, request.attempt);
    const dir = worktreeDir(workspace.root, this.options.run, name);
    let fresh = !existsSync(dir);
    if (!fresh && request.mode === 'track') {
      const reset = await resetTrack(this.options.run, dir, name, start, { action: request.action.id, attempt: request.attempt });
      if (reset === undefined) {
        // Its creation was cut off before it had a HEAD: nothing can be in it; it is made again.
        await git(workspace.root, ['worktree', 'remove', '--force', '--force', dir]);
        fresh = true;
      }
    }
    if (fresh) await createWorktree(workspace.root, { dir, branch: branchOf(this.options.run, name), from: start });
    return this.place(request, dir, join(dir, workspace.prefix), start, fresh || request.mode === 'worktree', name);
  }

  release(place: PreparedPlace): void {
    if (place.port !== undefined) this.ports.release(place.port);
  }

  private async place(request: AttemptRequest, dir: string, cwd: string, base: string | undefined, fresh: boolean, name?: string): Promise<PreparedPlace> {
    const { action } = request;
    const raw = { ...this.options.plan.agents[action.agent]?.env, ...action.env };
    const port = Object.values(raw).some((value) => /\{\{\s*port\s*\}\}/.test(value)) ? await this.ports.lease() : undefined;
    const values = { workspace: dir, run: this.options.run, action: action.id, agent: action.agent, port: port === undefined ? '' : String(port) };
    const env: Record<string, string> = { BATON_WORKSPACE: dir };
    for (const [name, value] of Object.entries(raw)) env[name] = expandPlaceholders(value, values);
    if (port !== undefined) env.BATON_PORT = String(port);
    if (request.conflict) {
      env.BATON_CONFLICT_FILES = request.conflict.files.join('\n');
      env.BATON_CONFLICT_WITH = request.conflict.ours.join(',');
    }
    return { dir, cwd, env, base, fresh, port, name };
  }

  /**
   * The integration branch exists from the run's start commit, and `.baton/` and the handoff file an agent writes
   * in its worktree are out of git's sight.
   */
  private ensureIntegration(workspace: RunWorkspace): Promise<void> {
    this.integrationReady ??= (async () => {
      await ensureExcluded(workspace.root);
      await ensureExcluded(workspace.root, HANDOFF_FILE);
      if ((await revParse(workspace.root, workspace.integration)) !== undefined) return;
      await git(workspace.root, ['branch', workspace.integration, workspace.baseCommit]);
    })();
    return this.integrationReady;
  }

  private async waitForDisk(request: AttemptRequest, workspace: RunWorkspace): Promise<void> {
    const where = join(workspace.root, '.baton', 'worktrees');
    let told = false;
    for (;;) {
      const space = await checkFreeSpace(where, this.options.minFree);
      if (space.ok || request.signal.aborted) return;
      if (!told) {
        told = true;
        const reason =
          `only ${formatBytes(space.free)} free on the disk of ${where} (--min-free needs ${formatBytes(space.needed)}): ` +
          'waiting; free some space (`baton gc` removes finished worktrees) or lower --min-free';
        this.report({ type: 'attempt.waiting', action: request.action.id, attempt: request.attempt, reason });
      }
      await sleep(DISK_POLL_MS, undefined, { signal: request.signal }).catch(() => undefined);
    }
  }
}
