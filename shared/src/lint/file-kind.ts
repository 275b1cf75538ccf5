/**
 * What a file is, decided once for every shell (the CLI's `lint` and `report`, the language server): a policy, a
 * record, a TLS-RPT report or a saved report email, told by its name where the name is one of ours and otherwise by
 * its first bytes; or not ours, with the reason in words. Pure. Never throws.
 */
import { isGzip } from '../gzip/decompressor.js';
import { looksLikeEmail } from '../tls-rpt/files/email-sniff.js';
import { baseName, parseReportFileName } from '../tls-rpt/files/file-name.js';
import type { DocumentKind } from './document-kind.js';

/** How many leading bytes `detectFileKind` looks at; a caller may pass just these, or the whole file. */
export const fileKindHeadBytes = 4096;

/** A file that is ours: its kind, and whether the name or the content told it. */
export interface OurFile {
  kind: DocumentKind;
  by: 'name' | 'content';
}

/** A file that is not ours, and why, in words that finish "skipped x: …". */
export interface NotOurFile {
  kind: undefined;
  reason: string;
}

export type FileKindDecision = OurFile | NotOurFile;

const notOurs = (reason: string): NotOurFile => ({ kind: undefined, reason });

/** Members only a TLS-RPT report has at its top level (RFC 8460 §4.3), as they appear in JSON text. */
const reportMembers = ['"organization-name"', '"policies"', '"report-id"', '"date-range"', '"contact-info"'];
/** The keys of a policy (RFC 8461 §3.2), at the start of a line. */
const policyKey = /^[ \t]*(version|mode|mx|max_age)[ \t]*:/i;

/** The lines of the head that are not blank (a cut last line included). */
function headLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
}

/**
 * A policy by content: `version: STSv1` on a line of its own, or lines for two different policy keys (a policy
 * that lacks its version line is still a policy, and says so when linted).
 */
function looksLikePolicy(text: string): boolean {
  const keys = new Set<string>();
  for (const line of headLines(text).slice(0, 32)) {
    if (/^[ \t]*version[ \t]*:[ \t]*stsv1[ \t]*$/i.test(line)) {
      return true;
    }
    const key = policyKey.exec(line)?.[1]?.toLowerCase();
    if (key !== undefined) {
      keys.add(key);
    }
  }
  return keys.size >= 2;
}

/** Bytes that no text file has: many controls other than line breaks and tabs (one stray NUL is a fault). */
function looksBinary(head: Uint8Array): boolean {
  let controls = 0;
  for (const b of head) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) {
      controls++;
    }
  }
  return controls > head.length / 10;
}

/** What JSON text is: a report when its top level is an object with a report's members near the start. */
function jsonKind(text: string): FileKindDecision | undefined {
  if (text.startsWith('[')) {
    return notOurs('a JSON array, not a TLS-RPT report (a report is a JSON object)');
  }
  if (!text.startsWith('{')) {
    return undefined;
  }
  if (reportMembers.some((member) => text.includes(member))) {
    return { kind: 'report', by: 'content' };
  }
  return notOurs('JSON without the members of a TLS-RPT report (organization-name, policies, report-id)');
}

/**
 * Decide what a file is from its name (any path; only the last segment counts) and its first bytes (at least
 * `fileKindHeadBytes` of them when the file is that long). By name: `mta-sts.txt`, `*.mta-sts.txt` and
 * `*.policy.txt` are policies; `.eml` files are report emails; `.json.gz` files and names of the RFC 8460 §5.1 form
 * are reports (a broken one is linted and its faults found). Otherwise by content: gzip under a `.gz` or `.json`
 * name is a report; a JSON object with a report's top-level members is a report, other JSON is not; a message that
 * mentions TLS-RPT is a report email; `v=STSv1…` and `v=TLSRPTv1…` are records; text with policy keys is a policy.
 * @see RFC 8460 §5.1, §5.3; RFC 8461 §3.1, §3.2
 */
export function detectFileKind(fileName: string, head: Uint8Array): FileKindDecision {
  const name = baseName(fileName).toLowerCase();
  if (name === 'mta-sts.txt' || name.endsWith('.mta-sts.txt') || name.endsWith('.policy.txt')) {
    return { kind: 'policy', by: 'name' };
  }
  if (name.endsWith('.eml')) {
    return { kind: 'report-email', by: 'name' };
  }
  if (name.endsWith('.json.gz') || parseReportFileName(name) !== undefined) {
    return { kind: 'report', by: 'name' };
  }
  const bytes = head.subarray(0, fileKindHeadBytes);
  if (bytes.length === 0) {
    return notOurs('an empty file');
  }
  if (isGzip(bytes)) {
    const archive = name.endsWith('.tar.gz') || name.endsWith('.tgz');
    return !archive && (name.endsWith('.gz') || name.endsWith('.json'))
      ? { kind: 'report', by: 'content' }
      : notOurs('gzip data under a name that is not .json.gz or .gz');
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
  const start = text.trimStart();
  // Before the test for binary data: a report with bytes that break it is still a report, and is linted.
  const json = jsonKind(start);
  if (json) {
    return json;
  }
  if (looksBinary(bytes)) {
    return notOurs('binary data');
  }
  if (looksLikeEmail(bytes)) {
    return /tlsrpt|tls-report-domain/i.test(text)
      ? { kind: 'report-email', by: 'content' }
      : notOurs('an email that is not a TLS-RPT report');
  }
  if (/^v[ \t]*=[ \t]*sts/i.test(start)) {
    return { kind: 'sts-record', by: 'content' };
  }
  if (/^v[ \t]*=[ \t]*tlsrpt/i.test(start)) {
    return { kind: 'tlsrpt-record', by: 'content' };
  }
  if (looksLikePolicy(text)) {
    return { kind: 'policy', by: 'content' };
  }
  return notOurs('not a policy, record, report or report email');
}
