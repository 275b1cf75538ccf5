/** The bounds of `check --from-file`, as data. Loads nothing: argument parsing and the usage text use them. */

/** Checks at once without `--concurrency`. */
export const defaultConcurrency = 8;
/** The most `--concurrency` takes. */
export const maxConcurrency = 256;
