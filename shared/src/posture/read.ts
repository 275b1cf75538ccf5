/**
 * The reader of a posture that was stored or received as JSON: it checks `schemaVersion` and then the whole shape,
 * and says where the first thing that is wrong is (`posture.mx.hosts[2].dane: expected one of …`). Pure. Never
 * throws.
 */
import type { DaneState } from '../dane/tlsa.js';
import type { DnsFailureKind, RecordType, TlsaData } from '../dns/resolver.js';
import { isFindingCode, type FindingCode } from '../findings/catalogue.js';
import type {
  Finding,
  Fix,
  Position,
  Range,
  RelatedLocation,
  RfcRef,
  Severity,
  TextEdit,
} from '../findings/types.js';
import type { FetchOutcome } from '../http/fetcher.js';
import type { MxPatternEntry, PolicyField, PolicyMode } from '../mta-sts/policy-types.js';
import type { RecordField } from '../text/record-fields.js';
import {
  allOf,
  arrayOf,
  boolean,
  count,
  either,
  matching,
  nullable,
  number,
  object,
  oneOf,
  optional,
  recordOf,
  ShapeError,
  string,
  describeValue,
  type Check,
  type Shape,
} from '../text/shape.js';
import type { RuaDestination, TlsRptRecord } from '../tls-rpt/record/record.js';
import {
  POSTURE_SCHEMA_VERSION,
  verdicts,
  type FindingText,
  type LookupSummary,
  type MxHostView,
  type MxView,
  type ParsedView,
  type PolicyFetch,
  type PolicyView,
  type Posture,
  type PostureFinding,
  type PosturePart,
  type RecordLookup,
  type RecordState,
  type StsRecordView,
  type Timing,
  type TxtRecordView,
} from './types.js';

/** What `readPosture` returns: the posture, or where and why it is not one. */
export type PostureRead =
  | { ok: true; posture: Posture }
  | {
      ok: false;
      /** Where the first problem is, as a path from `posture` (`posture.findings[3].code`). */
      path: string;
      /** The problem in one sentence, path first. */
      message: string;
    };

const position = object<Position>({ line: count, character: count });
const range = object<Range>({ start: position, end: position });
const severity = oneOf(allOf<Severity>()(['error', 'warning', 'info', 'hint']));
const findingCode: Check<FindingCode> = (value, path) => {
  if (typeof value === 'string' && isFindingCode(value)) {
    return value;
  }
  throw new ShapeError(path, 'a finding code of the catalogue (STS001, RPT101, …)', describeValue(value));
};
const rfc = object<RfcRef & { url: string }>({
  rfc: count,
  section: nullable(string),
  url: string,
});
const textEdit = object<TextEdit>({ range, newText: string });
const fix = object<Fix>({ title: string, edits: arrayOf(textEdit) });
const related = object<RelatedLocation>({ message: string, range });
const findingShape: Shape<Finding> = {
  code: findingCode,
  severity,
  message: string,
  range: optional(range),
  path: optional(arrayOf(either(string, count, 'a member name or an index'))),
  rfc: optional(rfc),
  related: optional(arrayOf(related)),
  fix: optional(fix),
  data: optional(
    recordOf(either(either(string, number, 'a string or a number'), boolean, 'a string, number or boolean')),
  ),
};
const finding = object<Finding>(findingShape);
const part = oneOf(allOf<PosturePart>()(['record', 'policy', 'mx', 'dane', 'tls-rpt', 'dns']));
const findingText: Check<FindingText> = (value, path) => {
  const { text } = object<{ text: FindingText['text'] }>({
    text: oneOf(allOf<FindingText['text']>()(['mta-sts-record', 'tls-rpt-record', 'policy'])),
  })(value, path);
  if (text !== 'policy') {
    object<{ index: number }>({ index: count })(value, path);
  }
  return value as FindingText;
};
const postureFinding = object<PostureFinding>({ ...findingShape, part, rangeIn: nullable(findingText) });

