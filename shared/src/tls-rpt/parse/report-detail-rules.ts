/**
 * The rules of a `failure-details` entry (RFC 8460 §4.3, §4.4), written once for both report parsers: the fast path
 * over `JSON.parse` output (`report-fast-detail.ts`) and the report walk (`report-validate.ts`) call these, each
 * through its own `DetailSink` (how it places a finding and writes a path). RPT104 (a member of the wrong type),
 * RPT119 (details that do not add up), RPT120–RPT124, RPT127, RPT128 (the values of a detail) and RPT125, RPT126
 * (unknown and misnamed member names, for every object of a report).
 * A finding's data and path are made only once the cap admits it (`DetailSink.admit`): past the cap a finding is
 * only counted. Pure. Never throws.
 */
import type { FindingCode } from '../../findings/catalogue.js';
import type { FindingData } from '../../findings/types.js';
import { displayText } from '../../text/record-fields.js';
import { isCanonicalIpv6Fast, isIpv4Fast, readIpMemo, type IpMemo } from './report-fast-ip.js';
import type { JsonPart } from './report-json.js';
import {
  misnamedReportKey,
  reportKeysIn,
  type MisnamedReportKey,
  type ReportObjectKind,
} from '../model/report-keys.js';
import type { FailureDetail } from '../model/report-model.js';
import { resultTypeInfo, type ResultTypeInfo } from '../model/report-result-types.js';
import { describeJsonValue, isAbsoluteUri, isCount } from './report-values.js';

/** Field names of a failure detail, in the order they are read (and their findings made). */
export const detailFields = [
  'result-type',
  'sending-mta-ip',
  'receiving-mx-hostname',
  'receiving-mx-helo',
  'receiving-ip',
  'failed-session-count',
  'additional-information',
  'failure-reason-code',
] as const;
export const TYPE = 0;
export const SENDING_IP = 1;
export const MX = 2;
export const HELO = 3;
export const RECEIVING_IP = 4;
export const COUNT = 5;
export const ADDITIONAL = 6;
export const REASON = 7;

/** How a reader takes the findings of a detail's rules. */
export interface DetailSink {
  /** Count a finding of `code`; true when it is to be made (within the cap), false when only counted. */
  admit(code: FindingCode): boolean;
  /** Make an admitted finding at member `name` of the detail (its name or value), or at the detail itself. */
  add(code: FindingCode, name: string | undefined, part: JsonPart, data: FindingData): void;
  /** The path of member `name` of the detail as messages write it (`formatJsonPath`). */
  pathText(name: string): string;
}

/** RPT104 points at the name of an object or array, at the value of a scalar. */
export const wrongTypePart = (value: unknown): JsonPart =>
  typeof value === 'object' && value !== null ? 'key' : 'value';

/** The data of RPT104 for `value` at the path written `pathText`, where `expected` was wanted. */
export const wrongTypeData = (pathText: string, expected: string, value: unknown): FindingData => ({
  path: pathText,
  expected,
  actual: describeJsonValue(value),
});

/** RPT104 at member `name` of the detail. */
function wrongType(sink: DetailSink, name: string, value: unknown, expected: string): void {
  if (sink.admit('RPT104')) {
    sink.add('RPT104', name, wrongTypePart(value), wrongTypeData(sink.pathText(name), expected, value));
  }
}

/**
 * The finding an unknown member name gets (RFC 8460 §4.4): RPT125 when it looks like a known key misnamed (a
 * misnomer, or other case or separators), RPT126 otherwise; with its data, and the table entry of the misnomer.
 */
export function unknownKeyFinding(
  kind: ReportObjectKind,
  name: string,
): { code: 'RPT125' | 'RPT126'; data: () => FindingData; misnamed: MisnamedReportKey | undefined } {
  const misnamed = misnamedReportKey(kind, name);
  return misnamed
    ? {
        code: 'RPT125',
        data: () => ({ key: displayText(name), expected: misnamed.expected }),
        misnamed,
      }
    : { code: 'RPT126', data: () => ({ key: displayText(name) }), misnamed };
}

/**
 * Whether an IP address text is valid and, for IPv6, in its RFC 5952 form (no RPT122, RPT123): the common forms
 * are recognised without reading the address, the others read once per report (`memo`).
 */
export function isCleanIp(text: string, memo: IpMemo): boolean {
  if (isIpv4Fast(text) || isCanonicalIpv6Fast(text)) {
    return true;
  }
  const reading = readIpMemo(memo, text);
  return reading.kind === 'ipv4' || (reading.kind === 'ipv6' && reading.canonical === text);
}

