/** Where commands write. Injected so tests can run commands in-process and read what they printed. */
import pc from 'picocolors';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour is used only on a terminal and never when NO_COLOR is set. */
  readonly color: boolean;
  /** A terminal a person watches: redraw a live view. Off in CI and when output is piped. */
  readonly live: boolean;
}

/** The process's own stdout and stderr. A reader that goes away (`baton status | head`) ends baton quietly. */
export function processIo(): Io {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(0);
      throw error;
    });
  }
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: pc.isColorSupported && process.stdout.isTTY === true,
    live: process.stdout.isTTY === true && !process.env.CI,
  };
}

/** Colour helpers that become plain text when colour is off. */
export function paint(io: Io) {
  return pc.createColors(io.color);
}
