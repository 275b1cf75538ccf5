/**
 * Emailed TLS-RPT reports (RFC 8460 §5.3): a saved message (`.eml`, the `multipart/report; report-type=tlsrpt`
 * mail Google, Microsoft and others send) is read with postal-mime (MIT-0, no dependencies, runs in browsers,
 * workers and Node), its report part found and decoded, and the message checked: RPT201–RPT208, RPT210, RPT212,
 * RPT213, and RPT214 when it holds no readable report. The report itself is read as a `.json`/`.json.gz` file is.
 * Pure: gzip goes through the injected decompressor. Never rejects.
 */
import { appendFindings, countFindings, joinCapped, type FindingCounts } from '../../findings/budget.js';
import { limits } from '../../limits.js';
import PostalMime from 'postal-mime';
import type { Attachment, Email } from 'postal-mime';
import { makeFinding } from '../../findings/finding.js';
import type { Finding, Parsed } from '../../findings/types.js';
import { isGzip } from '../../gzip/decompressor.js';
// Re-exported: report-file.ts and the core's index take it from here.
export { looksLikeEmail } from './email-sniff.js';
import { displayText } from '../../text/record-fields.js';
import { checkReportHeaders, headerValue } from './email-headers.js';
import { checkReportFileName } from './file-name.js';
import type { TlsReport } from '../model/report-model.js';
import { defaultReportReadOptions, readReportBytes, type ReportReadOptions } from '../parse/report.js';
import { formatBytes } from '../parse/report-values.js';
import { tellProgress } from '../stream/report-progress.js';

/** What the message said about its report, for display (header values as written, untrusted). */
export interface ReportEmail {
  subject?: string;
  from?: string;
  date?: string;
  messageId?: string;
  /** `TLS-Report-Domain`. */
  reportDomain?: string;
  /** `TLS-Report-Submitter`. */
  submitter?: string;
  /** The part the report was read from; absent when there was none. */
  part?: ReportPart;
}

/** The MIME part that carried the report. */
export interface ReportPart {
  /** Lower-case media type, e.g. `application/tlsrpt+gzip`. */
  mediaType: string;
  fileName?: string;
  /** Size of the decoded part (before decompression). */
  bytes: number;
  gzip: boolean;
}

/** Options of `readReportEmail`: those of the report bytes, plus a bound on the message. */
export interface ReportEmailOptions extends ReportReadOptions {
  /** The largest message read (default `limits.emailBytes`, room for a large report in base64). */
  maxEmailBytes: number;
}

/** The defaults of `ReportEmailOptions`. */
export const defaultReportEmailOptions: ReportEmailOptions = {
  ...defaultReportReadOptions,
  maxEmailBytes: limits.emailBytes,
};

/**
 * Why a message has too many MIME parts or nests them too deeply to be a report email, or undefined. Counted on
 * the raw text before the MIME parser runs: it spends time per part (a message of 200,000 empty parts took 30 s
 * per megabyte) and recurses per level. Delimiter lines are `--boundary` for a boundary some header declares.
 */
export function mimeShapeProblem(bytes: Uint8Array): string | undefined {
  const text = new TextDecoder('latin1').decode(bytes);
  const boundaries = new Set<string>();
  for (const match of text.matchAll(/;\s*boundary\s*=\s*(?:"([^"\r\n]+)"|([^\s;"]+))/gi)) {
    boundaries.add(match[1] ?? match[2] ?? '');
    if (boundaries.size > limits.mimeNesting) {
      return `it declares more than ${limits.mimeNesting} multipart boundaries (a report email has one)`;
    }
  }
  let parts = 0;
  for (const boundary of boundaries) {
    const delimiter = `\n--${boundary}`;
    for (let at = text.startsWith(`--${boundary}`) ? 0 : text.indexOf(delimiter); at >= 0;) {
      if (++parts > limits.mimeParts) {
        return `it has more than ${limits.mimeParts} MIME parts (a report email has two or three)`;
      }
      at = text.indexOf(delimiter, at + 1);
    }
  }
  return undefined;
}

/** The result of reading an emailed report: the report, all findings, the report text ranges refer to. */
export interface ReportEmailRead extends Parsed<TlsReport> {
  /** The counts of all findings, listed or not (`maxFindings`). */
  counts: FindingCounts;
  /** The decoded report JSON (finding ranges refer to it); undefined when no report text was obtained. */
  text: string | undefined;
  /** The message's metadata; undefined when the message could not be parsed at all. */
  email: ReportEmail | undefined;
}

/** The registered report media types (RFC 8460 §6.4, §6.5). */
const reportTypes = new Set(['application/tlsrpt+gzip', 'application/tlsrpt+json']);
/** Types seen in the wild for the report part (Stalwart's fixtures use `application/tlsrpt`): RPT202. */
const toleratedTypes = new Set([
  'application/tlsrpt',
  'application/gzip',
  'application/x-gzip',
  'application/json',
  'text/json',
]);
const reportLikeName = /\.(json|json\.gz|gz)$/i;

