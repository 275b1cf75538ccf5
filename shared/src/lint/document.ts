/**
 * One entry point for linting a document by kind: the CLI's `lint`, the fixtures test and (later) the language
 * server all go through here. Pure; decompression is injected. Never throws.
 *
 * Each kind's parser is loaded by `import()` when a document of that kind is linted, so that linting a policy
 * loads neither the report parsers nor the MIME parser of report emails (a bundler splitting code makes each its
 * own chunk; one that does not keeps them in the bundle).
 */
import type { Decompressor } from '../gzip/decompressor.js';
import { capFindings, type FindingCounts } from '../findings/budget.js';
import type { Finding } from '../findings/types.js';
import { sortFindings } from '../findings/order.js';
import type { ReportEmailOptions } from '../tls-rpt/files/email.js';
import type { DocumentKind } from './document-kind.js';
import { detectFileKind } from './file-kind.js';

/**
 * The kind of a document from its name and first bytes; undefined when it is not ours. `detectFileKind` says why
 * not, for a shell that tells its user.
 */
export function detectKind(fileName: string, bytes: Uint8Array): DocumentKind | undefined {
  return detectFileKind(fileName, bytes).kind;
}

/** Options for linting. `maxFindings` (default `limits.findingsPerFile`) caps the findings kept for any kind. */
export interface LintOptions extends Partial<ReportEmailOptions> {
  decompress?: Decompressor | undefined;
  /** The policy domain, when known (from a file path or a setting): enables domain-aware policy rules. */
  domain?: string | undefined;
  /** The file's name, when known: a report named `.gz` must be gzip (RPT130 when it is neither gzip nor JSON). */
  fileName?: string | undefined;
  /** Largest record value read (STS019, RPT021 beyond); default `limits.recordBytes`. */
  maxRecordBytes?: number | undefined;
}

/** Result of linting one document. `text` is the decoded text the ranges refer to (absent if it could not be read). */
export interface LintResult {
  kind: DocumentKind;
  text: string | undefined;
  /** The findings kept, at most `maxFindings`. */
  findings: Finding[];
  /** The counts of all findings by severity, listed or not: what an exit code or a summary line should read. */
  counts: FindingCounts;
}

/** Lint a document of a known kind; findings come in reading order. */
export async function lintDocument(
  kind: DocumentKind,
  bytes: Uint8Array,
  options: LintOptions = {},
): Promise<LintResult> {
  const result = await lintUnsorted(kind, bytes, options);
  return { ...result, findings: sortFindings(result.findings) };
}

async function lintUnsorted(
  kind: DocumentKind,
  bytes: Uint8Array,
  options: LintOptions = {},
): Promise<LintResult> {
  const capped = (text: string, findings: Finding[]): LintResult => ({
    kind,
    text,
    ...capFindings(findings, options.maxFindings),
  });
  switch (kind) {
    case 'policy': {
      const { lintPolicy } = await import('./lint-policy.js');
      const { text, findings } = lintPolicy(bytes, options.domain);
      return capped(text, findings);
    }
    case 'sts-record':
    case 'tlsrpt-record': {
      const { lintRecord } = await import('./lint-record.js');
      const { text, findings } = lintRecord(kind, bytes, options.maxRecordBytes);
      return capped(text, findings);
    }
    case 'report': {
      const { readReportBytes } = await import('../tls-rpt/parse/report.js');
      const read = await readReportBytes(bytes, {
        ...options,
        namedGzip: /\.gz$/i.test(options.fileName ?? ''),
      });
      return { kind, text: read.text, findings: read.findings, counts: read.counts };
    }
    case 'report-email': {
      const { readReportEmail } = await import('../tls-rpt/files/email.js');
      const read = await readReportEmail(bytes, options);
      return { kind, text: read.text, findings: read.findings, counts: read.counts };
    }
  }
}
