/**
 * Repairs mojibake: UTF-8 text that was decoded once as Windows-1252 (or Latin-1) and saved again, so that `✅`
 * reads `âœ…`, `├─` reads `â”œâ”€` and `明天` reads `æ˜Žå¤©`. Plans written by AI planners and pasted through
 * a few tools arrive like this (two of the three sample documents do), and an importer that matched `→` or
 * `≤` in such text would silently miss them.
 *
 * Only characters that cp1252 can encode and that are not ASCII can be part of such a run, since every byte of
 * a multi-byte UTF-8 sequence is 0x80 or above. Each run is turned back into bytes and decoded sequence by
 * sequence: a well-formed UTF-8 sequence becomes its character, every other byte stays the character it was.
 * So genuine accented text ("Übersicht", "café", "Straße") is left alone, since a Latin letter followed by a
 * letter or an ASCII character is never a valid sequence.
 *
 * Some tools drop the five bytes cp1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) instead of keeping them
 * as C1 controls, so a character that held one is cut short: `🔐` (F0 9F 94 90) reads `ðŸ”`, `🏗️` (F0 9F 8F 97
 * EF B8 8F) reads `ðŸ—ï¸`. Such a remnant — a three- or four-byte lead and at least one continuation byte that
 * Table 3-7 allows, ended by the run or by a byte that cannot continue it — is a maximal subpart of an ill-formed
 * sequence (Unicode §3.9), so it becomes one U+FFFD, as a WHATWG decoder would make it: which character it was
 * cannot be known (F0 9F 94 followed by any of the five is a different emoji). A remnant is only taken for one in
 * a document that is confidently mangled elsewhere, when inserting undefined bytes into it gives an assigned
 * character, and when its first continuation is not punctuation that ordinary text puts after a word ("café”",
 * "déjà…", "voilà !" with a no-break space all have the shape of a remnant). These are reported apart from the
 * repairs, since the importer can only say that they were lost.
 */

/** cp1252 bytes 0x80–0x9F; the five undefined ones (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as C1 controls, as Latin-1 and WHATWG decode them. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/** The bytes cp1252 leaves undefined, which a lossy copy may have dropped. */
const UNDEFINED_BYTES: readonly number[] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Characters no document means to write: unassigned code points (noncharacters too) and private use. */
const NO_CHARACTER = /^[\p{Cn}\p{Co}]$/u;

const BYTE_OF = buildByteTable();
const UTF8 = new TextDecoder('utf-8');

/**
 * Punctuation and symbols (as cp1252 reads their byte) that follow a word in ordinary text: quotes, guillemets,
 * dashes, the ellipsis, a no-break space, ™ ® © ° ² ³ ¹ · • ¡ ¿ and a soft hyphen. A remnant that starts with
 * one of them after its lead is more likely an accented letter and its punctuation than a lost character.
 */
const AFTER_WORD = new Set([...'‚„…‹‘’“”•–—™›¡«®°²³¹»¿©·\u00a0\u00ad'].map((c) => BYTE_OF.get(c) ?? 0));

function buildByteTable(): ReadonlyMap<string, number> {
  const table = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) table.set(String.fromCharCode(byte), byte);
  for (let i = 0; i < CP1252_HIGH.length; i++) table.set(CP1252_HIGH.charAt(i), 0x80 + i);
  return table;
}

/** Runs of at least two non-ASCII characters that cp1252 (or Latin-1) can encode. */
const RUN = new RegExp(`[\\u0080-\\u00ff${CP1252_HIGH.replace(/[\u0080-\u009f]/g, '')}]{2,}`, 'g');

/** The result of {@link repairMojibake}. Line breaks are ASCII and never touched, so line numbers stay valid. */
export interface MojibakeRepair {
  readonly text: string;
  /** How many characters were restored. */
  readonly repaired: number;
  /** The 1-based lines on which something was restored, for the importer's notes. */
  readonly lines: readonly number[];
  /** Characters an earlier lossy copy cut short, each now one U+FFFD; absent when there are none. */
  readonly lost?: LostCharacters;
}

/** Characters that lost a byte before the text arrived: each remnant became one U+FFFD. */
export interface LostCharacters {
  readonly count: number;
  /** The 1-based lines that hold them. */
  readonly lines: readonly number[];
}

interface Sequence {
  readonly start: number;
  readonly length: number;
  readonly char: string;
  /** A remnant of a sequence cut short, replaced by U+FFFD. */
  readonly lost: boolean;
}

/**
 * Restores UTF-8 text that was read as cp1252 once. A lone two-byte sequence that starts with a letter other
 * than `Â`/`Ã` (such as `ß“`, which would read as the N'Ko letter U+07D3) is only restored when the same text
 * holds a repair that cannot be a coincidence (a sequence of three or four bytes, one that starts with `Â`/`Ã`,
 * or two sequences side by side): a document is either mangled throughout or not at all. Remnants of characters
 * a lossy copy cut short never make a text confident, and are replaced only in a text that is.
 */
