/**
 * The executable: wires the real process to `main`, or to the language server for `sts-inspector lsp`. Ctrl-C
 * aborts a running `check` (which then says so and exits 130) and ends `lint` and `report` at once. A reader that
 * goes away (`… | head -1`) ends the run quietly. The process ends when the command is done and its output
 * written, not when the last connection closes.
 */
import { setMaxListeners } from 'node:events';
import { EXIT_USAGE } from './exit-status.js';
import { main } from './main.js';
import { safeText } from './output/safe-text.js';

/** As a shell reports a process ended by SIGPIPE (128 + 13), which is how other tools end in a closed pipe. */
const EXIT_BROKEN_PIPE = 141;

/** A reader that went away ends the run quietly; any other write error is an internal error. */
function endOnBrokenPipe<S extends NodeJS.WriteStream>(stream: S): S {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') {
      process.exit(EXIT_BROKEN_PIPE);
    }
    throw error;
  });
  return stream;
}

// Standard error is made when first written: making it costs as much as a tenth of Node's own start, which
// `--version` and a clean `lint` would pay for nothing.
let stderr: NodeJS.WriteStream | undefined;
const errorStream = (): NodeJS.WriteStream => (stderr ??= endOnBrokenPipe(process.stderr));

if (process.argv[2] === 'lsp') {
  // Loaded only for this command, so the checker's own commands do not evaluate the server's modules.
  endOnBrokenPipe(process.stdout);
  errorStream();
  void import('../server/main.js').then(({ runStdioServer }) => runStdioServer());
} else {
  runCli();
}

function runCli(): void {
  main(process.argv.slice(2), {
    stdout: endOnBrokenPipe(process.stdout),
    get stderr() {
      return errorStream();
    },
    // Made when read (`check --from-file -`): making it opens the file, pipe or terminal behind it, which loads
    // Node's stream and readline modules.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    trapInterrupt: () => {
      const controller = new AbortController();
      // Every concurrent lookup of every MX host listens on this one signal (and removes its listener when done).
      setMaxListeners(0, controller.signal);
      process.once('SIGINT', () => controller.abort());
      return controller.signal;
    },
  }).then(
    (code) => {
      // Once the output is written, end: a connection still being tried to a resolver that never answered would
      // otherwise keep the process alive until its own timeout.
      process.stdout.write('', () =>
        stderr === undefined ? process.exit(code) : stderr.write('', () => process.exit(code)),
      );
    },
    (error: unknown) => {
      const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errorStream().write(
        `sts-inspector: internal error: ${text
          .split('\n')
          .map((line) => safeText(line, 2000))
          .join('\n')}\n`,
      );
      process.exitCode = EXIT_USAGE;
    },
  );
}
