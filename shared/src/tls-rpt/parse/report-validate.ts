/**
 * The report walk: a plain JSON value (from the positioned tree, or later from `JSON.parse`) to a typed `TlsReport`
 * and the findings RPT103–RPT128 and RPT131 (RFC 8460 §4). Tolerant on input, strict in findings; one defect
 * yields one finding. Positions come from an injected locator, so this module never sees offsets.
 * Pure. Never throws.
 */
import { admitFinding, createFindingBudget, type FindingBudget } from '../../findings/budget.js';
import type { FindingCode } from '../../findings/catalogue.js';
import type { Finding, FindingData } from '../../findings/types.js';
import { displayText } from '../../text/record-fields.js';
import { formatJsonPath, type JsonLocator, type JsonPart, type JsonPath } from './report-json.js';
import { detailFields, detailSumMismatch, readDetailFields, type DetailSink } from './report-detail-rules.js';
import { isPolicyType } from '../model/report-result-types.js';
import type { FailureDetail, ReportDateRange, ReportPolicy, TlsReport } from '../model/report-model.js';
import {
  isALabelDomain,
  isEmailAddress,
  isStsPolicyLine,
  isTlsaEntry,
  readDateTime,
} from './report-values.js';
import {
  add,
  compact,
  emit,
  isJsonObject,
  readArray,
  readCount,
  readMembers,
  readObject,
  readString,
  readStringList,
  wrongType,
  type Member,
  type Walk,
} from './report-walk.js';

const dayMs = 86_400_000;

/** A date-time member: RPT105 when unreadable, RPT106 when it lacks an offset (read as UTC). */
function readDateTimeMember(walk: Walk, member: Member | undefined): { text?: string; ms?: number } {
  const text = readString(walk, member);
  if (text === undefined || member === undefined) {
    return {};
  }
  const reading = readDateTime(text);
  const data = { path: formatJsonPath(member.path), value: displayText(text) };
  switch (reading.kind) {
    case 'invalid':
      emit(walk, 'RPT105', member.path, 'value', data);
      return { text };
    case 'no-offset':
      emit(walk, 'RPT106', member.path, 'value', data);
      return { text, ms: reading.ms };
    case 'date-time':
      return { text, ms: reading.ms };
  }
}

/** `date-range` (RFC 8460 §4.1: it SHOULD cover one whole UTC day). */
function readDateRange(walk: Walk, member: Member | undefined): ReportDateRange | undefined {
  const object = readObject(walk, member);
  if (object === undefined || member === undefined) {
    return undefined;
  }
  const members = readMembers(walk, object, 'date-range', member.path);
  const endMember = members.get('end-datetime');
  const start = readDateTimeMember(walk, members.get('start-datetime'));
  const end = readDateTimeMember(walk, endMember);
  if (start.ms !== undefined && end.ms !== undefined && endMember) {
    const span = end.ms - start.ms;
    if (span < 0) {
      emit(walk, 'RPT107', endMember.path, 'value');
    } else if (start.ms % dayMs !== 0 || span < dayMs - 1000 || span > dayMs) {
      // End `…T23:59:59Z` (Google, Microsoft, the RFC example) or next day `T00:00:00Z` (Mail.ru): both whole.
      emit(walk, 'RPT108', member.path, 'key', {
        start: displayText(start.text ?? ''),
        end: displayText(end.text ?? ''),
      });
    }
  }
  return compact<ReportDateRange>({ start: start.text, end: end.text, startMs: start.ms, endMs: end.ms });
}

/** One detail being read by the walk, and the sink of its findings (`report-detail-rules.ts`). */
interface WalkDetail extends DetailSink {
  walk: Walk;
  path: JsonPath;
}

function admitDetail(this: WalkDetail, code: FindingCode): boolean {
  return admitFinding(this.walk.budget, code);
}

function addDetail(
  this: WalkDetail,
  code: FindingCode,
  name: string | undefined,
  part: JsonPart,
  data: FindingData,
): void {
  add(this.walk, code, name === undefined ? this.path : [...this.path, name], part, data);
}

