/**
 * A loop phase as the plan states one: `mode: loop`, `until:` a fact and `max_iterations`. Documents give the
 * condition in words ("until the error rate is < 0.1%"), so the fact gets a sensor whose command the user
 * must fill in. Until they do it fails loudly: the loop runs all its rounds and then the phase fails (the
 * condition never held), rather than passing by mistake. A bound the document does not give is assumed, and
 * both are reported.
 */
import type { DraftPhase, ImportNote } from './draft.js';
import { placeholderCommand } from './commands.js';
import { slugId } from './ids.js';
import { DEFAULT_ROUNDS } from './loop-text.js';

/** What a loop phase adds to its phase in the plan, and the sensor its condition needs. */
export interface LoopPhase {
  readonly fields: { mode: 'loop'; until: string; max_iterations: number };
  readonly sensor: { readonly fact: string; readonly run: string };
  readonly comment: string;
}

/** The plan fields of a phase whose text says it loops; undefined when it does not. */
export function loopPhase(phase: DraftPhase, phaseId: string, warnings: ImportNote[]): LoopPhase | undefined {
  const loop = phase.loop;
  if (loop === undefined) return undefined;
  const until = loop.until ?? 'its checks pass';
  const fact = `holds:${slugId(loop.until ?? phaseId, phaseId)}`;
  const rounds = loop.max?.value ?? DEFAULT_ROUNDS;
  if (loop.max === undefined) warnings.push({ line: loop.line, message: `${phase.title} repeats until ${until} but states no bound; at most ${DEFAULT_ROUNDS} rounds assumed` });
  warnings.push({ line: loop.line, message: `${phase.title} repeats until "${until}": sensor "${fact}" needs a command that exits 0 when it holds; a placeholder that fails was written: fill it in` });
  return {
    fields: { mode: 'loop', until: fact, max_iterations: rounds },
    sensor: { fact, run: placeholderCommand(`check: ${until}`) },
    comment: `loops (line ${loop.line}) until "${until}", ${loop.max === undefined ? `${DEFAULT_ROUNDS} rounds assumed` : `"${loop.max.text}"`}`,
  };
}