export function repairMojibake(text: string): MojibakeRepair {
  const runs = [...text.matchAll(RUN)].map((m) => ({ index: m.index, run: m[0], sequences: findSequences(m[0]) }));
  const confident = runs.some(({ sequences }) => sequences.some((s) => isConfident(s, sequences)));
  let out = '';
  let last = 0;
  let repaired = 0;
  let lost = 0;
  let line = 1;
  const lines: number[] = [];
  const lostLines: number[] = [];
  for (const { index, run, sequences } of runs) {
    const kept = sequences.filter((s) => (s.lost ? confident : confident || isConfident(s, sequences)));
    if (kept.length === 0) continue;
    line += countLineBreaks(text, last, index);
    if (kept.some((s) => !s.lost) && lines.at(-1) !== line) lines.push(line);
    if (kept.some((s) => s.lost) && lostLines.at(-1) !== line) lostLines.push(line);
    out += text.slice(last, index) + rebuild([...run], kept);
    last = index + run.length;
    repaired += kept.filter((s) => !s.lost).length;
    lost += kept.filter((s) => s.lost).length;
  }
  if (repaired === 0) return { text, repaired: 0, lines: [] };
  return { text: out + text.slice(last), repaired, lines, ...(lost === 0 ? {} : { lost: { count: lost, lines: lostLines } }) };
}

function isConfident(sequence: Sequence, inRun: readonly Sequence[]): boolean {
  if (sequence.lost) return false;
  return sequence.length > 2 || inRun.filter((s) => !s.lost).length > 1 || sequence.char <= '\u00ff';
}

/**
 * The well-formed UTF-8 sequences among the run's bytes, decoding to something other than a C1 control, and the
 * remnants of sequences a lossy copy cut short.
 */
function findSequences(run: string): Sequence[] {
  const bytes = [...run].map((c) => BYTE_OF.get(c) ?? 0);
  const sequences: Sequence[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      const remnant = remnantLength(bytes, i);
      if (remnant > 0) sequences.push({ start: i, length: remnant, char: '\uFFFD', lost: true });
      i += Math.max(remnant, 1);
      continue;
    }
    const char = UTF8.decode(Uint8Array.from(bytes.slice(i, i + length)));
    if (char > '\u009f') sequences.push({ start: i, length, char, lost: false });
    i += length;
  }
  return sequences;
}

interface Form {
  /** How many bytes the sequence has. */
  readonly length: number;
  /** The range Table 3-7 allows for its second byte; later ones are 0x80–0xBF. */
  readonly low: number;
  readonly high: number;
}

/** The form of the sequence a lead byte starts (Unicode Table 3-7), or undefined when it starts none. */
function formOf(lead: number): Form | undefined {
  if (lead >= 0xc2 && lead <= 0xdf) return { length: 2, low: 0x80, high: 0xbf };
  if (lead === 0xe0) return { length: 3, low: 0xa0, high: 0xbf };
  if (lead === 0xed) return { length: 3, low: 0x80, high: 0x9f };
  if (lead >= 0xe1 && lead <= 0xef) return { length: 3, low: 0x80, high: 0xbf };
  if (lead === 0xf0) return { length: 4, low: 0x90, high: 0xbf };
  if (lead >= 0xf1 && lead <= 0xf3) return { length: 4, low: 0x80, high: 0xbf };
  if (lead === 0xf4) return { length: 4, low: 0x80, high: 0x8f };
  return undefined;
}

/** How many bytes from `i` on continue the sequence the byte at `i` starts, as far as they go (at most its length). */
function prefixLength(bytes: readonly number[], i: number, form: Form): number {
  let k = 1;
  for (; k < form.length && i + k < bytes.length; k++) {
    const next = bytes[i + k] ?? 0;
    const [low, high] = k === 1 ? [form.low, form.high] : [0x80, 0xbf];
    if (next < low || next > high) break;
  }
  return k;
}

/** The length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7), or 0 when there is none. */
function sequenceLength(bytes: readonly number[], i: number): number {
  const form = formOf(bytes[i] ?? 0);
  return form !== undefined && prefixLength(bytes, i, form) === form.length ? form.length : 0;
}

/**
 * The length of the remnant of a sequence cut short at `i` (see the file's comment), or 0 when there is none: a
 * three- or four-byte lead, at least one continuation, fewer bytes than the lead announces, and a first
 * continuation that is not punctuation after a word; the missing bytes must have been ones cp1252 leaves undefined.
 */
function remnantLength(bytes: readonly number[], i: number): number {
  const form = formOf(bytes[i] ?? 0);
  if (form === undefined || form.length < 3) return 0;
  const length = prefixLength(bytes, i, form);
  if (length < 2 || length >= form.length || AFTER_WORD.has(bytes[i + 1] ?? 0)) return 0;
  return completions(bytes.slice(i, i + length), form.length).some(isCharacter) ? length : 0;
}

/** Every sequence of `length` bytes that `remnant` becomes when undefined cp1252 bytes are put back after its lead. */
function completions(remnant: readonly number[], length: number): number[][] {
  if (remnant.length >= length) return [[...remnant]];
  return UNDEFINED_BYTES.flatMap((byte) =>
    Array.from({ length: remnant.length }, (_, at) => at + 1).flatMap((at) =>
      completions([...remnant.slice(0, at), byte, ...remnant.slice(at)], length),
    ),
  );
}

/** Whether bytes are one well-formed sequence of an assigned character that is not for private use. */
function isCharacter(bytes: readonly number[]): boolean {
  if (sequenceLength(bytes, 0) !== bytes.length) return false;
  return !NO_CHARACTER.test(UTF8.decode(Uint8Array.from(bytes)));
}

function rebuild(chars: readonly string[], sequences: readonly Sequence[]): string {
  let out = '';
  let at = 0;
  for (const s of sequences) {
    out += chars.slice(at, s.start).join('') + s.char;
    at = s.start + s.length;
  }
  return out + chars.slice(at).join('');
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
