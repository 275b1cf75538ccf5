/** The executable: wires the real process to `main`. Ctrl-C aborts the running checks. `lsp` starts the language server. */
import { setMaxListeners } from 'node:events';
import { runStdioServer } from '../server/main.js';
import { main } from './main.js';

if (process.argv[2] === 'lsp') {
  runStdioServer();
} else {
  runCli();
}

function runCli(): void {
  const controller = new AbortController();
  // Every concurrent lookup of every MX host listens on this one signal (and removes its listener when done).
  setMaxListeners(0, controller.signal);
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
}
