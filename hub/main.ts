/** Process entry point of `dbp-hub`: runs the command line and sets the exit code. */
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`dbp-hub: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
