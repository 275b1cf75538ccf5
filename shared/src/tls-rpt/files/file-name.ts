/**
 * Report file names (RFC 8460 §5.1): `sender!policy-domain!begin!end[!unique-id].json[.gz]`, read and set against
 * the report they name. RPT207 when a name does not follow the form, RPT208 when it disagrees with the report (the
 * report wins, §5.6), RPT212 when `.json`/`.json.gz` disagrees with the bytes (§6.5: gzip starts with `1f 8b`).
 * Pure. Never throws.
 */
import { appendFindings } from '../../findings/budget.js';
import { makeFinding } from '../../findings/finding.js';
import type { Finding } from '../../findings/types.js';
import { displayText } from '../../text/record-fields.js';
import type { TlsReport } from '../model/report-model.js';

/** A file name that follows RFC 8460 §5.1. */
export interface ReportFileName {
  /** The sending domain (the domain of the report's `contact-info`). */
  sender: string;
  policyDomain: string;
  /** Start and end of the reported range, seconds since the Unix epoch. */
  beginSeconds: number;
  endSeconds: number;
  uniqueId?: string;
  extension: 'json' | 'json.gz';
}

// RFC 5321 `Domain` (sub-domain *("." sub-domain), sub-domain = Let-dig [Ldh-str]): A-labels only, so U-labels
// fail here as §5.1 requires ("the domain MUST consist of the Punycode-encoded A-labels").
const domain = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*';
// ABNF literals are case-insensitive (RFC 5234 §2.3), so `.JSON.GZ` follows the form too.
const fileNamePattern = new RegExp(
  `^(${domain})!(${domain})!(\\d+)!(\\d+)(?:!([A-Za-z0-9]+))?\\.(json|json\\.gz)$`,
  'i',
);

/** The last segment of a path (either separator), so a folder name never takes part. */
export function baseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? name;
}

/**
 * Read a report file name (the last path segment of `name`); undefined when it does not follow RFC 8460 §5.1.
 * @see RFC 8460 §5.1
 */
export function parseReportFileName(name: string): ReportFileName | undefined {
  const match = fileNamePattern.exec(baseName(name));
  if (!match) {
    return undefined;
  }
  const [, sender = '', policyDomain = '', begin = '', end = '', uniqueId, extension = ''] = match;
  return {
    sender,
    policyDomain,
    beginSeconds: Number(begin),
    endSeconds: Number(end),
    ...(uniqueId === undefined ? {} : { uniqueId }),
    extension: extension.toLowerCase() === 'json' ? 'json' : 'json.gz',
  };
}

/** Domain names compare case-insensitively and without a final dot. */
function sameDomain(a: string, b: string): boolean {
  const norm = (d: string): string => d.trim().toLowerCase().replace(/\.$/, '');
  return norm(a) === norm(b);
}

/** The domain of an addr-spec (after the last `@`); undefined when there is none. */
export function addressDomain(address: string | undefined): string | undefined {
  const at = address?.lastIndexOf('@') ?? -1;
  const domainPart = at >= 0 ? address?.slice(at + 1).trim() : undefined;
  return domainPart === undefined || domainPart === '' ? undefined : domainPart;
}

/** The distinct `policy-domain` values of a report, as written. */
export function reportPolicyDomains(report: TlsReport | undefined): string[] {
  const seen = new Map<string, string>();
  for (const policy of report?.policies ?? []) {
    const d = policy.policyDomain;
    if (d !== undefined && d.trim() !== '') {
      seen.set(d.trim().toLowerCase().replace(/\.$/, ''), d);
    }
  }
  return [...seen.values()];
}

const iso = (seconds: number): string =>
  Number.isFinite(seconds) && Math.abs(seconds) < 8.64e12
    ? new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')
    : 'out of range';

/** What a name checks against: whether the bytes are gzip, and the report read from them (if any). */
export interface FileNameContext {
  gzip: boolean;
  report: TlsReport | undefined;
  /**
   * Whether a name that does not follow §5.1 is a finding (RPT207). True for names a reporter gave (email
   * attachments); for files on disk, which whoever saved them named, only names that try the form (hold a `!`).
   */
  strict: boolean;
}

/** RPT212: the extension promises gzip or plain JSON, the bytes say otherwise. */
function checkExtension(name: string, gzip: boolean): Finding[] {
  const lower = name.toLowerCase();
  if (lower.endsWith('.gz') && !gzip) {
    const ext = lower.endsWith('.json.gz') ? '.json.gz' : '.gz';
    return [makeFinding('RPT212', { data: { ext, actual: 'not gzip-compressed' } })];
  }
  if (lower.endsWith('.json') && gzip) {
    return [makeFinding('RPT212', { data: { ext: '.json', actual: 'gzip-compressed' } })];
  }
  return [];
}

/** RPT208, one per disagreement between the name and the report (RFC 8460 §5.6: the report wins). */
function checkAgainstReport(parsed: ReportFileName, report: TlsReport): Finding[] {
  const findings: Finding[] = [];
  const differs = (what: string, actual: string): void => {
    findings.push(makeFinding('RPT208', { data: { what, actual } }));
  };
  const contactDomain = addressDomain(report.contactInfo);
  if (contactDomain !== undefined && !sameDomain(parsed.sender, contactDomain)) {
    differs(
      `sender \`${displayText(parsed.sender)}\``,
      `contact-info domain \`${displayText(contactDomain)}\``,
    );
  }
  const domains = reportPolicyDomains(report);
  if (domains.length > 0 && !domains.some((d) => sameDomain(d, parsed.policyDomain))) {
    differs(
      `policy domain \`${displayText(parsed.policyDomain)}\``,
      `policy-domain ${domains.map((d) => `\`${displayText(d)}\``).join(', ')}`,
    );
  }
  const { startMs, endMs } = report.dateRange ?? {};
  if (startMs !== undefined && parsed.beginSeconds !== Math.floor(startMs / 1000)) {
    differs(
      `begin ${parsed.beginSeconds} (${iso(parsed.beginSeconds)})`,
      `start-datetime ${iso(Math.floor(startMs / 1000))}`,
    );
  }
  const end = endMs === undefined ? undefined : Math.floor(endMs / 1000);
  // A day written as `…T23:59:59Z` in one place and as the next `T00:00:00Z` in the other is the same range.
  if (end !== undefined && parsed.endSeconds !== end && Math.abs(parsed.endSeconds - end) !== 1) {
    differs(`end ${parsed.endSeconds} (${iso(parsed.endSeconds)})`, `end-datetime ${iso(end)}`);
  }
  return findings;
}

/**
 * Check a report's file name: RPT212 (extension against the bytes), RPT207 (not the §5.1 form, see
 * `FileNameContext.strict`), RPT208 (the name disagrees with the report). Findings carry no range: they are about
 * the name, not the text.
 * @see RFC 8460 §5.1, §5.6
 */
export function checkReportFileName(name: string, context: FileNameContext): Finding[] {
  const base = baseName(name);
  const findings = checkExtension(base, context.gzip);
  const parsed = parseReportFileName(base);
  if (parsed === undefined) {
    if (context.strict || base.includes('!')) {
      findings.push(makeFinding('RPT207', { data: { name: displayText(base) } }));
    }
    return findings;
  }
  if (context.report) {
    appendFindings(findings, checkAgainstReport(parsed, context.report));
  }
  return findings;
}
