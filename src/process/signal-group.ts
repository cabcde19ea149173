/** Sends a signal to a whole process group; a group that is already gone is not an error. */
export function signalGroup(group: number | undefined, signal: NodeJS.Signals): void {
  if (group === undefined) return;
  try {
    process.kill(-group, signal);
  } catch {
    // The group is already gone.
  }
}
