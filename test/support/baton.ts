// Runs the CLI from source, so tests exercise the code as it is now, not a stale build.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
