/**
 * The live view on a terminal: a block redrawn in place — overall progress bar, counts of done / running /
 * waiting / failed, and a line per running attempt with its agent, phase and elapsed time. Events worth keeping
 * (failures, gates, approvals, the end) are printed above the block as permanent lines.
 */
import type { Colors } from 'picocolors/types.js';
import type { StoredEvent } from '../engine/events.js';
import type { EngineState } from '../engine/state.js';
import type { Io } from '../cli/io.js';
import { paint } from '../cli/io.js';
import { elapsed, eventLine, spendText } from './run-lines.js';

const KEEP = new Set([
  'action.failed',
  'action.cancelled',
  'gate.finished',
  'phase.waiting',
  'phase.approved',
  'loop.repeat',
  'run.interrupted',
  'run.finished',
  'retry.scheduled',
  // Integration: what a person should see while it happens (a conflict, a block, files two attempts touch).
  'conflict.rerun',
  'merge.retried',
  'action.blocked',
  'action.resolved',
  'action.reopened',
  'files.overlap',
  'files.outside_lease',
  'attempt.waiting',
  'budget.exceeded',
]);
const MAX_RUNNING_LINES = 12;

export class LiveView {
  private drawn = 0;
  private readonly started = Date.now();
  private readonly running = new Map<string, number>();
  private readonly ticker: NodeJS.Timeout;
  private pending: NodeJS.Timeout | undefined;
  private readonly c: Colors;

  constructor(
    private readonly io: Io,
    private readonly state: EngineState,
    private readonly run: string,
  ) {
    this.c = paint(io);
    this.ticker = setInterval(() => this.draw(), 1000);
    this.ticker.unref();
  }

  update(stored: StoredEvent): void {
    const { event } = stored;
    if (event.type === 'attempt.started') this.running.set(event.action, stored.at);
    if (event.type === 'attempt.exited') this.running.delete(event.action);
    if (KEEP.has(event.type) || (event.type === 'attempt.exited' && event.outcome !== 'succeeded')) {
      const line = eventLine(stored, this.c, this.started);
      if (line) this.printAbove(line);
    }
    // Redraw at most ten times a second, however fast events come.
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      this.draw();
    }, 100);
  }

  close(): void {
    clearInterval(this.ticker);
    clearTimeout(this.pending);
    this.pending = undefined;
    this.draw();
  }

  private printAbove(line: string): void {
    this.erase();
    this.io.out(`${line}\n`);
    this.draw();
  }

  private draw(): void {
    this.erase();
    const block = this.block();
    this.io.out(`${block.join('\n')}\n`);
    this.drawn = block.length;
  }

  private erase(): void {
    if (this.drawn > 0) this.io.out(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private block(): string[] {
    const { c } = this;
    const counts = { done: 0, running: 0, merging: 0, blocked: 0, waiting: 0, failed: 0, total: 0 };
    this.state.nodes.forEach((node, index) => {
      if (this.state.domain.nodes[index]!.kind !== 'action' || node.status === 'idle') return;
      counts.total++;
      if (node.status === 'done') counts.done++;
      else if (node.status === 'running') counts.running++;
      else if (node.status === 'merging' || node.status === 'conflicted') counts.merging++;
      else if (node.status === 'blocked') counts.blocked++;
      else if (node.status === 'failed' || node.status === 'cancelled') counts.failed++;
      else counts.waiting++;
    });
    const width = 30;
    const filled = counts.total === 0 ? width : Math.round((counts.done / counts.total) * width);
    const bar = `${c.green('█'.repeat(filled))}${c.dim('░'.repeat(width - filled))}`;
    // Merging and blocked appear only in runs that have them (git, conflicts), so plain runs keep a short line.
    const extra = [counts.merging > 0 ? `${counts.merging} merging` : '', counts.blocked > 0 ? c.red(`${counts.blocked} blocked`) : ''].filter(Boolean);
    const head = [`${bar} ${counts.done}/${counts.total} done`, `${counts.running} running`, ...extra, `${counts.waiting} waiting`, `${counts.failed} failed`, ...this.spent(), elapsed(Date.now() - this.started), this.run].join(' · ');
    const now = Date.now();
    const lines = [...this.running.entries()].slice(0, MAX_RUNNING_LINES).map(([id, since]) => {
      const action = this.state.plan.actions.find((a) => a.id === id);
      return `  ${c.cyan('▶')} ${id.padEnd(24)} ${c.dim(`${action?.agent ?? ''} · ${action?.phase ?? ''}`)} ${elapsed(now - since)}`;
    });
    if (this.running.size > MAX_RUNNING_LINES) lines.push(c.dim(`  … and ${this.running.size - MAX_RUNNING_LINES} more`));
    return [head, ...lines];
  }

  /** What AI agents spent so far, once they spent anything. */
  private spent(): string[] {
    const { tokens, costUsd } = this.state.budget.runSpend;
    if (tokens === 0 && costUsd === 0) return [];
    return [spendText(tokens, costUsd > 0 ? costUsd : undefined)];
  }
}
