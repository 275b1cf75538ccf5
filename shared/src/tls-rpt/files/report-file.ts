/**
 * One door for a report file of any kind: a saved email (`.eml`, or any name when the bytes are a message) goes to
 * the email reader; `.json`, `.json.gz` and anything else to the report bytes reader, with the name checked against
 * RFC 8460 §5.1 (RPT207 only for names that try the form, RPT208, RPT212; never RPT213, which is about transport).
 * Pure: gzip is injected. Never rejects.
 */
import type { Parsed } from '../../findings/types.js';
import { isGzip } from '../../gzip/decompressor.js';
import { looksLikeEmail, readReportEmail, type ReportEmail, type ReportEmailOptions } from './email.js';
import { checkReportFileName } from './file-name.js';
import type { TlsReport } from '../model/report-model.js';
import { notGzipReason, readReportBytes, readReportText, type ReportRead } from '../parse/report.js';
import { countFindings, joinCapped, type FindingCounts } from '../../findings/budget.js';

/** What a report file was read as. */
export type ReportFileKind = 'report' | 'report-email';

/** The result of reading one report file. */
export interface ReportFileRead extends Parsed<TlsReport> {
  kind: ReportFileKind;
  /** The counts of all findings, listed or not (`maxFindings`). */
  counts: FindingCounts;
  /** The report JSON the finding ranges refer to; undefined when no text was obtained. */
  text: string | undefined;
  /** For emails: what the message said about its report. */
  email?: ReportEmail;
}

const jsonName = /\.(json|json\.gz|gz)$/i;

/** Whether a file is read as an email: `.eml`, or a message under a name that is not a report's. */
export function isReportEmailFile(name: string, bytes: Uint8Array): boolean {
  return /\.eml$/i.test(name) || (!jsonName.test(name) && looksLikeEmail(bytes));
}

/**
 * Read a report file by its name and content. The content is the file's bytes, or its text when the caller
 * decoded a plain UTF-8 file while reading it (then it is read as report JSON, unless the name is `.eml`). Name
 * findings (no range) come before the report's findings.
 * @see RFC 8460 §5.1, §5.3
 */
export async function readReportFile(
  name: string,
  content: Uint8Array | string,
  options: Partial<ReportEmailOptions> = {},
): Promise<ReportFileRead> {
  if (typeof content === 'string') {
    if (/\.eml$/i.test(name)) {
      return readReportFile(name, new TextEncoder().encode(content), options);
    }
    const read = readReportText(content, options);
    return withName(name, false, read, options.maxFindings);
  }
  const bytes = content;
  if (isReportEmailFile(name, bytes)) {
    const read = await readReportEmail(bytes, options);
    return {
      kind: 'report-email',
      value: read.value,
      findings: read.findings,
      counts: read.counts,
      text: read.text,
      ...(read.email ? { email: read.email } : {}),
    };
  }
  const read = await readReportBytes(bytes, { ...options, namedGzip: /\.gz$/i.test(name) });
  if (read.value === undefined && read.findings[0]?.data?.reason === notGzipReason) {
    // RPT130 says it all; RPT212 (the name promises gzip) would say it again.
    return {
      kind: 'report',
      value: undefined,
      findings: read.findings,
      counts: read.counts,
      text: undefined,
    };
  }
  return withName(name, isGzip(bytes), read, options.maxFindings);
}

/** A read report with the findings about its file name first. */
function withName(
  name: string,
  gzip: boolean,
  read: ReportRead,
  maxFindings: number | undefined,
): ReportFileRead {
  const nameFindings = checkReportFileName(name, { gzip, report: read.value, strict: false });
  const joined = joinCapped(
    { findings: nameFindings, counts: countFindings(nameFindings) },
    read,
    maxFindings,
  );
  return { kind: 'report', value: read.value, ...joined, text: read.text };
}
