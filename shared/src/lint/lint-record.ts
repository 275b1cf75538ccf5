/**
 * Linting an MTA-STS or TLS-RPT record file (one TXT value): loaded by `lintDocument` only for a record. Pure.
 * Never throws.
 */
import { guardParse } from '../findings/guard.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import { limits } from '../limits.js';
import { parseStsRecord } from '../mta-sts/record.js';
import { parseTlsRptRecord } from '../tls-rpt/record/record.js';

/** The size of a record file's value in bytes: one final line break is not part of it. */
function recordBytes(bytes: Uint8Array): number {
  const n = bytes.length;
  if (bytes[n - 1] !== 0x0a) {
    return n;
  }
  return bytes[n - 2] === 0x0d ? n - 2 : n - 1;
}

/** A record file holds one TXT value; one final line break is not part of it. */
function recordText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).replace(/\r?\n$/, '');
}

/** The record's text (what the ranges refer to) and its findings, unsorted and uncapped. */
export function lintRecord(
  kind: 'sts-record' | 'tlsrpt-record',
  bytes: Uint8Array,
  maxRecordBytes: number | undefined,
): { text: string; findings: Finding[] } {
  const limit = maxRecordBytes ?? limits.recordBytes;
  const size = recordBytes(bytes);
  if (size > limit) {
    // Refused before decoding: a record file of megabytes costs nothing to read.
    const code = kind === 'sts-record' ? 'STS019' : 'RPT021';
    const at = { line: 0, character: 0 };
    return {
      text: '',
      findings: [makeFinding(code, { range: { start: at, end: at }, data: { size, limit } })],
    };
  }
  const text = recordText(bytes);
  const parsed =
    kind === 'sts-record'
      ? guardParse(() => parseStsRecord(text))
      : guardParse(() => parseTlsRptRecord(text));
  return { text, findings: parsed.findings };
}
