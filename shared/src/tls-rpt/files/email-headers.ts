/**
 * The header checks of an emailed TLS-RPT report (RFC 8460 §3, §5.3): the `multipart/report` media type with
 * `report-type=tlsrpt` (RPT201), the `TLS-Report-Domain` and `TLS-Report-Submitter` fields (RPT203–RPT205), the
 * Subject form (RPT206) and DKIM signatures without `l=` (RPT210). DKIM verification itself (RPT209, RPT211) needs
 * DNS and is not done here. Works on unfolded header values. Pure. Never throws.
 */
import { makeFinding } from '../../findings/finding.js';
import type { Finding } from '../../findings/types.js';
import { parseMediaType } from '../../text/media-type.js';
import { displayText } from '../../text/record-fields.js';
import { addressDomain, reportPolicyDomains } from './file-name.js';
import type { TlsReport } from '../model/report-model.js';

/** One header field as read from the message: lower-case name, unfolded value. */
export interface MessageHeader {
  key: string;
  value: string;
}

/** The first value of a header field, trimmed; undefined when absent. */
export function headerValue(headers: readonly MessageHeader[], name: string): string | undefined {
  const key = name.toLowerCase();
  return headers.find((h) => h.key === key)?.value.trim();
}

// RFC 8460 §5.3 Subject ABNF: keywords case-sensitive (`%s`), FWS (at least one space after unfolding) between
// tokens, domain-name per RFC 6376, and the Report-ID as an RFC 5322 msg-id (`<id-left@id-right>`).
const domainName = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*';
const atext = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~]";
const dotAtom = `${atext}+(?:\\.${atext}+)*`;
const subjectPattern = new RegExp(
  `^Report\\s+Domain:\\s+${domainName}\\s+Submitter:\\s+${domainName}\\s+Report-ID:\\s+` +
    `<${dotAtom}@(?:${dotAtom}|\\[[^\\[\\]\\\\\\s]*\\])>\\s*(?:\\([^()]*\\)\\s*)?$`,
);

/** Whether a Subject follows RFC 8460 §5.3 (`Report Domain: … Submitter: … Report-ID: <…@…>`). */
export function isReportSubject(subject: string): boolean {
  return subjectPattern.test(subject.trim());
}

/** The tags of a DKIM-Signature field (RFC 6376 §3.2 tag-list), names trimmed; the last of a repeated tag wins. */
export function dkimTags(value: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const spec of value.split(';')) {
    const eq = spec.indexOf('=');
    if (eq > 0) {
      tags.set(spec.slice(0, eq).trim(), spec.slice(eq + 1).replace(/\s+/g, ''));
    }
  }
  return tags;
}

const norm = (d: string): string => d.trim().toLowerCase().replace(/\.$/, '');

/** What the header checks read: the message's header fields, its decoded Subject, and the report (if read). */
export interface ReportMessage {
  headers: readonly MessageHeader[];
  subject: string | undefined;
  report: TlsReport | undefined;
}

/**
 * Check the headers of an emailed report: RPT201, RPT203, RPT204, RPT205, RPT206, RPT210. Findings carry no
 * range (they are about the message, not the report text).
 * @see RFC 8460 §3, §5.3, §5.6
 */
export function checkReportHeaders(message: ReportMessage): Finding[] {
  const findings: Finding[] = [];
  const { headers, report } = message;
  const contentType = parseMediaType(headerValue(headers, 'content-type') ?? 'text/plain');
  const reportType = contentType?.params['report-type'] ?? '';
  if (contentType?.type !== 'multipart/report' || reportType.toLowerCase() !== 'tlsrpt') {
    findings.push(
      makeFinding('RPT201', {
        data: { contentType: displayText(contentType?.type ?? ''), reportType: displayText(reportType) },
      }),
    );
  }
  const reportDomain = headerValue(headers, 'TLS-Report-Domain');
  const submitter = headerValue(headers, 'TLS-Report-Submitter');
  for (const [header, value] of [
    ['TLS-Report-Domain', reportDomain],
    ['TLS-Report-Submitter', submitter],
  ] as const) {
    if (value === undefined || value === '') {
      findings.push(makeFinding('RPT203', { data: { header } }));
    }
  }
  const contactDomain = addressDomain(report?.contactInfo);
  if (submitter && contactDomain !== undefined && norm(submitter) !== norm(contactDomain)) {
    findings.push(
      makeFinding('RPT204', {
        data: { submitter: displayText(submitter), domain: displayText(contactDomain) },
      }),
    );
  }
  const domains = reportPolicyDomains(report);
  if (reportDomain && domains.length > 0 && !domains.some((d) => norm(d) === norm(reportDomain))) {
    findings.push(
      makeFinding('RPT205', {
        data: { value: displayText(reportDomain), domains: domains.map((d) => displayText(d)).join(', ') },
      }),
    );
  }
  const subject = message.subject;
  if (subject === undefined || !isReportSubject(subject)) {
    findings.push(makeFinding('RPT206', { data: { subject: displayText(subject ?? '') } }));
  }
  // RFC 8460 §3: "DKIM signatures MUST NOT use the l= attribute" (a signed prefix lets anyone append data).
  for (const header of headers) {
    if (header.key === 'dkim-signature') {
      const tags = dkimTags(header.value);
      if (tags.has('l')) {
        findings.push(
          makeFinding('RPT210', {
            data: { domain: displayText(tags.get('d') ?? ''), length: displayText(tags.get('l') ?? '') },
          }),
        );
      }
    }
  }
  return findings;
}
