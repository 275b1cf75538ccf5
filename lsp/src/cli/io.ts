/** What a command may touch: output streams and the environment. Tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** A usage or I/O problem: the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