function detailPathText(this: WalkDetail, name: string): string {
  return formatJsonPath([...this.path, name]);
}

/** One element of `failure-details` (RFC 8460 §4.3, §4.4): member names, then the fields by the shared rules. */
function readFailureDetail(
  walk: Walk,
  value: unknown,
  path: JsonPath,
  policyType: string | undefined,
): FailureDetail {
  if (!isJsonObject(value)) {
    wrongType(walk, { value, path }, 'an object');
    return {};
  }
  const members = readMembers(walk, value, 'failure-detail', path);
  const values: unknown[] = [];
  const names: (string | undefined)[] = [];
  let present = 0;
  detailFields.forEach((field, i) => {
    const member = members.get(field);
    values.push(member?.value);
    names.push(member === undefined ? undefined : String(member.path[member.path.length - 1]));
    if (member !== undefined) {
      present |= 1 << i;
    }
  });
  const detail: FailureDetail = {};
  const sink: WalkDetail = { walk, path, admit: admitDetail, add: addDetail, pathText: detailPathText };
  readDetailFields(sink, values, present, names, policyType, walk.ips, detail);
  return detail;
}

/** `policy` (RFC 8460 §4.4, §4.5). */
function readPolicy(walk: Walk, member: Member | undefined): Omit<ReportPolicy, 'failureDetails'> {
  const object = readObject(walk, member);
  if (object === undefined || member === undefined) {
    return {};
  }
  const members = readMembers(walk, object, 'policy', member.path);
  const typeMember = members.get('policy-type');
  const policyType = readString(walk, typeMember);
  if (policyType !== undefined && typeMember && !isPolicyType(policyType)) {
    emit(walk, 'RPT111', typeMember.path, 'value', { value: displayText(policyType) });
  }
  const stringMember = members.get('policy-string');
  const strings = readStringList(walk, stringMember);
  if (strings?.bare && stringMember) {
    wrongType(walk, stringMember, 'an array of strings');
  }
  if (strings && !strings.bare && stringMember) {
    strings.list.forEach((entry, i) => {
      const path = [...stringMember.path, strings.indexes[i] ?? i];
      if (policyType === 'sts' && !isStsPolicyLine(entry)) {
        emit(walk, 'RPT114', path, 'value', { line: displayText(entry) });
      } else if (policyType === 'tlsa' && !isTlsaEntry(entry)) {
        emit(walk, 'RPT115', path, 'value', { entry: displayText(entry) });
      }
    });
  }
  const needsStrings = policyType === 'sts' || policyType === 'tlsa';
  if (
    needsStrings &&
    typeMember &&
    (stringMember === undefined || (Array.isArray(stringMember.value) && stringMember.value.length === 0))
  ) {
    emit(walk, 'RPT116', typeMember.path, 'value', { type: policyType });
  }
  const domainMember = members.get('policy-domain');
  const policyDomain = readString(walk, domainMember);
  if (policyDomain !== undefined && domainMember && !isALabelDomain(policyDomain)) {
    emit(walk, 'RPT113', domainMember.path, 'value', { value: displayText(policyDomain) });
  }
  const mxMember = members.get('mx-host');
  const mx = readStringList(walk, mxMember);
  // RFC 8460 §4.4 defines mx-host-pattern as a JSON array; only the Appendix B example shows a string (EID 6241).
  if (mx?.bare && mxMember) {
    emit(walk, 'RPT117', mxMember.path, 'value');
  }
  return compact<Omit<ReportPolicy, 'failureDetails'>>({
    policyType,
    policyString: strings?.list,
    policyDomain,
    mxHost: mx?.list,
  });
}

