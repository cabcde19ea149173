/**
 * Exit codes (a contract, see DESIGN.md): 0 success, 1 the run or check failed, 2 bad input; interrupted by a
 * signal: 128 + its number, as shells report it (130 for Ctrl-C, 143 for SIGTERM).
 */
export const EXIT = { ok: 0, failed: 1, badInput: 2, interrupted: 130, terminated: 143 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
