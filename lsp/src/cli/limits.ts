/**
 * The bounds on what `lint` and `report` read, taken from the core's one set of limits (the README's "Limits"
 * states them). A file is refused before it is parsed when it is larger than `fileBytes`; a gzip report is refused
 * when it inflates past `decompressedBytes`; an email (a file too) is read up to `emailBytes`.
 */
import { limits } from '@sts-inspector/shared/lint';

const MiB = 1024 * 1024;

export const inputLimits = {
  fileBytes: limits.inputBytes,
  decompressedBytes: limits.reportBytes,
  emailBytes: limits.emailBytes,
} as const;

/** The options of the core's report readers that carry these bounds. */
export const reportReadLimits = {
  maxDecompressedBytes: inputLimits.decompressedBytes,
  maxEmailBytes: inputLimits.emailBytes,
};

/** `256 MiB`, for messages. */
export function formatSize(bytes: number): string {
  return bytes >= MiB && bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes.toLocaleString('en-US')} bytes`;
}
