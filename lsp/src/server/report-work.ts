/**
 * Linting a report document and keeping its parse for the preview: the work the lint worker does, also run in
 * the server's own thread where no worker is available (unit tests). Plain data in and out, so it crosses a
 * worker boundary unchanged.
 */
import {
  limits,
  readReportEmail,
  readReportFile,
  readReportText,
  reportOutline,
  summarizeReports,
  webGunzipStream,
  type Finding,
  type ReportOutlineEntry,
  type ReportSummary,
  type TlsReport,
} from '@sts-inspector/shared';

/** One report document version to lint. */
export interface ReportJob {
  uri: string;
  version: number;
  kind: 'report' | 'report-email';
  text: string;
  /** The most findings returned; `total` counts all of them. */
  maxFindings: number;
}

/** What linting a report gave. */
export interface ReportJobResult {
  uri: string;
  version: number;
  /** The first `maxFindings` findings in document order; ranges refer to the document (else absent). */
  findings: Finding[];
  total: number;
}

/** The size bound of a report document: the CLI's bound for a large sender's daily report. */
const maxReportBytes = limits.reportBytes;

/** The preview of a report file read from disk (one no editor has open: a `.json.gz` or an `.eml`). */
export interface FileSummary {
  summary: ReportSummary | undefined;
  /** Why there is no summary: the file could not be read, or holds no report. */
  error: string | undefined;
}

/** Lints report documents and keeps the last parse of each, for the preview. */
export class ReportStore {
  private readonly parsed = new Map<
    string,
    { version: number; report: TlsReport | undefined; text: string | undefined }
  >();

  async lint(job: ReportJob): Promise<ReportJobResult> {
    let findings: Finding[];
    let report: TlsReport | undefined;
    let text: string | undefined;
    let total: number;
    // The core keeps at most `maxFindings` and only counts the rest, so a report flawed everywhere costs no more.
    if (job.kind === 'report') {
      const read = readReportText(job.text, {
        maxDecompressedBytes: maxReportBytes,
        maxFindings: job.maxFindings,
      });
      findings = read.findings;
      total = read.counts.error + read.counts.warning + read.counts.info;
      report = read.value;
      text = job.text;
    } else {
      const read = await readReportEmail(new TextEncoder().encode(job.text), {
        gunzipStream: webGunzipStream(),
        maxDecompressedBytes: maxReportBytes,
        maxFindings: job.maxFindings,
      });
      report = read.value;
      total = read.counts.error + read.counts.warning + read.counts.info;
      text = read.text === job.text ? job.text : undefined;
      // Ranges of an emailed report refer to the report inside the message, not to the message as written.
      findings = read.text === job.text ? read.findings : read.findings.map(withoutRange);
    }
    this.parsed.set(job.uri, { version: job.version, report, text });
    return { uri: job.uri, version: job.version, findings, total };
  }

  /**
   * The summary of a report file on disk, read as `sts-inspector report` reads it (gzip, email, the same bounds).
   * Nothing is kept: the file is read again when asked again.
   */
  async summaryOfFile(path: string, content: Uint8Array | string): Promise<FileSummary> {
    const read = await readReportFile(path, content, {
      gunzipStream: webGunzipStream(),
      maxDecompressedBytes: maxReportBytes,
      maxEmailBytes: limits.emailBytes,
      maxFindings: 20,
    });
    if (read.value === undefined) {
      const first = read.findings.find((f) => f.severity === 'error') ?? read.findings[0];
      return { summary: undefined, error: first ? `${first.code}: ${first.message}` : 'no report found' };
    }
    return { summary: summarizeReports([{ report: read.value, source: path }]), error: undefined };
  }

  /** The summary of the last parsed version of a report; undefined when that version was not parsed. */
  summary(uri: string, version: number): ReportSummary | undefined {
    const known = this.parsed.get(uri);
    if (!known || known.version !== version || !known.report) {
      return undefined;
    }
    return summarizeReports([{ report: known.report, source: uri }]);
  }

  /** The outline of the last parsed version (empty when that version was not parsed, or is an email). */
  outline(uri: string, version: number): ReportOutlineEntry[] {
    const known = this.parsed.get(uri);
    if (!known || known.version !== version || !known.report || known.text === undefined) {
      return [];
    }
    return reportOutline(known.text, known.report);
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}

function withoutRange(finding: Finding): Finding {
  const { range: _range, related: _related, fix: _fix, ...rest } = finding;
  return rest;
}
