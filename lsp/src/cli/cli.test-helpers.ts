/** Runs the CLI in-process with captured output, for the command tests. */
import { main } from './main.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Run `sts-inspector …argv` with a non-TTY stdout and an empty environment. */
export async function cli(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const io = {
    stdout: { write: (t: string) => (out += t), isTTY: false },
    stderr: { write: (t: string) => (err += t) },
    env: {},
  };
  const code = await main(argv, io);
  return { code, out, err };
}
