/**
 * Linting a report document and keeping its parse for the preview: the work the lint worker does, also run in
 * the server's own thread where no worker is available (unit tests). Plain data in and out, so it crosses a
 * worker boundary unchanged.
 */
import {
  readReportEmail,
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
const maxReportBytes = 256 * 1024 * 1024;

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
    if (job.kind === 'report') {
      const read = readReportText(job.text, { maxDecompressedBytes: maxReportBytes });
      findings = read.findings;
      report = read.value;
      text = job.text;
    } else {
      const read = await readReportEmail(new TextEncoder().encode(job.text), {
        gunzipStream: webGunzipStream(),
        maxDecompressedBytes: maxReportBytes,
      });
      report = read.value;
      text = read.text === job.text ? job.text : undefined;
      // Ranges of an emailed report refer to the report inside the message, not to the message as written.
      findings = read.text === job.text ? read.findings : read.findings.map(withoutRange);
    }
    this.parsed.set(job.uri, { version: job.version, report, text });
    // The core's readers will take the cap themselves (and stop making findings past it); until then it is cut here.
    const total = findings.length;
    return {
      uri: job.uri,
      version: job.version,
      findings: total > job.maxFindings ? findings.slice(0, job.maxFindings) : findings,
      total,
    };
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
