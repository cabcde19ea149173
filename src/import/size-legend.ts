/**
 * T-shirt sizes as a document defines them: "Sizes: **S** = half a day, **M** = 1–2 days, **L** = 3–5 days",
 * "S = ½ day · M = 1–2 days · L = 3–5 days", "Sizes: XS 1h, S 4h, M 1d, L 3d", or a table or list with one size
 * a row ("| S | ½ day |", "- M: 1–2 days"). Items then say only "`M`" or "[L]"; the legend is what makes that an
 * estimate. A size without a legend is no duration, since teams size differently.
 *
 * A size is a letter code (XS, S, M, L, XL, …) written in capitals; its duration is read by duration-text.ts, a
 * range planned at its upper bound like every other estimate of the importer. A legend names two sizes at least:
 * on one line, or on consecutive lines that each start with one. The first legend of the document counts.
 */
import { findDurationText } from './duration-text.js';

/** One size of a legend. */
export interface SizeEntry {
  /** What the size is planned at, in seconds: for a range, its upper bound. */
  readonly seconds: number;
  /** The definition as written, emphasis removed: "M = 1–2 days". */
  readonly text: string;
  /** 1-based line of the definition. */
  readonly line: number;
}

/** A legend: size code as written ("M", "XL") → what it is worth. */
export type SizeLegend = ReadonlyMap<string, SizeEntry>;

/** A size code: S, M, L and their X… forms ("XS", "XXL", "2XL"). Capitals only: "m" is a unit, "s" a plural. */
export const SIZE_CODE = String.raw`(?:X{0,3}S|M|X{0,3}L|[2-5]XL)`;

const CODE = new RegExp(String.raw`(?<![\p{L}\p{N}])(?<code>${SIZE_CODE})(?![\p{L}\p{N}])`, 'gu');
/** What may stand between a size and its duration: "=", ":", "≈", "→", "is", a table's "|", or nothing. */
const LINK = /^\s*(?:=|:|≈|~|→|->|\||\bis\b|\bmeans\b)?\s*(?:~|≈|\babout\b|\bca\.|\baround\b|\broughly\b)?\s*$/iu;
/** The start of a table row or list item before a size on a line of its own. */
const ROW_LEAD = /^\s*(?:[|>]|[-*+](?=\s)|\d+[.)](?=\s))?\s*/u;

/** The document's size legend, or undefined when it defines none. */
export function sizeLegendIn(text: string): Map<string, SizeEntry> | undefined {
  const lines = text.split(/\r?\n/u).map((raw) => raw.replace(/\*\*|__|[*`]/gu, ''));
  let run = new Map<string, SizeEntry>();
  for (const [i, line] of lines.entries()) {
    const entries = entriesOf(line, i + 1);
    if (entries.length >= 2) return new Map(entries.map((entry) => [entry.code, withoutCode(entry)]));
    const row = entries.length === 1 && entries[0]?.index === ROW_LEAD.exec(line)?.[0].length ? entries[0] : undefined;
    if (row !== undefined && !run.has(row.code)) {
      run.set(row.code, withoutCode(row));
      continue;
    }
    if (run.size >= 2) return run;
    run = new Map<string, SizeEntry>(row === undefined ? [] : [[row.code, withoutCode(row)]]);
  }
  return run.size >= 2 ? run : undefined;
}

interface Found extends SizeEntry {
  readonly code: string;
  /** Where the size code starts in the line. */
  readonly index: number;
}

/** The sizes a line defines: each code followed by a duration, with nothing but a link word between them. */
function entriesOf(line: string, number: number): Found[] {
  const codes = [...line.matchAll(CODE)];
  const entries: Found[] = [];
  codes.forEach((match, i) => {
    const code = match.groups?.code;
    if (code === undefined || entries.some((e) => e.code === code)) return;
    const start = match.index + match[0].length;
    const next = codes[i + 1]?.index ?? line.length;
    const after = line.slice(start, next);
    const duration = findDurationText(after);
    if (duration === undefined || !LINK.test(after.slice(0, duration.index))) return;
    entries.push({ code, index: match.index, seconds: duration.seconds, text: `${code} = ${duration.text}`, line: number });
  });
  return entries;
}

function withoutCode(found: Found): SizeEntry {
  return { seconds: found.seconds, text: found.text, line: found.line };
}
