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
 */

/** cp1252 bytes 0x80–0x9F; the five undefined ones (0x81, 0x8D, 0x8F, 0x90, 0x9D) read as C1 controls, as Latin-1 and Windows decode them. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

const BYTE_OF = buildByteTable();
const UTF8 = new TextDecoder('utf-8');

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
}

interface Sequence {
  readonly start: number;
  readonly length: number;
  readonly char: string;
}

/**
 * Restores UTF-8 text that was read as cp1252 once. A lone two-byte sequence that starts with a letter other
 * than `Â`/`Ã` (such as `ß“`, which would read as the N'Ko letter U+07D3) is only restored when the same text
 * holds a repair that cannot be a coincidence (a sequence of three or four bytes, one that starts with `Â`/`Ã`,
 * or two sequences side by side): a document is either mangled throughout or not at all.
 */
export function repairMojibake(text: string): MojibakeRepair {
  const runs = [...text.matchAll(RUN)].map((m) => ({ index: m.index, run: m[0], sequences: findSequences(m[0]) }));
  const confident = runs.some(({ sequences }) => sequences.some((s) => isConfident(s, sequences.length)));
  let out = '';
  let last = 0;
  let repaired = 0;
  let line = 1;
  const lines: number[] = [];
  for (const { index, run, sequences } of runs) {
    const kept = sequences.filter((s) => confident || isConfident(s, sequences.length));
    if (kept.length === 0) continue;
    line += countLineBreaks(text, last, index);
    if (lines.at(-1) !== line) lines.push(line);
    out += text.slice(last, index) + rebuild([...run], kept);
    last = index + run.length;
    repaired += kept.length;
  }
  if (repaired === 0) return { text, repaired: 0, lines: [] };
  return { text: out + text.slice(last), repaired, lines };
}

function isConfident(sequence: Sequence, inRun: number): boolean {
  return sequence.length > 2 || inRun > 1 || sequence.char <= '\u00ff';
}

/** The well-formed UTF-8 sequences among the run's bytes, decoding to something other than a C1 control. */
function findSequences(run: string): Sequence[] {
  const bytes = [...run].map((c) => BYTE_OF.get(c) ?? 0);
  const sequences: Sequence[] = [];
  for (let i = 0; i < bytes.length; ) {
    const length = sequenceLength(bytes, i);
    if (length === 0) {
      i++;
      continue;
    }
    const char = UTF8.decode(Uint8Array.from(bytes.slice(i, i + length)));
    if (char > '\u009f') sequences.push({ start: i, length, char });
    i += length;
  }
  return sequences;
}

/** The length of the well-formed UTF-8 sequence starting at `i` (Unicode Table 3-7), or 0 when there is none. */
function sequenceLength(bytes: readonly number[], i: number): number {
  const lead = bytes[i] ?? 0;
  const [length, low, high] =
    lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : [0, 0, 0];
  if (length === 0 || i + length > bytes.length) return 0;
  const second = bytes[i + 1] ?? 0;
  if (second < low || second > high) return 0;
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k] ?? 0;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
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
