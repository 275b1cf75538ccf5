/**
 * The executable: wires the real process to `main`, or to the language server for `sts-inspector lsp`. Ctrl-C
 * aborts a running `check` (which then says so and exits 130) and ends `lint` and `report` at once. A reader that
 * goes away (`… | head -1`) ends the run quietly. The process ends when the command is done and its output
 * written, not when the last connection closes.
 */
import { setMaxListeners } from 'node:events';
import { writeSync } from 'node:fs';
import { EXIT_USAGE } from './exit-status.js';
import { loneVersionAnswer, main } from './main.js';
import { safeText } from './output/safe-text.js';

/** As a shell reports a process ended by SIGPIPE (128 + 13), which is how other tools end in a closed pipe. */
const EXIT_BROKEN_PIPE = 141;

/**
 * An output that cannot be written ends the run: quietly when its reader went away (EPIPE), else with the reason on
 * standard error (written directly: that stream may be the one failing) and the exit code of an I/O error.
 */
function outputFailed(error: NodeJS.ErrnoException): never {
  if (error.code === 'EPIPE') {
    process.exit(EXIT_BROKEN_PIPE);
  }
  try {
    writeSync(2, `sts-inspector: cannot write the output: ${safeText(error.message, 2000)}\n`);
  } catch {
    // Standard error is gone too: the exit code says it.
  }
  process.exit(EXIT_USAGE);
}

function endOnOutputError<S extends NodeJS.WriteStream>(stream: S): S {
  stream.on('error', outputFailed);
  return stream;
}

// Standard error is made when first written: making it costs as much as a tenth of Node's own start, which
// `--version` and a clean `lint` would pay for nothing.
let stderr: NodeJS.WriteStream | undefined;
const errorStream = (): NodeJS.WriteStream => (stderr ??= endOnOutputError(process.stderr));

/**
 * A whole answer known at once, in one write(2) to standard output without making Node's stream for it (which
 * costs more than the rest of `--version`: a tenth of Node's start for a pipe). What a non-blocking descriptor
 * does not take at once goes through the stream.
 */
function writeAnswer(text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    written = writeSync(1, bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') {
      outputFailed(error as NodeJS.ErrnoException);
    }
  }
  if (written < bytes.length) {
    endOnOutputError(process.stdout).write(bytes.subarray(written));
  }
}

const versionAnswer = loneVersionAnswer(process.argv.slice(2));
if (versionAnswer !== undefined) {
  writeAnswer(versionAnswer);
} else if (process.argv[2] === 'lsp') {
  // Loaded only for this command, so the checker's own commands do not evaluate the server's modules.
  endOnOutputError(process.stdout);
  errorStream();
  void import('../server/main.js').then(({ runStdioServer }) => runStdioServer());
} else {
  runCli();
}

function runCli(): void {
  main(process.argv.slice(2), {
    stdout: endOnOutputError(process.stdout),
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
