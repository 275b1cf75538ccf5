/**
 * The bounds on what `lint` and `report` read, defined once (the README's "Limits" states them). A file is refused
 * before it is parsed when it is larger than `fileBytes`; a gzip report is refused when it inflates past
 * `decompressedBytes`; an email (a file too) is read up to `emailBytes`.
 */
const MiB = 1024 * 1024;

export const inputLimits = {
  /** Any input file, as stored: a plain report of a very large sender stays far below this. */
  fileBytes: 256 * MiB,
  /** A report once decompressed (`.json.gz`, or the gzip part of an email). */
  decompressedBytes: 256 * MiB,
  /** A saved report email, as stored (base64 makes its report a third larger). */
  emailBytes: 256 * MiB,
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
