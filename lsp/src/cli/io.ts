/** What a command may touch: output streams and the environment. Tests pass their own. */
export interface CliIo {
  /** `write` returns false when the stream's buffer is full; `once('drain')` then says when to go on. */
  stdout: {
    write(text: string): unknown;
    isTTY?: boolean;
    once?(event: 'drain', listener: () => void): unknown;
  };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** What `--from-file -` reads. */
  stdin?: AsyncIterable<Uint8Array | string>;
  env: NodeJS.ProcessEnv;
  /**
   * Make Ctrl-C abort the returned signal instead of ending the process at once. Only `check`, which waits on the
   * network and can say "interrupted", asks for it; `lint` and `report` compute without pause, so Ctrl-C stops
   * them where they are. Without it (tests), nothing aborts the command.
   */
  trapInterrupt?(): AbortSignal;
}

/** A usage problem (bad argument, nothing to do): the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A file that could not be read as input: that file's error; the run goes on with the others and exits 2. */
export class InputError extends Error {
  override name = 'InputError';
}

/** Words for the errors of the file system, instead of their codes. */
const errorWords: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  ENXIO: 'no such device',
  ENODEV: 'no such device',
  EBUSY: 'the file is busy',
  EAGAIN: 'the file is not ready to be read',
  EINVAL: 'the file cannot be read this way',
  ESTALE: 'stale file handle',
};

/** What went wrong, in words: a file system error's meaning, or the error's own message. */
export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && code in errorWords) {
    return errorWords[code] ?? code;
  }
  const message = error instanceof Error ? error.message : String(error);
  // Node's messages start with the code ("EXDEV: cross-device link not permitted, …"): keep the words.
  return message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}