/** RPT122 for an address that is not one (an empty string too), RPT123 for IPv6 not in RFC 5952 form. */
function checkIp(sink: DetailSink, name: string, text: string, memo: IpMemo): void {
  if (isIpv4Fast(text) || isCanonicalIpv6Fast(text)) {
    return;
  }
  const reading = readIpMemo(memo, text);
  if (reading.kind === 'invalid') {
    if (sink.admit('RPT122')) {
      sink.add('RPT122', name, 'value', { path: sink.pathText(name), value: displayText(text) });
    }
  } else if (reading.kind === 'ipv6' && reading.canonical !== text && sink.admit('RPT123')) {
    sink.add('RPT123', name, 'value', { path: sink.pathText(name), canonical: reading.canonical });
  }
}

/** RPT127 (RFC 8460 §4.3.2): a DANE- or STS-specific result type under the other policy type. */
export const wrongPolicyType = (info: ResultTypeInfo, policyType: string | undefined): boolean =>
  info.policyType !== undefined &&
  (policyType === 'sts' || policyType === 'tlsa') &&
  info.policyType !== policyType;

/** RPT121: a result type that asks for a `failure-reason-code`, without one (or a blank one). */
export const lacksReasonCode = (info: ResultTypeInfo, reason: string | undefined): boolean =>
  info.wantsReasonCode && (reason ?? '').trim() === '';

/**
 * RPT128: the members a connection-level failure lacks, or undefined. The RFC's own Appendix B example names the
 * receiving MX by host name only (no `receiving-ip`), so either one identifies the receiving side; the sending IP
 * is always expected. Presence counts, not type: a member of the wrong type has its RPT104.
 */
export function missingConnectionFields(
  info: ResultTypeInfo,
  hasSendingIp: boolean,
  hasReceiving: boolean,
): string | undefined {
  if (!info.connectionLevel || (hasSendingIp && hasReceiving)) {
    return undefined;
  }
  if (hasReceiving) {
    return 'sending-mta-ip';
  }
  return hasSendingIp
    ? 'receiving-mx-hostname, receiving-ip'
    : 'sending-mta-ip, receiving-mx-hostname, receiving-ip';
}

// `isCleanDetail` knows that exactly these two keys are required (RPT103); should the knowledge table change, it
// answers false and every detail takes the general reading instead.
const requiredKeys = reportKeysIn('failure-detail').filter((k) => k.whenMissing !== undefined);
const twoRequired =
  requiredKeys.length === 2 &&
  requiredKeys.every((k) => k.name === 'result-type' || k.name === 'failed-session-count');

const optionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';
const cleanIpField = (value: unknown, memo: IpMemo): boolean =>
  value === undefined || (typeof value === 'string' && isCleanIp(value, memo));

/**
 * Whether a detail with no other members than these fields gives no finding at all, judged by the same rules
 * without making any: the required fields present, every field of its type, clean IPs, an absolute URI, a
 * registered result type that fits the policy type. The fields come one by one (undefined when absent): the
 * fast path asks this for every entry of a large report, and an array per entry would cost more than the check.
 */
export function isCleanDetail(
  type: unknown,
  sendingIp: unknown,
  mx: unknown,
  helo: unknown,
  receivingIp: unknown,
  count: unknown,
  additional: unknown,
  reason: unknown,
  policyType: string | undefined,
  memo: IpMemo,
): boolean {
  if (
    !twoRequired ||
    typeof type !== 'string' ||
    !isCount(count) ||
    !optionalString(mx) ||
    !optionalString(helo) ||
    !optionalString(reason) ||
    !cleanIpField(sendingIp, memo) ||
    !cleanIpField(receivingIp, memo) ||
    !(additional === undefined || (typeof additional === 'string' && isAbsoluteUri(additional)))
  ) {
    return false;
  }
  const info = resultTypeInfo(type);
  return (
    info !== undefined &&
    !wrongPolicyType(info, policyType) &&
    !lacksReasonCode(info, reason as string | undefined) &&
    missingConnectionFields(info, sendingIp !== undefined, mx !== undefined || receivingIp !== undefined) ===
      undefined
  );
}

/** The member name field `field` was read from. */
const nameOf = (names: readonly (string | undefined)[] | undefined, field: number): string =>
  names?.[field] ?? detailFields[field] ?? '';

/** A string field, or undefined with RPT104 when it is something else. */
function readString(sink: DetailSink, name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') {
    return value;
  }
  wrongType(sink, name, value, 'a string');
  return undefined;
}

