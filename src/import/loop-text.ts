/**
 * Loops as documents state them for one workstream: "**Mode**: loop – repeat until tests pass", "max 3
 * iterations", "at most 5 rounds", "bis die Tests grün sind, höchstens 3 Runden". A plan loops whole phases
 * (`mode: loop` with a sensor), but one workstream repeated until its checks pass is an action retried until
 * its `verify` holds: the bound becomes its attempts, the condition its prompt and its verify candidates.
 */

/** Rounds assumed for a loop whose document gives no bound (reported where it is assumed). */
export const DEFAULT_ROUNDS = 3;

/** A loop read from text. */
export interface LoopText {
  /** The condition as written: "tests pass". */
  readonly until?: string;
  /** The most rounds the text allows. */
  readonly max?: number;
  /** The words the bound was read from: "max 3 iterations". */
  readonly maxText?: string;
}

const LOOP_WORD = /\b(?:loop(?:s|ed|ing)?|repeat(?:ed|s)?|iterat(?:e|es|ive|ively|ion|ions)|until|wiederhol\w*|schleife|bis\s+(?:die|der|das|alle)|boucle|répéter|jusqu'à|bucle|repetir|hasta\s+que)\b/iu;
const UNTIL = /\b(?:until|till|bis(?:\s+dass)?|jusqu'à(?:\s+ce\s+que)?|hasta\s+que)\s+(?<until>[^;()]+?)\s*(?:[.;,](?=\s|$)|[()]|\s[-–—]\s|$)/iu;
const ROUNDS = String.raw`(?:iterations?|rounds?|attempts?|tries|times|loops?|cycles?|passes|runden|durchläufe|versuche|iterationen|itérations?|tours?|essais|iteraciones|rondas|intentos|veces)`;
const MAX = new RegExp(
  String.raw`\b(?:max(?:imum)?\.?(?:\s+of)?|at\s+most|up\s+to|no\s+more\s+than|höchstens|maximal|max\.|au\s+plus|jusqu'à|como\s+máximo|hasta)\s+(?<n>\d+)\s+${ROUNDS}\b|\b(?<m>\d+)\s+${ROUNDS}\s+(?:max(?:imum)?|at\s+most|höchstens)\b`,
  'iu',
);

/** Whether the text speaks of repeating work. */
export function saysLoop(text: string): boolean {
  return LOOP_WORD.test(text);
}

/** A step or line that makes its work a loop: "Repeat until the suite is green" (not "Wait until the deploy ends"). */
export function declaresLoop(text: string): boolean {
  // A verb of repeating, not "the first iteration of the roadmap … until March".
  return /\b(?:repeat(?:s|ed|ing)?|loop(?:s|ed|ing)?|iterate[sd]?|wiederhol\w*|répét\w*|repet\w*)\b/iu.test(text) && readLoop(text).until !== undefined;
}

/** The condition and bound a text gives a loop; either may be missing. */
export function readLoop(text: string): LoopText {
  const until = UNTIL.exec(text)?.groups?.until?.trim();
  const max = MAX.exec(text);
  const n = max?.groups?.n ?? max?.groups?.m;
  return {
    ...(until === undefined || until === '' ? {} : { until }),
    ...(n === undefined || max === null ? {} : { max: Number(n), maxText: max[0] }),
  };
}
