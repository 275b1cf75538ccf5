/**
 * The `_smtp._tls` TXT record (RFC 8460 §3): one TXT value (its strings already joined) to a `TlsRptRecord` with
 * its `rua` destinations, plus findings RPT005–RPT015, RPT018 and RPT020. One defect yields one finding.
 * Pure. Never throws.
 */
import { makeFinding } from '../../findings/finding.js';
import { guardParse } from '../../findings/guard.js';
import type { Finding, FindingData, Parsed, RelatedLocation } from '../../findings/types.js';
import { lineRange } from '../../text/line-index.js';
import { readRecordHead, type RecordHeadCodes } from '../../text/record-head.js';
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
} from '../../text/record-fields.js';

/** One URI of a `rua` list, with its offsets in the record text. */
export interface RuaDestination {
  /** The URI as written. */
  uri: string;
  /** The scheme in lower case (`mailto`, `https`, …); empty when there is none. */
  scheme: string;
  start: number;
  end: number;
  /** Whether a reporter can use it: no error was found about it (RPT011 is only a warning). */
  valid: boolean;
}

/** A parsed `_smtp._tls` record. */
export interface TlsRptRecord {
  /** The version as written: `TLSRPTv1`, or e.g. `tlsrptv1` for a near miss (which also carries RPT005). */
  version: string;
  /** Every destination of every `rua` field, in order (RFC 8460 §3 allows several). */
  rua: RuaDestination[];
  /** The fields after the version, in order (including `rua`). */
  fields: RecordField[];
}

const headCodes: RecordHeadCodes = {
  prefix: 'RPT005',
  chars: 'RPT015',
  spaceBeforeDelim: 'RPT006',
  missingDelim: 'RPT018',
  emptyField: 'RPT020',
};

const tag = 'TLSRPTv1';

/**
 * Whether a TXT value takes part in TLS-RPT discovery: it begins with byte-exact `v=TLSRPTv1` followed by `;`,
 * WSP or the end (WSP before the `;` is grammatical and warned about with RPT006).
 * @see RFC 8460 §3
 */
export function isTlsRptRecordCandidate(text: string): boolean {
  return startsWithVersion(text, tag);
}

/**
 * Whether a TXT value looks meant as a TLS-RPT record without beginning with exact `v=TLSRPTv1` (`V=TLSRPTv1`,
 * `v = TLSRPTv1`, ` v=TLSRPTv1`): such a record gets RPT005, not RPT004.
 */
export function isNearMissTlsRpt(text: string): boolean {
  return isNearMissVersion(text, tag);
}

type UriProblem = { code: 'RPT008' | 'RPT009' | 'RPT010' | 'RPT011'; data: FindingData };

/** RFC 3986 §2: unreserved, reserved and `%`. */
const uriChar = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;
const label = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const hostName = new RegExp(`^(?:${label}\\.)*${label}$`);
const atom = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
/** RFC 5322 §3.4.1 addr-spec with a dot-atom local part and a host name (at least two labels) or a literal. */
const addrSpec = new RegExp(`^${atom}(?:\\.${atom})*@(?:(?:${label}\\.)+${label}|\\[[^[\\]\\\\\\s]+\\])$`);

/** The one problem of a `mailto:` URI, if any (RFC 6068 §2: `mailto:addr-spec *("," addr-spec) [hfields]`). */
function mailtoProblem(uri: string, afterScheme: string): UriProblem | undefined {
  const problem = (reason: string): UriProblem => ({
    code: 'RPT011',
    data: { uri: displayText(uri), reason },
  });
  if (afterScheme.includes('?')) {
    return problem('it has a query part (`?…`)');
  }
  if (/%2c/i.test(afterScheme)) {
    return problem('it names several addresses');
  }
  const address = afterScheme.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  if (!addrSpec.test(address)) {
    return problem(`\`${displayText(address)}\` is not an email address`);
  }
  return undefined;
}

