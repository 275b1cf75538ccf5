/** The executable: wires the real process to `main`. Ctrl-C aborts the running checks. */
import { main } from './main.js';

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
main(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  controller.signal,
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `sts-inspector: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
