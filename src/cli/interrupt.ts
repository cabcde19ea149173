/**
 * Ctrl-C and SIGTERM for commands that start processes. Those processes run in process groups of their own
 * (so a time-out can stop a whole tree), which also means the terminal's Ctrl-C does not reach them: the
 * command must pass the interruption on. This turns the signals into an AbortSignal for the duration of `work`.
 */
import { BatonError } from '../errors.js';

export class InterruptedError extends BatonError {
  override name = 'InterruptedError';
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/** Runs `work` with a signal that aborts on SIGINT or SIGTERM; then throws {@link InterruptedError}. */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    received = signal;
    controller.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await work(controller.signal);
    if (received) throw new InterruptedError(received);
    return result;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