/** The one problem of an `https:` URI, if any: it needs an authority with a host (RFC 3986 §3.2). */
function httpsProblem(uri: string, afterScheme: string): UriProblem | undefined {
  const authority = /^\/\/([^/?#]*)/.exec(afterScheme)?.[1];
  const host = authority
    ?.replace(/^[^@]*@/, '')
    .replace(/:\d*$/, '')
    .replace(/\.$/, '');
  if (host === undefined || host === '') {
    return { code: 'RPT009', data: { uri: displayText(uri), reason: 'no host' } };
  }
  if (!hostName.test(host) && !/^\[[0-9A-Fa-f:.]+\]$/.test(host)) {
    return {
      code: 'RPT009',
      data: { uri: displayText(uri), reason: `\`${displayText(host)}\` is not a host name` },
    };
  }
  return undefined;
}

/** The one problem of a `rua` URI, if any, most basic first. */
function uriProblem(uri: string): UriProblem | undefined {
  const invalid = (reason: string): UriProblem => ({
    code: 'RPT009',
    data: { uri: displayText(uri), reason },
  });
  if (uri === '') {
    return invalid('empty list entry');
  }
  if (/[ \t]/.test(uri)) {
    return invalid('it contains a space; separate URIs with `,`');
  }
  const bad = [...uri].find((c) => !uriChar.test(c));
  if (bad !== undefined) {
    return invalid(`\`${displayText(bad)}\` is not allowed in a URI`);
  }
  if (/%(?![0-9A-Fa-f]{2})/.test(uri)) {
    return invalid('`%` not followed by two hex digits');
  }
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1];
  if (scheme === undefined) {
    return invalid(uri.includes('@') ? 'no scheme; write `mailto:` before an address' : 'no scheme');
  }
  // RFC 8460 §3: `!` MUST be encoded (DMARC's size suffix `!10m` has no meaning here).
  if (uri.includes('!')) {
    return { code: 'RPT010', data: { uri: displayText(uri) } };
  }
  const lower = scheme.toLowerCase();
  const afterScheme = uri.slice(scheme.length + 1);
  if (lower === 'mailto') {
    return mailtoProblem(uri, afterScheme);
  }
  if (lower === 'https') {
    return httpsProblem(uri, afterScheme);
  }
  return { code: 'RPT008', data: { uri: displayText(uri), scheme } };
}

const isWsp = (c: string | undefined): boolean => c === ' ' || c === '\t';

/** The URIs of a `rua` value: `tlsrpt-uri *(*WSP "," *WSP tlsrpt-uri)`. WSP is trimmed only next to commas. */
function splitRua(text: string, field: RecordField): Span[] {
  const spans: Span[] = [];
  let start = field.valueStart;
  for (;;) {
    const comma = text.indexOf(',', start);
    const end = comma >= 0 && comma < field.valueEnd ? comma : field.valueEnd;
    let s = start;
    let e = end;
    if (start > field.valueStart) {
      while (s < e && isWsp(text[s])) {
        s++;
      }
    }
    if (end < field.valueEnd) {
      while (e > s && isWsp(text[e - 1])) {
        e--;
      }
    }
    spans.push({ start: s, end: e });
    if (end >= field.valueEnd) {
      return spans;
    }
    start = end + 1;
  }
}

/** Check each destination of a `rua` field; entries with stray characters are covered by RPT015 alone. */
function readRua(text: string, field: RecordField, findings: Finding[]): RuaDestination[] {
  return splitRua(text, field).map(({ start, end }) => {
    const uri = text.slice(start, end);
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase() ?? '';
    if (hasOffendingChar(text, start, end)) {
      return { uri, scheme, start, end, valid: false };
    }
    const problem = uriProblem(uri);
    if (problem) {
      findings.push(makeFinding(problem.code, { range: lineRange(start, end), data: problem.data }));
    }
    return { uri, scheme, start, end, valid: problem === undefined || problem.code === 'RPT011' };
  });
}

function parse(text: string): Parsed<TlsRptRecord> {
  const head = readRecordHead(text, tag, headCodes);
  const findings: Finding[] = [...head.findings];
  const { version, layout } = head;
  if (!layout) {
    return { value: undefined, findings };
  }
  const fields: RecordField[] = [];
  const ruaFields: RecordField[] = [];
  const rua: RuaDestination[] = [];
  for (const segment of layout.segments) {
    const { field } = segment;
    const stray = hasOffendingChar(text, segment.start, segment.end);
    const malformed = (): Finding =>
      makeFinding('RPT014', {
        range: lineRange(segment.start, segment.end),
        data: { text: displayText(segment.text) },
      });
    if (!field) {
      if (!stray) {
        findings.push(malformed());
      }
      continue;
    }
    fields.push(field);
    // `%s"rua="`: case-sensitive, so `RUA=` is an extension.
    if (field.name === 'rua') {
      ruaFields.push(field);
      if (segment.spacedEquals && !hasOffendingChar(text, field.nameStart, field.valueStart)) {
        findings.push(malformed());
      }
      // Appended one by one: `rua=` followed by 200,000 commas is 200,000 destinations, too many to spread.
      for (const destination of readRua(text, field, findings)) {
        rua.push(destination);
      }
      continue;
    }
    if (stray) {
      continue;
    }
    if (segment.spacedEquals || !isExtensionName(field.name) || !isExtensionValue(field.value)) {
      findings.push(malformed());
    } else {
      findings.push(
        makeFinding('RPT013', {
          range: lineRange(field.nameStart, field.nameEnd),
          data: { name: field.name },
        }),
      );
    }
  }

  const [firstRua, secondRua] = ruaFields;
  if (!firstRua) {
    findings.push(makeFinding('RPT007', { range: lineRange(0, version.end) }));
  }
  if (firstRua && secondRua) {
    const related: RelatedLocation[] = ruaFields.map((field, i) => ({
      message: `\`rua\` field ${i + 1} of ${ruaFields.length}`,
      range: lineRange(field.nameStart, field.valueEnd),
    }));
    findings.push(
      makeFinding('RPT012', {
        range: lineRange(secondRua.nameStart, secondRua.valueEnd),
        data: { n: ruaFields.length },
        related,
      }),
    );
  }
  return { value: { version: version.value, rua, fields }, findings: inTextOrder(findings) };
}

/**
 * Parse one `_smtp._tls` TXT value (the strings of the RR already joined, RFC 8460 §3). `value` is undefined when
 * the text does not begin with `v=TLSRPTv1` or a near miss of it; otherwise it holds the destinations reporters
 * would read, each marked `valid` or not, and the findings. Ranges are on line 0.
 * @see RFC 8460 §3
 */
export function parseTlsRptRecord(text: string): Parsed<TlsRptRecord> {
  return guardParse(() => parse(text), lineRange(0, text.length));
}
