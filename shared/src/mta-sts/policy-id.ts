/**
 * A fresh MTA-STS policy `id` and record skeletons. The id is the UTC time written as letters and digits
 * (`20240601T120000Z`): it fits `1*32(ALPHA / DIGIT)` and a later change gets a larger, different id, which is what
 * senders compare (RFC 8461 §3.1). Pure: the caller gives the time.
 */
import type { Fix } from '../findings/types.js';
import { replaceFix } from '../text/record-fields.js';
import { parseStsRecord } from './record.js';

/** A policy id for the given time (milliseconds since the epoch). */
export function newPolicyId(nowMs: number): string {
  const iso = new Date(Number.isFinite(nowMs) ? nowMs : 0).toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** Record values to start from: an `_mta-sts` record with a fresh id, and an `_smtp._tls` record. */
export function recordSkeletons(nowMs: number): { kind: 'sts-record' | 'tlsrpt-record'; text: string }[] {
  return [
    { kind: 'sts-record', text: `v=STSv1; id=${newPolicyId(nowMs)}` },
    { kind: 'tlsrpt-record', text: 'v=TLSRPTv1; rua=mailto:tls-reports@example.com' },
  ];
}

/**
 * A fix giving an `_mta-sts` record value a fresh id: the first `id` value replaced, or `; id=…` added when the
 * record has none. Undefined when the text is not an MTA-STS record (nor a near miss). Ranges on line 0.
 */
export function newIdFix(recordText: string, nowMs: number): Fix | undefined {
  const parsed = parseStsRecord(recordText).value;
  if (!parsed) {
    return undefined;
  }
  const id = newPolicyId(nowMs);
  const field = parsed.fields.find((f) => f.name === 'id');
  if (field) {
    return replaceFix(`New policy id ${id}`, field.valueStart, field.valueEnd, id);
  }
  const end = recordText.replace(/[\s;]+$/, '').length;
  return replaceFix(`Add policy id ${id}`, end, end, `; id=${id}`);
}
