/** Which part of a posture each finding is about, from its code's scope in the catalogue. Pure. */
import { catalogue, type FindingCode } from '../findings/catalogue.js';
import type { Finding, Scope } from '../findings/types.js';
import type { FindingText, PostureFinding, PosturePart } from './types.js';

const partOfScope: Record<Scope, PosturePart> = {
  'sts-txt': 'record',
  'sts-dns': 'record',
  fetch: 'policy',
  policy: 'policy',
  history: 'policy',
  posture: 'policy',
  mx: 'mx',
  'mx-tls': 'mx',
  dane: 'dane',
  'rpt-txt': 'tls-rpt',
  'rpt-dns': 'tls-rpt',
  report: 'tls-rpt',
  'report-msg': 'tls-rpt',
  dns: 'dns',
  internal: 'dns',
};

/** Codes whose scope names no single part, placed where a reader looks for them. */
const partOfCode: Partial<Record<FindingCode, PosturePart>> = {
  // MTA-STS without TLS-RPT: shown with the TLS-RPT record that is missing.
  STS227: 'tls-rpt',
  // The record disappeared while senders may keep a cached policy.
  STS118: 'record',
};

/** The part of a posture a finding of this code is about. */
export function postureFindingPart(code: FindingCode): PosturePart {
  return partOfCode[code] ?? partOfScope[catalogue[code].scope];
}

/** A finding placed in its posture: its part, and the text its range is in (null when it has no range). */
export function placeFinding(finding: Finding, rangeIn: FindingText | null): PostureFinding {
  return { ...finding, part: postureFindingPart(finding.code), rangeIn: finding.range ? rangeIn : null };
}
