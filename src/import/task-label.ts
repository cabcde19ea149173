/**
 * Task labels: "Task 3: Build batch indexer", "Aufgabe 2 – Schema", "Tarea 4: …", "Ticket #12 …", "#5 Feature
 * flag". Documents number their tasks this way in a table's `#` column and then write "Task 3" wherever they
 * refer to one (a dependency list, a details section), so the number is what ties those places together.
 */

/** A title read as a numbered task. */
export interface TaskLabel {
  /** The number as written: `3`, `2.1`. */
  readonly number: string;
  /** The title without the label: "Build batch indexer" (empty when the title is only a label). */
  readonly name: string;
  /** The label word as written: `Task`, `Aufgabe`, `#`. */
  readonly label: string;
}

const WORDS = 'tasks?|aufgaben?|tareas?|t[âa]ches?|tickets?|todos?|items?|arbeitspakete?|ap';
const LABEL = new RegExp(String.raw`^(?<label>${WORDS})\s*(?:#|no\.?|nr\.?)?\s*(?<number>\d+(?:\.\d+)*)(?![\p{L}\d])\s*(?:[:.)|\-–—]\s*)?(?<name>.*)$`, 'iu');
const HASH = /^(?<label>#)(?<number>\d+(?:\.\d+)*)(?![\p{L}\d])\s*(?:[:.)|\-–—]\s*)?(?<name>.*)$/u;

/** The task label a title starts with, or undefined. */
export function taskLabel(title: string): TaskLabel | undefined {
  const groups = (LABEL.exec(title.trim()) ?? HASH.exec(title.trim()))?.groups;
  if (groups?.number === undefined) return undefined;
  return { number: groups.number, name: (groups.name ?? '').trim(), label: groups.label ?? '' };
}

/** A table column that numbers its rows: `#`, `No.`, `Nr`, `ID`, `Task #`. */
export function isNumberColumn(header: string): boolean {
  return /^(?:#|no\.?|nr\.?|n[º°]|num(?:ber)?|nummer|número|id|(?:task|aufgabe|tarea)\s*(?:#|no\.?|nr\.?|id))$/iu.test(header.trim());
}
