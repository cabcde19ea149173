/** Timing for the CPU-bound benches (planner, leases): a warm-up, then the median of a few runs. */

const RUNS = 9;
/** Warm-up: at least this many runs and this long, so that the JIT has optimised the code being measured. */
const WARMUP_RUNS = 3;
const WARMUP_MS = 500;

/** The median wall time of `run` in milliseconds, over 9 runs after the warm-up. */
export function median(run: () => unknown): number {
  const warm = performance.now();
  for (let i = 0; i < WARMUP_RUNS || performance.now() - warm < WARMUP_MS; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(RUNS / 2)]!;
}
