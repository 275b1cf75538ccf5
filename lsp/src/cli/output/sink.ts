/** Where a command's output goes: a stream written to at the pace its reader takes it. */
import type { CliIo } from '../io.js';

/** Resolves once the text is written or taken into a buffer of bounded size. */
export interface Sink {
  write: (text: string) => Promise<void>;
}

/**
 * A sink over a stream: when the stream says its buffer is full (`write` returns false, as a pipe whose reader is
 * slower does), the next write waits for `drain`, so output that input controls never piles up in memory.
 */
export function sinkOf(stream: CliIo['stdout']): Sink {
  return {
    write: (text) =>
      stream.write(text) === false && stream.once !== undefined
        ? new Promise((resolve) => stream.once?.('drain', () => resolve()))
        : Promise.resolve(),
  };
}
