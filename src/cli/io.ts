/** Where commands write. Injected so tests can run commands in-process and read what they printed. */
import pc from 'picocolors';

export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour is used only on a terminal and never when NO_COLOR is set. */
  readonly color: boolean;
}

/** The process's own stdout and stderr. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: pc.isColorSupported && process.stdout.isTTY === true,
  };
}

/** Colour helpers that become plain text when colour is off. */
export function paint(io: Io) {
  return pc.createColors(io.color);
}