/** One element of `policies`: policy, summary, failure details, and how the counts relate (RFC 8460 §4). */
function readPolicyEntry(walk: Walk, value: unknown, path: JsonPath): ReportPolicy {
  if (!isJsonObject(value)) {
    wrongType(walk, { value, path }, 'an object');
    return { failureDetails: [] };
  }
  const members = readMembers(walk, value, 'policy-entry', path);
  const policy = readPolicy(walk, members.get('policy'));
  const summaryMember = members.get('summary');
  const summary = readObject(walk, summaryMember);
  let successCount: number | undefined;
  let failureCount: number | undefined;
  let failurePath: JsonPath | undefined;
  if (summary && summaryMember) {
    const counts = readMembers(walk, summary, 'summary', summaryMember.path);
    const failureMember = counts.get('total-failure-session-count');
    successCount = readCount(walk, counts.get('total-successful-session-count'));
    failureCount = readCount(walk, failureMember);
    failurePath = failureMember?.path;
  }
  const detailsMember = members.get('failure-details');
  const elements = readArray(walk, detailsMember) ?? [];
  if (walk.readElsewhere?.has(elements)) {
    // Another reader checks these details and their sum (RPT119); having some, they need no RPT118 either.
    return {
      ...policy,
      ...compact<Pick<ReportPolicy, 'successCount' | 'failureCount'>>({ successCount, failureCount }),
      failureDetails: [],
    };
  }
  const failureDetails = elements.map((element, i) =>
    readFailureDetail(walk, element, [...(detailsMember?.path ?? path), i], policy.policyType),
  );
  if (failureCount !== undefined && failurePath) {
    const noDetails =
      detailsMember === undefined || (Array.isArray(detailsMember.value) && detailsMember.value.length === 0);
    if (failureCount > 0 && noDetails) {
      emit(walk, 'RPT118', failurePath, 'value', { n: failureCount });
    }
    const mismatch = detailSumMismatch(failureCount, failureDetails);
    if (mismatch !== undefined) {
      emit(walk, 'RPT119', failurePath, 'value', mismatch);
    }
  }
  return {
    ...policy,
    ...compact<Pick<ReportPolicy, 'successCount' | 'failureCount'>>({ successCount, failureCount }),
    failureDetails,
  };
}

/**
 * Validate a parsed report value and read it into a `TlsReport`. The value is undefined only when the document is
 * not a JSON object at all (RPT104 at the top level).
 * @see RFC 8460 §4.4
 */
export function validateReportValue(
  value: unknown,
  locator: JsonLocator,
  budget: FindingBudget = createFindingBudget(Infinity),
  readElsewhere?: ReadonlySet<unknown>,
): { report: TlsReport | undefined; findings: Finding[] } {
  const walk: Walk = { findings: [], locator, budget, readElsewhere, ips: new Map() };
  if (!isJsonObject(value)) {
    wrongType(walk, { value, path: [] }, 'an object');
    return { report: undefined, findings: walk.findings };
  }
  const members = readMembers(walk, value, 'report', []);
  const contactMember = members.get('contact-info');
  const contactInfo = readString(walk, contactMember);
  if (contactInfo !== undefined && contactMember && !isEmailAddress(contactInfo)) {
    emit(walk, 'RPT109', contactMember.path, 'value', { value: displayText(contactInfo) });
  }
  const idMember = members.get('report-id');
  const reportId = readString(walk, idMember);
  if (reportId !== undefined && idMember && reportId.trim() === '') {
    emit(walk, 'RPT110', idMember.path, 'value');
  }
  const policiesMember = members.get('policies');
  // RFC 8460 §4: "policies" MUST be an array, even with a single policy.
  const elements = readArray(walk, policiesMember);
  if (elements?.length === 0 && policiesMember) {
    emit(walk, 'RPT131', policiesMember.path, 'value');
  }
  const report: TlsReport = {
    ...compact<Omit<TlsReport, 'policies'>>({
      organizationName: readString(walk, members.get('organization-name')),
      dateRange: readDateRange(walk, members.get('date-range')),
      contactInfo,
      reportId,
    }),
    policies: (elements ?? []).map((element, i) =>
      readPolicyEntry(walk, element, [...(policiesMember?.path ?? ['policies']), i]),
    ),
  };
  return { report, findings: walk.findings };
}
