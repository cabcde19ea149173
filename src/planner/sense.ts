/**
 * Sensing: each sensor is the user's own shell command; exit 0 means its fact holds. Sensors run before planning
 * so that work whose result already holds is skipped. They run a few at a time, each under its timeout, and stop
 * when the caller aborts.
 */
import { availableParallelism } from 'node:os';
import type { Plan, Sensor } from '../plan/model.js';
import { runCommand } from '../process/run-command.js';

export interface SensorReading {
  readonly fact: string;
  readonly holds: boolean;
  /** `undefined` when the command could not start or was stopped. */
  readonly exitCode: number | undefined;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** Why it does not hold, when that is not a plain non-zero exit. */
  readonly note: string | undefined;
}

export interface SenseOptions {
  /** Directory the commands run in. @default process.cwd() */
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  /** Sensors run at once. @default the number of cores */
  readonly concurrency?: number;
}

/** Runs every sensor of the plan and returns their readings in the order declared. */
export async function senseFacts(plan: Plan, options: SenseOptions = {}): Promise<SensorReading[]> {
  const sensors = Object.values(plan.sensors);
  const limit = Math.max(1, options.concurrency ?? availableParallelism());
  const readings: SensorReading[] = new Array<SensorReading>(sensors.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < sensors.length; index = next++) {
      readings[index] = await readSensor(sensors[index]!, options);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, sensors.length) }, worker));
  return readings;
}

/** The facts that hold at the start: facts declared true plus sensors that reported true. */
export function initialFacts(plan: Plan, readings: readonly SensorReading[]): Set<string> {
  const facts = new Set(Object.entries(plan.facts).filter(([, value]) => value).map(([fact]) => fact));
  for (const reading of readings) {
    if (reading.holds) facts.add(reading.fact);
    else facts.delete(reading.fact);
  }
  return facts;
}

async function readSensor(sensor: Sensor, options: SenseOptions): Promise<SensorReading> {
  // The sensor's `run` is the user's own shell command; nothing from the plan is spliced into it.
  const result = await runCommand(sensor.run, {
    cwd: options.cwd ?? process.cwd(),
    timeoutMs: sensor.timeoutS * 1000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const holds = result.exitCode === 0 && !result.timedOut && !result.aborted;
  let note: string | undefined;
  if (result.timedOut) note = `timed out after ${sensor.timeoutS}s`;
  else if (result.aborted) note = 'cancelled';
  else if (result.error) note = result.error.message;
  else if (result.signal) note = `ended by ${result.signal}`;
  return { fact: sensor.fact, holds, exitCode: result.exitCode, timedOut: result.timedOut, durationMs: result.durationMs, note };
}
