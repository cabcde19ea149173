/** Exit codes (a contract, see DESIGN.md): 0 success, 1 the run or check failed, 2 bad input. */
export const EXIT = { ok: 0, failed: 1, badInput: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
