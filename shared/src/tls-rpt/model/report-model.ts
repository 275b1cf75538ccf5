/**
 * The typed TLS-RPT report (RFC 8460 §4.4), tolerant by design: every field is optional, because real reporters
 * omit fields the RFC lists (tls-rpt.md §5). Plain JSON shapes only (no classes, Map or Date), so a report can cross
 * a worker or extension message boundary unchanged. Types only.
 */

/**
 * One aggregate report. Arrays keep the document's indexes: `policies[i]` is the value at JSON path
 * `['policies', i]` (an element that is not an object reads as an empty entry), so a finding's `path` finds its
 * typed value.
 */
export interface TlsReport {
  /** `organization-name`. */
  organizationName?: string;
  /** `date-range`: the date-times as written, and as epoch milliseconds when they could be read. */
  dateRange?: ReportDateRange;
  /** `contact-info`, an email address. */
  contactInfo?: string;
  /** `report-id`. */
  reportId?: string;
  /** `policies`; empty when the member is missing or not an array. */
  policies: ReportPolicy[];
}

/** `date-range` (RFC 8460 §4.1, §4.4). A date-time without an offset is read as UTC (RPT106). */
export interface ReportDateRange {
  /** `start-datetime` as written. */
  start?: string;
  /** `end-datetime` as written. */
  end?: string;
  startMs?: number;
  endMs?: number;
}

/** One element of `policies`: the applied policy with its counts and failure details. */
export interface ReportPolicy {
  /** `policy.policy-type` as written (also when it is not one of the three defined values). */
  policyType?: string;
  /** `policy.policy-string`; a bare string reads as a one-element list. */
  policyString?: string[];
  /** `policy.policy-domain`. */
  policyDomain?: string;
  /** `policy.mx-host`; a bare string (RFC 8460 Appendix B, erratum 6241) reads as a one-element list. */
  mxHost?: string[];
  /** `summary.total-successful-session-count`; undefined when missing or not a count. */
  successCount?: number;
  /** `summary.total-failure-session-count`; undefined when missing or not a count. */
  failureCount?: number;
  /** `failure-details`; empty when absent. */
  failureDetails: FailureDetail[];
}

/**
 * One element of `failure-details` (RFC 8460 §4.3, §4.4), under the report's own member names. A large report is
 * nearly all failure details, so a detail that has only known members of the right types is the parsed JSON object
 * itself, not a copy; any other is a copy with what could be read (an alias read under the name it stands for,
 * unknown members and values of the wrong type left out).
 */
export interface FailureDetail {
  'result-type'?: string;
  'sending-mta-ip'?: string;
  'receiving-mx-hostname'?: string;
  'receiving-mx-helo'?: string;
  'receiving-ip'?: string;
  'failed-session-count'?: number;
  'additional-information'?: string;
  'failure-reason-code'?: string;
}
