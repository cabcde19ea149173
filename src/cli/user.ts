/** Who gave an approval or a resolution, as recorded in the run's log. */
import { userInfo } from 'node:os';

export function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
