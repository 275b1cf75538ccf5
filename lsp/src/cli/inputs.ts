/** What `lint` and `report` say on stderr about the files they pass over or cannot read. */
import type { InputEntry } from './files.js';
import { InputError, type CliIo } from './io.js';
import { maxShownLineChars, safeText } from './output/findings-text.js';

export interface InputTally {
  /** A file found in a folder that is not for this command, and why. */
  skip(path: string, reason: string): void;
  /** A file that could not be read, said on stderr as it happens (the command's output shows it too). */
  failed(path: string, message: string): void;
  /** The closing line: how many files were skipped. */
  end(): void;
  readonly failures: number;
}

const files = (n: number): string => `${n.toLocaleString('en-US')} file${n === 1 ? '' : 's'}`;

/** `command` is the command that passes them over, for the closing line. */
export function createInputTally(io: CliIo, verbose: boolean, command: string): InputTally {
  let skipped = 0;
  let failures = 0;
  return {
    skip: (path, reason) => {
      skipped++;
      if (verbose) {
        io.stderr.write(`sts-inspector: skipped ${safeText(path, maxShownLineChars)}: ${safeText(reason)}\n`);
      }
    },
    failed: (path, message) => {
      failures++;
      io.stderr.write(`sts-inspector: ${safeText(path, maxShownLineChars)}: ${safeText(message)}\n`);
    },
    end: () => {
      if (skipped > 0) {
        io.stderr.write(
          `sts-inspector: skipped ${files(skipped)} that ${command} does not read${verbose ? '' : ' (--verbose names them)'}\n`,
        );
      }
    },
    get failures() {
      return failures;
    },
  };
}

/**
 * Go through the inputs in order: a file passed over goes to the tally, a file that cannot be read (found so by the
 * walk, or an `InputError` while reading it) to `failed`, every other one to `read`.
 */
export async function eachInput(
  entries: readonly InputEntry[],
  tally: InputTally,
  failed: (path: string, message: string) => Promise<void>,
  read: (entry: InputEntry) => Promise<void>,
): Promise<void> {
  for (const entry of entries) {
    if (entry.skip !== undefined) {
      tally.skip(entry.path, entry.skip);
    } else if (entry.error !== undefined) {
      await failed(entry.path, entry.error);
    } else {
      try {
        await read(entry);
      } catch (error) {
        if (!(error instanceof InputError)) {
          throw error;
        }
        await failed(entry.path, error.message);
      }
    }
  }
}