/** The part holding the report: a registered type first, then a tolerated type, then a report-like file name. */
function reportPart(
  attachments: readonly Attachment[],
): { part: Attachment; registered: boolean } | undefined {
  const registered = attachments.find((a) => reportTypes.has(a.mimeType));
  if (registered) {
    return { part: registered, registered: true };
  }
  const tolerated =
    attachments.find((a) => toleratedTypes.has(a.mimeType)) ??
    attachments.find((a) => a.filename !== null && reportLikeName.test(a.filename));
  return tolerated ? { part: tolerated, registered: false } : undefined;
}

function contentBytes(content: Attachment['content']): Uint8Array {
  if (typeof content === 'string') {
    return new TextEncoder().encode(content);
  }
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

function emailMeta(email: Email): ReportEmail {
  const from = email.from?.address ?? email.from?.name;
  const meta: ReportEmail = {};
  const set = (key: Exclude<keyof ReportEmail, 'part'>, value: string | undefined): void => {
    if (value !== undefined && value !== '') {
      meta[key] = value;
    }
  };
  set('subject', email.subject);
  set('from', from);
  set('date', email.date);
  set('messageId', email.messageId);
  set('reportDomain', headerValue(email.headers, 'TLS-Report-Domain'));
  set('submitter', headerValue(email.headers, 'TLS-Report-Submitter'));
  return meta;
}

/**
 * Read a saved report email (RFC 5322 message bytes). The report is the first part of type
 * `application/tlsrpt+gzip` or `application/tlsrpt+json`; failing that a part of a tolerated type
 * (`application/tlsrpt`, `application/gzip`, `application/json` …) or with a report-like file name, with RPT202.
 * The message findings (no range) come first, then the report's (ranges in `text`). Never rejects.
 * @see RFC 8460 §5.3
 */
export async function readReportEmail(
  bytes: Uint8Array,
  options: Partial<ReportEmailOptions> = {},
): Promise<ReportEmailRead> {
  const maxEmailBytes = options.maxEmailBytes ?? defaultReportEmailOptions.maxEmailBytes;
  const none = (reason: string, email?: ReportEmail, findings: Finding[] = []): ReportEmailRead => {
    const all = [...findings, makeFinding('RPT214', { data: { reason } })];
    return { value: undefined, findings: all, counts: countFindings(all), text: undefined, email };
  };
  if (bytes.length > maxEmailBytes) {
    return none(`the message is larger than ${formatBytes(maxEmailBytes)}`);
  }
  const shape = mimeShapeProblem(bytes);
  if (shape !== undefined) {
    return none(shape);
  }
  let email: Email;
  tellProgress(options.onProgress, { phase: 'message', total: bytes.length });
  try {
    // Nesting and header size bounds stop hostile messages; a report email has two or three parts.
    email = await PostalMime.parse(bytes, { maxNestingDepth: limits.mimeNesting, maxRfc822NestingDepth: 2 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return none(`the message cannot be parsed (${displayText(reason)})`);
  }
  const meta = emailMeta(email);
  const found = reportPart(email.attachments);
  if (found === undefined) {
    const types = email.attachments.map((a) => displayText(a.mimeType));
    const headerFindings = checkReportHeaders({
      headers: email.headers,
      subject: email.subject,
      report: undefined,
    });
    return none(
      types.length === 0
        ? 'the message has no attachment'
        : `no part is \`application/tlsrpt+gzip\` or \`application/tlsrpt+json\` (parts: ${types.join(', ')})`,
      meta,
      headerFindings,
    );
  }
  const { part, registered } = found;
  const content = contentBytes(part.content);
  const gzip = isGzip(content);
  meta.part = {
    mediaType: part.mimeType,
    ...(part.filename === null ? {} : { fileName: part.filename }),
    bytes: content.length,
    gzip,
  };
  const read = await readReportBytes(content, options);
  const findings: Finding[] = checkReportHeaders({
    headers: email.headers,
    subject: email.subject,
    report: read.value,
  });
  if (!registered) {
    findings.push(makeFinding('RPT202', { data: { type: displayText(part.mimeType) } }));
  }
  if (part.filename !== null) {
    appendFindings(findings, checkReportFileName(part.filename, { gzip, report: read.value, strict: true }));
  }
  // RFC 8460 §5.2: reports SHOULD be gzip-compressed; said only of reports that travelled, never of saved files.
  if (!gzip) {
    findings.push(makeFinding('RPT213'));
  }
  const joined = joinCapped(
    { findings, counts: countFindings(findings) },
    read,
    options.maxFindings ?? defaultReportEmailOptions.maxFindings,
  );
  return { value: read.value, ...joined, text: read.text, email: meta };
}
