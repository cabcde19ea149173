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

function fromJson(output: string, name: string): number | undefined {
  const text = output.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    let value: unknown = JSON.parse(text);
    for (const key of name.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
    return toNumber(value);
  } catch {
    return undefined;
  }
}

function fromLines(output: string, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\s*${escaped}\\s*[=:]\\s*(-?\\d+(?:\\.\\d+)?)`, 'gm');
  let last: string | undefined;
  for (const match of output.matchAll(pattern)) last = match[1];
  return toNumber(last);
}

function toNumber(value: unknown): number | undefined {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}