const recordType = oneOf(allOf<RecordType>()(['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'TLSA', 'NS', 'SOA']));
const failureKind = oneOf(
  allOf<DnsFailureKind>()([
    'timeout',
    'http-status',
    'content-type',
    'network',
    'malformed',
    'too-large',
    'mismatch',
    'cname-loop',
  ]),
);
const rcode = matching<LookupSummary['rcode'] & string>(
  /^(NOERROR|FORMERR|SERVFAIL|NXDOMAIN|NOTIMP|REFUSED|RCODE\d+)$/,
  'an RCODE name (NOERROR, NXDOMAIN, SERVFAIL, …)',
);
const lookupSummary = object<LookupSummary>({
  name: string,
  type: recordType,
  outcome: either(oneOf(['answer']), failureKind, '"answer" or a DNS failure kind (timeout, network, …)'),
  rcode: nullable(rcode),
  ad: boolean,
  ttl: nullable(count),
  cnames: arrayOf(string),
  message: nullable(string),
});

function parsedView<V>(value: Check<V>): Check<ParsedView<V>> {
  return object<ParsedView<V>>({ value: nullable(value), findings: arrayOf(finding) });
}

function recordLookup<V>(value: Check<V>): Check<RecordLookup<V>> {
  const view = object<TxtRecordView<V>>({
    text: string,
    strings: arrayOf(string),
    ttl: count,
    parsed: nullable(parsedView(value)),
  });
  return object<RecordLookup<V>>({
    name: string,
    state: oneOf(allOf<RecordState>()(['present', 'absent', 'invalid', 'multiple', 'unknown'])),
    lookup: lookupSummary,
    records: arrayOf(view),
    selected: nullable(view),
  });
}

const recordField = object<RecordField>({
  name: string,
  value: string,
  nameStart: count,
  nameEnd: count,
  valueStart: count,
  valueEnd: count,
});
const stsRecord = object<StsRecordView>({
  version: string,
  id: nullable(string),
  fields: arrayOf(recordField),
});
const rua = object<RuaDestination>({ uri: string, scheme: string, start: count, end: count, valid: boolean });
const tlsRptRecord = object<TlsRptRecord>({
  version: string,
  rua: arrayOf(rua),
  fields: arrayOf(recordField),
});

const policyMode = oneOf(allOf<PolicyMode>()(['enforce', 'testing', 'none']));
const policyField = object<PolicyField>({
  name: string,
  value: string,
  line: count,
  nameStart: count,
  nameEnd: count,
  valueStart: count,
  valueEnd: count,
});
const mxPattern = object<MxPatternEntry>({ pattern: string, field: policyField, valid: boolean });
const policyView = object<PolicyView>({
  version: nullable(string),
  mode: nullable(policyMode),
  maxAge: nullable(count),
  mx: arrayOf(mxPattern),
  extensions: arrayOf(policyField),
  fields: arrayOf(policyField),
  lineEnding: oneOf(['LF', 'CRLF', 'mixed']),
});
const fetchKind = oneOf(
  allOf<FetchOutcome['kind']>()([
    'response',
    'timeout',
    'no-address',
    'blocked-address',
    'tls-name',
    'tls-expired',
    'tls-untrusted',
    'network',
    'opaque-failure',
    'not-permitted',
  ]),
);
const policyFetch = object<PolicyFetch>({
  url: string,
  outcome: fetchKind,
  status: nullable(count),
  contentType: nullable(string),
  location: nullable(string),
  bytes: nullable(count),
  elapsedMs: number,
  text: nullable(string),
  parsed: nullable(parsedView(policyView)),
  usable: boolean,
  mode: nullable(policyMode),
});

const tlsa = object<TlsaData>({ usage: count, selector: count, matchingType: count, data: string });
const mxHost = object<MxHostView>({
  name: string,
  preference: count,
  covered: nullable(boolean),
  matchedPattern: nullable(string),
  dane: oneOf(allOf<DaneState>()(['dane', 'dane-unusable', 'not-validated', 'none', 'bogus', 'unknown'])),
  tlsa: arrayOf(tlsa),
  tlsaLookup: nullable(lookupSummary),
  tlsaBase: nullable(string),
});
const mxView = object<MxView>({
  lookup: lookupSummary,
  nullMx: boolean,
  implicit: boolean,
  hosts: arrayOf(mxHost),
});
const timing = object<Timing>({ label: string, startMs: number, endMs: number });

const posture = object<Posture>({
  schemaVersion: oneOf([POSTURE_SCHEMA_VERSION]),
  domain: string,
  checkedAt: matching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'a UTC time (ISO 8601)'),
  verdict: oneOf(verdicts),
  mtaSts: recordLookup(stsRecord),
  policy: policyFetch,
  mx: mxView,
  tlsRpt: recordLookup(tlsRptRecord),
  findings: arrayOf(postureFinding),
  timings: arrayOf(timing),
  elapsedMs: number,
});

/**
 * Read a posture that was stored or received (the value `JSON.parse` gave): its `schemaVersion` must be this
 * version's, and every member of the shape this version writes. The posture returned is the value given.
 */
export function readPosture(value: unknown): PostureRead {
  const root = 'posture';
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const version = (value as { schemaVersion?: unknown }).schemaVersion;
    if (version !== POSTURE_SCHEMA_VERSION) {
      const path = `${root}.schemaVersion`;
      const message =
        typeof version === 'number'
          ? `${path}: a posture of schema version ${version}, and this reads version ${POSTURE_SCHEMA_VERSION}; check the domain again`
          : `${path}: expected ${POSTURE_SCHEMA_VERSION}, got ${describeValue(version)}`;
      return { ok: false, path, message };
    }
  }
  try {
    return { ok: true, posture: posture(value, root) };
  } catch (error) {
    if (error instanceof ShapeError) {
      return { ok: false, path: error.path, message: error.message };
    }
    // Only a shape error is expected; anything else (a getter that throws) is said as what it is.
    return {
      ok: false,
      path: root,
      message: `${root}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
