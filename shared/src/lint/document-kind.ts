/**
 * The kinds of document the core lints, and their names in words. The file-kind detection and the linter both
 * speak of them. Pure.
 */

/** What a document is. `report-email` is a saved report email (`.eml`, RFC 8460 §5.3). */
export type DocumentKind = 'policy' | 'sts-record' | 'tlsrpt-record' | 'report' | 'report-email';

export const documentKinds: readonly DocumentKind[] = [
  'policy',
  'sts-record',
  'tlsrpt-record',
  'report',
  'report-email',
];

/** Each kind in words, as in "an MTA-STS policy, not a report". */
export const documentKindNames: Readonly<Record<DocumentKind, string>> = {
  policy: 'an MTA-STS policy',
  'sts-record': 'an MTA-STS record',
  'tlsrpt-record': 'a TLS-RPT record',
  report: 'a TLS-RPT report',
  'report-email': 'a TLS-RPT report email',
};

/** Whether a kind is a TLS-RPT report (JSON, gzip or email): what the report readers and summaries take. */
export function isReportKind(kind: string | undefined): kind is 'report' | 'report-email' {
  return kind === 'report' || kind === 'report-email';
}
