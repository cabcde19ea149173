/** A stored run brought back to life: its creation event, its plan read again, its state replayed from the log. */
import { newRunState, replay } from '../engine/core.js';
import type { EngineEvent, RunOptions, StoredEvent } from '../engine/events.js';
import type { EngineState } from '../engine/state.js';
import { BadInputError, PlanInvalidError } from '../errors.js';
import { checkPlanText } from '../planner/load.js';
import type { RunRow } from '../store/rows.js';
import type { Store } from '../store/store.js';

export interface StoredRun {
  readonly row: RunRow;
  readonly created: Extract<EngineEvent, { type: 'run.created' }>;
  readonly events: readonly StoredEvent[];
  readonly state: EngineState;
}

/** Replays `row`'s log; `options` adjusts the run's options (e.g. `--yes` on resume). */
export function storedRun(store: Store, row: RunRow, adjust: (options: RunOptions) => RunOptions = (o) => o): StoredRun {
  const events = store.events(row.id);
  const created = events[0]?.event;
  if (created?.type !== 'run.created') throw new BadInputError(`run ${row.id} has no record of its creation`);
  const checked = checkPlanText(created.file, created.planText);
  if (!checked.plan || checked.problems.length > 0) throw new PlanInvalidError(checked.problems);
  const state = replay(newRunState(checked.plan, adjust(created.options)), events);
  return { row, created, events, state };
}
