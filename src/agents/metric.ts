/**
 * Metrics of gate checks: read from the check's output — a field of a JSON object (dotted path allowed) or the
 * last `name=value` (or `name: value`) line — and compared with the check's target.
 */
import type { Target } from '../plan/model.js';

/** The metric's value in `output`, or `undefined` when the output does not state it. */
export function readMetric(output: string, name: string): number | undefined {
  return fromJson(output, name) ?? fromLines(output, name);
}

export function meetsTarget(value: number, target: Target): boolean {
  switch (target.op) {
    case '<=':
      return value <= target.value;
    case '<':
      return value < target.value;
    case '>=':
      return value >= target.value;
    case '>':
      return value > target.value;
    case '==':
      return value === target.value;
    case '!=':
      return value !== target.value;
  }
}

/** The whole output as one JSON object, else the last line that is one (progress lines may come first). */
function fromJson(output: string, name: string): number | undefined {
  const candidates = [output.trim(), ...output.trim().split('\n').reverse().map((line) => line.trim())].filter((t) => t.startsWith('{'));
  for (const text of candidates) {
    const value = field(text, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

function field(text: string, name: string): number | undefined {
  try {
    let value: unknown = JSON.parse(text);
    for (const key of name.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return toNumber(value);
  } catch {
    return undefined;
  }
}

/** A number as people and tools print it: `42`, `-1.5`, `.5`, `1.2e3`. */
const NUMBER = '-?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][-+]?\\d+)?';

function fromLines(output: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*${escaped}\\s*[=:]\\s*(${NUMBER})\\b`, 'gm');
  let last: string | undefined;
  for (const match of output.matchAll(pattern)) last = match[1];
  return toNumber(last);
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}