/**
 * Read the fields of one detail, after its member names were judged: RPT104 for each field of the wrong type,
 * RPT122/RPT123 for the IP fields, RPT124, then RPT120, RPT127, RPT121, RPT128 at `result-type`, in this order.
 * `values` are the fields' values in `detailFields` order (undefined when absent, or when a syntax error swallowed
 * the value: no finding then); `present` says which members are there, bit `1 << field`; `names` the member name
 * each was read from (a misnamed key's for an alias; the field's own name when undefined). Fills `detail` when
 * given.
 * @see RFC 8460 §4.3, §4.4
 */
export function readDetailFields(
  sink: DetailSink,
  values: readonly unknown[],
  present: number,
  names: readonly (string | undefined)[] | undefined,
  policyType: string | undefined,
  memo: IpMemo,
  detail: FailureDetail | undefined,
): void {
  const resultType = readString(sink, nameOf(names, TYPE), values[TYPE]);
  const sendingIp = readString(sink, nameOf(names, SENDING_IP), values[SENDING_IP]);
  if (sendingIp !== undefined) {
    checkIp(sink, nameOf(names, SENDING_IP), sendingIp, memo);
  }
  const mx = readString(sink, nameOf(names, MX), values[MX]);
  const helo = readString(sink, nameOf(names, HELO), values[HELO]);
  const receivingIp = readString(sink, nameOf(names, RECEIVING_IP), values[RECEIVING_IP]);
  if (receivingIp !== undefined) {
    checkIp(sink, nameOf(names, RECEIVING_IP), receivingIp, memo);
  }
  const count = values[COUNT];
  const goodCount = isCount(count);
  if (count !== undefined && !goodCount) {
    wrongType(sink, nameOf(names, COUNT), count, 'a non-negative integer');
  }
  const additional = readString(sink, nameOf(names, ADDITIONAL), values[ADDITIONAL]);
  const reason = readString(sink, nameOf(names, REASON), values[REASON]);
  if (detail !== undefined) {
    if (resultType !== undefined) {
      detail['result-type'] = resultType;
    }
    if (sendingIp !== undefined) {
      detail['sending-mta-ip'] = sendingIp;
    }
    if (mx !== undefined) {
      detail['receiving-mx-hostname'] = mx;
    }
    if (helo !== undefined) {
      detail['receiving-mx-helo'] = helo;
    }
    if (receivingIp !== undefined) {
      detail['receiving-ip'] = receivingIp;
    }
    if (goodCount) {
      detail['failed-session-count'] = count;
    }
    if (additional !== undefined) {
      detail['additional-information'] = additional;
    }
    if (reason !== undefined) {
      detail['failure-reason-code'] = reason;
    }
  }
  if (additional !== undefined && !isAbsoluteUri(additional) && sink.admit('RPT124')) {
    sink.add('RPT124', nameOf(names, ADDITIONAL), 'value', { value: displayText(additional) });
  }
  if (resultType === undefined) {
    return;
  }
  const info = resultTypeInfo(resultType);
  const at = nameOf(names, TYPE);
  if (info === undefined) {
    // An unregistered type takes part in no other rule.
    if (sink.admit('RPT120')) {
      sink.add('RPT120', at, 'value', { value: displayText(resultType) });
    }
    return;
  }
  if (wrongPolicyType(info, policyType) && sink.admit('RPT127')) {
    sink.add('RPT127', at, 'value', { type: resultType, ptype: policyType ?? '' });
  }
  if (lacksReasonCode(info, reason) && sink.admit('RPT121')) {
    sink.add('RPT121', at, 'value', { type: resultType });
  }
  const missing = missingConnectionFields(
    info,
    (present & (1 << SENDING_IP)) !== 0,
    (present & ((1 << MX) | (1 << RECEIVING_IP))) !== 0,
  );
  if (missing !== undefined && sink.admit('RPT128')) {
    sink.add('RPT128', at, 'value', { type: resultType, fields: missing });
  }
}

/**
 * RPT119: the data of the finding when the details of an entry add up to another number than the summary's total
 * (RFC 8460 §4: failure types are non-exclusive, so they may add up to more or less), or undefined when they
 * agree, there are none, or some detail has no count.
 */
export function detailSumMismatch(total: number, details: readonly FailureDetail[]): FindingData | undefined {
  // One pass, no array of counts: a large report has hundreds of thousands of details.
  let sum = 0;
  for (const detail of details) {
    const count = detail['failed-session-count'];
    if (count === undefined) {
      return undefined;
    }
    sum += count;
  }
  return details.length > 0 && sum !== total ? { sum, total } : undefined;
}
