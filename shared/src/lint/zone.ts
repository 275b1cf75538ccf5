/**
 * Linting the MTA-STS (`_mta-sts`) and TLS-RPT (`_smtp._tls`) TXT records of a DNS zone file in place: each record's
 * joined value goes through the record parser, and every range, related location and fix is mapped back through
 * the quoted strings to the file. Pure. Never throws.
 */
import { guardParse } from '../findings/guard.js';
import type { Finding, Fix, Range } from '../findings/types.js';
import { isNearMissSts, isStsRecordCandidate, parseStsRecord } from '../mta-sts/record.js';
import { newIdFix } from '../mta-sts/policy-id.js';
import { createLineIndex, type LineIndex } from '../text/line-index.js';
import { isNearMissTlsRpt, isTlsRptRecordCandidate, parseTlsRptRecord } from '../tls-rpt/record/record.js';
import {
  escapeZoneString,
  isPlainZoneRange,
  readZoneTxtRecords,
  zoneValueOffsets,
  type ZoneTxtRecord,
} from '../dns/zone-file.js';

/** A policy record found in a zone file. */
export interface ZoneRecordLint {
  kind: 'sts-record' | 'tlsrpt-record';
  owner: string;
  value: string;
  /** Where the record's data is written in the file. */
  range: Range;
  /** Where the owner is written (the line's start when omitted). */
  ownerRange: Range;
  findings: Finding[];
}

/** The result of linting a zone file. */
export interface ZoneLint {
  records: ZoneRecordLint[];
  /** Every record's findings, mapped to the file, in file order. */
  findings: Finding[];
}

/** Which record kind an owner name holds: `_mta-sts.…` or `_smtp._tls.…` (RFC 8461 §3.1, RFC 8460 §3). */
export function recordKindOfOwner(owner: string): 'sts-record' | 'tlsrpt-record' | undefined {
  const name = owner.toLowerCase();
  if (name === '_mta-sts' || name.startsWith('_mta-sts.')) {
    return 'sts-record';
  }
  if (name === '_smtp._tls' || name.startsWith('_smtp._tls.')) {
    return 'tlsrpt-record';
  }
  return undefined;
}

function mapRange(record: ZoneTxtRecord, index: LineIndex, range: Range): Range {
  const [start, end] = zoneValueOffsets(record, range.start.character, range.end.character);
  return index.rangeOf(start, end);
}

function mapFix(record: ZoneTxtRecord, index: LineIndex, fix: Fix): Fix | undefined {
  const edits = [];
  for (const edit of fix.edits) {
    const { start, end } = edit.range;
    if (start.line !== 0 || end.line !== 0) {
      return undefined;
    }
    const s = start.character;
    const e = end.character;
    const inside = e > s ? isPlainZoneRange(record, s, e) : s > 0 && isPlainZoneRange(record, s - 1, s);
    if (!inside) {
      return undefined;
    }
    const [from, to] =
      e > s
        ? zoneValueOffsets(record, s, e)
        : [zoneValueOffsets(record, s - 1, s)[1], zoneValueOffsets(record, s - 1, s)[1]];
    edits.push({ range: index.rangeOf(from, to), newText: escapeZoneString(edit.newText) });
  }
  return { title: fix.title, edits };
}

function mapFinding(record: ZoneTxtRecord, index: LineIndex, finding: Finding): Finding {
  const mapped: Finding = {
    ...finding,
    range: finding.range
      ? mapRange(record, index, finding.range)
      : index.rangeOf(record.dataStart, record.dataEnd),
  };
  if (finding.related) {
    mapped.related = finding.related.map((r) => ({ ...r, range: mapRange(record, index, r.range) }));
  }
  if (finding.fix) {
    const fix = mapFix(record, index, finding.fix);
    if (fix) {
      mapped.fix = fix;
    } else {
      delete mapped.fix;
    }
  }
  return mapped;
}

/**
 * Lint the `_mta-sts` and `_smtp._tls` TXT records of a zone file. Records that are neither the record kind nor a
 * near miss of it (a stray SPF record, say) are left alone: senders ignore them.
 */
export function lintZoneFile(text: string, origin = ''): ZoneLint {
  const index = createLineIndex(text);
  const records: ZoneRecordLint[] = [];
  const findings: Finding[] = [];
  for (const record of readZoneTxtRecords(text, origin)) {
    const kind = recordKindOfOwner(record.owner);
    const v = record.value;
    let parsed: Finding[] | undefined;
    if (kind === 'sts-record' && (isStsRecordCandidate(v) || isNearMissSts(v))) {
      parsed = guardParse(() => parseStsRecord(v)).findings;
    } else if (kind === 'tlsrpt-record' && (isTlsRptRecordCandidate(v) || isNearMissTlsRpt(v))) {
      parsed = guardParse(() => parseTlsRptRecord(v)).findings;
    }
    if (!kind || !parsed) {
      continue;
    }
    const mapped = parsed.map((f) => mapFinding(record, index, f));
    records.push({
      kind,
      owner: record.owner,
      value: v,
      range: index.rangeOf(record.dataStart, record.dataEnd),
      ownerRange: index.rangeOf(record.ownerStart, record.ownerEnd),
      findings: mapped,
    });
    findings.push(...mapped);
  }
  return { records, findings };
}

/**
 * For each `_mta-sts` record of a zone file, a fix giving it a fresh policy id, mapped into the file (only where
 * the id is written plainly inside one quoted string). `range` is the record's data.
 */
export function zoneNewIdFixes(text: string, origin: string, nowMs: number): { range: Range; fix: Fix }[] {
  const index = createLineIndex(text);
  const out: { range: Range; fix: Fix }[] = [];
  for (const record of readZoneTxtRecords(text, origin)) {
    if (recordKindOfOwner(record.owner) !== 'sts-record') {
      continue;
    }
    const fix = newIdFix(record.value, nowMs);
    const mapped = fix && mapFix(record, index, fix);
    if (mapped) {
      out.push({ range: index.rangeOf(record.dataStart, record.dataEnd), fix: mapped });
    }
  }
  return out;
}
