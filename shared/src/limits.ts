/**
 * The default bounds of everything that input or the network controls, in one object: the core's readers, parsers
 * and DoH client default to these, and the shells use the same values for what they read themselves (file sizes)
 * and for their flags' defaults, so `lint`, `report`, `check` and the language server agree. Every bound can still
 * be set per call. Pure data.
 */

const MiB = 1024 * 1024;

/** The default bounds. Sizes are in bytes, times in milliseconds. */
export const limits = {
  /**
   * Largest file a shell reads (report, report email, policy or record), and largest report after gzip
   * decompression: room for a very large sender's daily report (a 100 MB report has about 450,000 failure details).
   */
  inputBytes: 256 * MiB,
  /** Largest report text, after decompression; a plain `.json` is bounded the same (RPT129). */
  reportBytes: 256 * MiB,
  /** Largest saved report email (RPT214): the input bound, room for a large report in base64. */
  emailBytes: 256 * MiB,
  /**
   * A report that is not valid JSON is read tolerantly (every value read and located around the syntax errors) up
   * to this size; a larger one gets its first syntax errors (or its duplicate member names, which `JSON.parse`
   * hides) and is not read further. The tolerant reading holds a
   * node per JSON value, about 25 times the text, so this keeps it near 200 MiB.
   */
  tolerantReportBytes: 8 * MiB,
  /** How deep objects and arrays may nest in a report (RPT101); a TLS report needs 5. */
  jsonDepth: 64,
  /**
   * Findings kept per file or record; past it findings are only counted by severity, so a document that is
   * flawed everywhere costs no more memory than a clean one, and callers still see every error in the counts.
   */
  findingsPerFile: 1000,
  /** JSON syntax errors listed per report; one more finding says that more follow. */
  syntaxErrors: 20,
  /** Largest policy parsed (RFC 8461 §3.3 suggests senders read at most 64 KB); a larger one gets STS111. */
  policyBytes: 65_536,
  /**
   * Largest `_mta-sts` or `_smtp._tls` record value read from a file or an editor (STS019, RPT021 beyond): a TXT
   * record's data is at most 65,535 bytes (RFC 1035 §3.3.14), so a longer value can never be published.
   */
  recordBytes: 65_535,
  /** MIME parts of a saved report email (RPT214 beyond); a report email has two or three. */
  mimeParts: 100,
  /** Nesting of multipart bodies in a saved report email (RPT214 beyond); a report email has one level. */
  mimeNesting: 8,
  /** Largest DoH response body: the largest DNS message (RFC 8484 §6). */
  dohResponseBytes: 65_535,
  /** Time for one DoH query. */
  dohTimeoutMs: 5_000,
  /** Time for the policy fetch (STS112). */
  policyTimeoutMs: 10_000,
  /** A slower policy gets STS113: postfix-mta-sts-resolver gives up after 4 s. */
  policySlowMs: 4_000,
  /** CNAME aliases followed in one answer (DNS006 beyond). */
  cnameChain: 16,
  /** MX hosts whose TLSA and address records are looked up; the rest are listed without them. */
  mxHosts: 16,
} as const;

/** The shape of `limits`. */
export type Limits = typeof limits;
