/**
 * One entry point for linting a document by kind: the CLI's `lint`, the fixtures test and (later) the language
 * server all go through here. Pure; decompression is injected. Never throws.
 */
import type { Decompressor } from '../gzip/decompressor.js';
import { capFindings, type FindingCounts } from '../findings/budget.js';
import { guardParse } from '../findings/guard.js';
import { makeFinding } from '../findings/finding.js';
import { sortFindings } from '../findings/order.js';
import { limits } from '../limits.js';
import type { Finding } from '../findings/types.js';
import { parseStsRecord } from '../mta-sts/record.js';
import { parsePolicy } from '../mta-sts/policy.js';
import { parseTlsRptRecord } from '../tls-rpt/record/record.js';
import { readReportBytes } from '../tls-rpt/report.js';
import { readReportEmail, type ReportEmailOptions } from '../tls-rpt/files/email.js';
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

/** The size of a record file's value in bytes: one final line break is not part of it. */
function recordBytes(bytes: Uint8Array): number {
  const n = bytes.length;
  if (bytes[n - 1] !== 0x0a) {
    return n;
  }
  return bytes[n - 2] === 0x0d ? n - 2 : n - 1;
}

/** A record file holds one TXT value; one final line break is not part of it. */
function recordText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replace(/\r?\n$/, '');
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
      const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      const parsed = guardParse(() => parsePolicy(text, { bytes, domain: options.domain }));
      return capped(text, parsed.findings);
    }
    case 'sts-record':
    case 'tlsrpt-record': {
      const limit = options.maxRecordBytes ?? limits.recordBytes;
      const size = recordBytes(bytes);
      if (size > limit) {
        // Refused before decoding: a record file of megabytes costs nothing to read.
        const code = kind === 'sts-record' ? 'STS019' : 'RPT021';
        const at = { line: 0, character: 0 };
        return capped('', [makeFinding(code, { range: { start: at, end: at }, data: { size, limit } })]);
      }
      const text = recordText(bytes);
      const parsed =
        kind === 'sts-record'
          ? guardParse(() => parseStsRecord(text))
          : guardParse(() => parseTlsRptRecord(text));
      return capped(text, parsed.findings);
    }
    case 'report': {
      const read = await readReportBytes(bytes, {
        ...options,
        namedGzip: /\.gz$/i.test(options.fileName ?? ''),
      });
      return { kind, text: read.text, findings: read.findings, counts: read.counts };
    }
    case 'report-email': {
      const read = await readReportEmail(bytes, options);
      return { kind, text: read.text, findings: read.findings, counts: read.counts };
    }
  }
}
