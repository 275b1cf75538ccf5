/**
 * The `_mta-sts` TXT record (RFC 8461 §3.1): one TXT value (its strings already joined) to an `StsRecord` plus
 * findings STS005–STS012, STS017 and STS018. One defect yields one finding. Pure. Never throws.
 */
import { makeFinding } from '../findings/finding.js';
import { guardParse } from '../findings/guard.js';
import type { Finding, Parsed, RelatedLocation } from '../findings/types.js';
import { lineRange } from '../text/line-index.js';
import { readRecordHead, type RecordHeadCodes } from '../text/record-head.js';
import {
  displayText,
  hasOffendingChar,
  inTextOrder,
  isExtensionName,
  isExtensionValue,
  isNearMissVersion,
  startsWithVersion,
  type RecordField,
  type Span,
} from '../text/record-fields.js';

/** A parsed `_mta-sts` record. */
export interface StsRecord {
  /** The version as written: `STSv1`, or e.g. `stsv1` for a near miss (which also carries STS005). */
  version: string;
  /** The policy id as written, from the first `id` field (RFC 8461 §3.2: the first occurrence counts). */
  id: string | undefined;
  /** The fields after the version, in order (including `id`). */
  fields: RecordField[];
}

const headCodes: RecordHeadCodes = {
  prefix: 'STS005',
  chars: 'STS012',
  spaceBeforeDelim: 'STS006',
  missingDelim: 'STS018',
  emptyField: 'STS017',
};

const tag = 'STSv1';
/** `sts-id = %s"id=" 1*32(ALPHA / DIGIT)` */
const idValue = /^[A-Za-z0-9]{1,32}$/;

/**
 * Whether a TXT value takes part in MTA-STS discovery: it begins with byte-exact `v=STSv1` followed by `;`, WSP or
 * the end. (RFC 8461 §3.1 discards records not beginning with `v=STSv1;`; WSP before the `;` is grammatical, so such
 * records are kept and warned about with STS006.)
 * @see RFC 8461 §3.1
 */
export function isStsRecordCandidate(text: string): boolean {
  return startsWithVersion(text, tag);
}

/**
 * Whether a TXT value looks meant as an MTA-STS record without beginning with exact `v=STSv1` (`V=STSv1`,
 * `v = STSv1`, ` v=STSv1`, `v=stsv1`): such a record gets STS005, not STS003.
 */
export function isNearMissSts(text: string): boolean {
  return isNearMissVersion(text, tag);
}

const fieldSpan = (field: RecordField): Span => ({ start: field.nameStart, end: field.valueEnd });

function parse(text: string): Parsed<StsRecord> {
  const head = readRecordHead(text, tag, headCodes);
  const findings: Finding[] = [...head.findings];
  const { version, layout } = head;
  if (!layout) {
    return { value: undefined, findings };
  }
  const fields: RecordField[] = [];
  const ids: RecordField[] = [];
  for (const segment of layout.segments) {
    const { field } = segment;
    // Fields holding non-ASCII or control characters are covered by STS012 alone.
    const stray = hasOffendingChar(text, segment.start, segment.end);
    const range = lineRange(segment.start, segment.end);
    if (!field) {
      if (!stray) {
        findings.push(makeFinding('STS010', { range, data: { text: displayText(segment.text) } }));
      }
      continue;
    }
    fields.push(field);
    // `%s"id="`: the name is case-sensitive, so `ID=` is an extension.
    if (field.name === 'id') {
      ids.push(field);
    }
    if (stray) {
      continue;
    }
    if (segment.spacedEquals || (field.name !== 'id' && !isExtensionName(field.name))) {
      findings.push(makeFinding('STS010', { range, data: { text: displayText(segment.text) } }));
    } else if (field.name === 'id') {
      if (!idValue.test(field.value)) {
        const at = field.value === '' ? fieldSpan(field) : { start: field.valueStart, end: field.valueEnd };
        findings.push(
          makeFinding('STS008', {
            range: lineRange(at.start, at.end),
            data: { id: displayText(field.value) },
          }),
        );
      }
    } else if (!isExtensionValue(field.value)) {
      findings.push(makeFinding('STS010', { range, data: { text: displayText(segment.text) } }));
    } else {
      findings.push(
        makeFinding('STS011', {
          range: lineRange(field.nameStart, field.nameEnd),
          data: { name: field.name },
        }),
      );
    }
  }

  const [firstId, secondId] = ids;
  if (!firstId) {
    findings.push(makeFinding('STS007', { range: lineRange(0, version.end) }));
  }
  if (firstId && secondId) {
    // RFC 8461 §3.2 (last paragraph, written for TXT records and policies alike): only the first occurrence counts.
    const related: RelatedLocation[] = ids.map((field, i) => ({
      message: i === 0 ? 'The first `id`, which senders use' : 'A later `id`, ignored by senders',
      range: lineRange(field.nameStart, field.valueEnd),
    }));
    findings.push(
      makeFinding('STS009', {
        range: lineRange(secondId.nameStart, secondId.valueEnd),
        data: { n: ids.length },
        related,
      }),
    );
  }
  return { value: { version: version.value, id: firstId?.value, fields }, findings: inTextOrder(findings) };
}

/**
 * Parse one `_mta-sts` TXT value (the strings of the RR already joined, RFC 8461 §3.1). `value` is undefined when
 * the text does not begin with `v=STSv1` or a near miss of it; otherwise it holds what senders would read, and the
 * findings say whether they would accept it (`hasErrors`). Ranges are on line 0.
 * @see RFC 8461 §3.1
 */
export function parseStsRecord(text: string): Parsed<StsRecord> {
  return guardParse(() => parse(text), lineRange(0, text.length));
}
