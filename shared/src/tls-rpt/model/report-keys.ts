/**
 * The knowledge table of the TLS-RPT report JSON (RFC 8460 §4.4): every key with its wire name, meaning, type,
 * required-ness and RFC section; the keys reporters and parsers get wrong; the policy types and the IANA result
 * types. The same table drives validation, hover, completion and the viewer's field help.
 * Pure data plus lookups. Never throws.
 */
import type { FindingCode } from '../../findings/catalogue.js';

/** The objects of a report, named by where they sit (RFC 8460 §4.4 template). */
export type ReportObjectKind =
  'report' | 'date-range' | 'policy-entry' | 'policy' | 'summary' | 'failure-detail';

/** The type of a member's value, as the validator reads it. */
export type ReportValueType =
  | 'string'
  | 'date-time'
  | 'email'
  | 'domain'
  | 'ip'
  | 'uri'
  | 'count'
  | 'policy-type'
  | 'result-type'
  | 'string-array'
  | 'mx-host'
  | 'object'
  | 'array-of-objects';

/**
 * How much a report needs a key:
 * - `required`: missing → RPT103 (error);
 * - `expected`: the RFC requires it but real reporters omit it; missing → the code in `whenMissing` (a warning);
 * - `conditional`: needed only in some cases (see `condition`), checked by a dedicated rule;
 * - `optional`: marked "(optional)" by the RFC.
 */
export type ReportKeyRequirement = 'required' | 'expected' | 'conditional' | 'optional';

/** One key of the report JSON. */
export interface ReportKey {
  /** The member name as it appears in reports. */
  name: string;
  /** The object this member belongs to. */
  in: ReportObjectKind;
  type: ReportValueType;
  /** For `object` and `array-of-objects`: the kind of the nested object(s). */
  holds?: ReportObjectKind;
  requirement: ReportKeyRequirement;
  /** The finding a missing key raises (RPT103 for required keys). */
  whenMissing?: FindingCode;
  /** For conditional keys: when the key is needed, and which rule checks it. */
  condition?: string;
  /** The RFC's type name in the §4.4 template, where it differs from the key (a known trap, see RPT125). */
  rfcTypeName?: string;
  /** One or two plain sentences for hover text and field help. */
  meaning: string;
  /** RFC 8460 section that defines the key. */
  section: string;
}

/** The values each value type allows, in words for hover text and field help (RFC 8460 §4.4). */
export const reportValueSyntax: Readonly<Record<ReportValueType, string>> = {
  string: 'A JSON string.',
  'date-time': 'An RFC 3339 date-time with a time-zone offset, such as `2024-01-31T00:00:00Z`.',
  email: 'An email address (RFC 5322 addr-spec), such as `tlsrpt@example.com`.',
  domain: 'A domain name in A-label form (`xn--` for internationalised names), without a trailing dot.',
  ip: 'An IPv4 address in dotted-decimal form, or an IPv6 address in text form (RFC 5952).',
  uri: 'An absolute URI (RFC 3986).',
  count: 'A non-negative whole number.',
  'policy-type': '`sts`, `tlsa` or `no-policy-found`.',
  'result-type':
    'A value of the IANA "STARTTLS Validation Result Types" registry, such as `certificate-expired`.',
  'string-array': 'A JSON array of strings.',
  'mx-host': 'A JSON array of `mx` patterns, such as `["*.mail.example.com"]`.',
  object: 'A JSON object.',
  'array-of-objects': 'A JSON array of objects.',
};

/** Every key of RFC 8460 §4.4, in template order. */
export const reportKeys: readonly ReportKey[] = [
  {
    name: 'organization-name',
    in: 'report',
    type: 'string',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'The name of the organisation responsible for the report.',
    section: '4.4',
  },
  {
    name: 'date-range',
    in: 'report',
    type: 'object',
    holds: 'date-range',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'The time span the report covers; it should be one whole UTC day, 00:00–24:00.',
    section: '4.1',
  },
  {
    name: 'contact-info',
    in: 'report',
    type: 'email',
    rfcTypeName: 'email-address',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'An email address (RFC 5322 addr-spec) of the party responsible for the report. Its domain must match the TLS-Report-Submitter header of an emailed report.',
    section: '4.4',
  },
  {
    name: 'report-id',
    in: 'report',
    type: 'string',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'A unique identifier for the report, in any scheme the reporter likes; receivers use it to drop duplicates.',
    section: '4.4',
  },
  {
    name: 'policies',
    in: 'report',
    type: 'array-of-objects',
    holds: 'policy-entry',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'One entry per applied policy: the policy, the session counts and the failure details. Always an array, even with one policy.',
    section: '4',
  },
  {
    name: 'start-datetime',
    in: 'date-range',
    type: 'date-time',
    rfcTypeName: 'date-time',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'Start of the reported range, an RFC 3339 date-time with a time-zone offset (usually `Z`).',
    section: '4.4',
  },
  {
    name: 'end-datetime',
    in: 'date-range',
    type: 'date-time',
    rfcTypeName: 'date-time',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'End of the reported range, an RFC 3339 date-time. Reporters write `…T23:59:59Z` or the next day `T00:00:00Z`.',
    section: '4.4',
  },
  {
    name: 'policy',
    in: 'policy-entry',
    type: 'object',
    holds: 'policy',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'The policy the sender applied: its type, its text, the Policy Domain and the MX patterns.',
    section: '4.4',
  },
  {
    name: 'summary',
    in: 'policy-entry',
    type: 'object',
    holds: 'summary',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'The total counts of successful and failed sessions under this policy.',
    section: '4.2',
  },
  {
    name: 'failure-details',
    in: 'policy-entry',
    type: 'array-of-objects',
    holds: 'failure-detail',
    requirement: 'conditional',
    condition:
      'Expected when the failure count is not zero (RPT118). Some reporters omit it when there were none.',
    meaning: 'One entry per kind of failure, with the hosts involved and the number of failed sessions.',
    section: '4.4',
  },
  {
    name: 'policy-type',
    in: 'policy',
    type: 'policy-type',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'Which policy was applied: `sts` (MTA-STS), `tlsa` (DANE) or `no-policy-found`.',
    section: '4.4',
  },
  {
    name: 'policy-string',
    in: 'policy',
    type: 'string-array',
    requirement: 'conditional',
    condition: 'Expected for `sts` and `tlsa` policies (RPT116); absent for `no-policy-found`.',
    meaning:
      'The applied policy as an array of strings: for `sts` one policy line per element, for `tlsa` one TLSA record per element.',
    section: '4.5',
  },
  {
    name: 'policy-domain',
    in: 'policy',
    type: 'domain',
    rfcTypeName: 'domain',
    requirement: 'expected',
    whenMissing: 'RPT112',
    meaning:
      'The Policy Domain in A-label form: the recipient domain for `sts` and `no-policy-found`, the TLSA base domain (the MX host) for `tlsa`.',
    section: '4.4',
  },
  {
    name: 'mx-host',
    in: 'policy',
    type: 'mx-host',
    rfcTypeName: 'mx-host-pattern',
    requirement: 'optional',
    meaning:
      'For `sts` policies: the `mx` patterns of the applied policy, as an array of strings (RFC 8461 §4.1 matching rules).',
    section: '4.4',
  },
  {
    name: 'total-successful-session-count',
    in: 'summary',
    type: 'count',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'Sessions that negotiated policy-compliant TLS; a non-zero count also serves as a heartbeat that reporting works.',
    section: '4.2.1',
  },
  {
    name: 'total-failure-session-count',
    in: 'summary',
    type: 'count',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'Sessions that failed to establish a policy-compliant TLS connection.',
    section: '4.2.2',
  },
  {
    name: 'result-type',
    in: 'failure-detail',
    type: 'result-type',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning: 'The kind of failure, a value of the IANA "STARTTLS Validation Result Types" registry.',
    section: '4.3',
  },
  {
    name: 'sending-mta-ip',
    in: 'failure-detail',
    type: 'ip',
    rfcTypeName: 'ip-address',
    requirement: 'conditional',
    condition: 'Expected for connection-level failures (RPT128); absent for policy fetch failures.',
    meaning: 'The IP address of the sending MTA that attempted the STARTTLS session.',
    section: '4.4',
  },
  {
    name: 'receiving-mx-hostname',
    in: 'failure-detail',
    type: 'string',
    requirement: 'conditional',
    condition: 'Expected for connection-level failures (RPT128).',
    meaning: 'The host name of the receiving MX the sender tried.',
    section: '4.4',
  },
  {
    name: 'receiving-mx-helo',
    in: 'failure-detail',
    type: 'string',
    requirement: 'optional',
    meaning: 'The HELO/EHLO name the receiving MX announced in the session.',
    section: '4.4',
  },
  {
    name: 'receiving-ip',
    in: 'failure-detail',
    type: 'ip',
    requirement: 'conditional',
    condition: 'The receiving MX is identified by this or by receiving-mx-hostname (RPT128).',
    meaning: 'The destination IP address used for the session.',
    section: '4.4',
  },
  {
    name: 'failed-session-count',
    in: 'failure-detail',
    type: 'count',
    requirement: 'required',
    whenMissing: 'RPT103',
    meaning:
      'Sessions with this result type and these hosts. Result types can overlap, so the counts may add up to more than the summary.',
    section: '4.4',
  },
  {
    name: 'additional-information',
    in: 'failure-detail',
    type: 'uri',
    rfcTypeName: 'additional-info-uri',
    requirement: 'optional',
    meaning:
      'A URI pointing to more detail about the failure, e.g. the certificate chain that was presented.',
    section: '4.4',
  },
  {
    name: 'failure-reason-code',
    in: 'failure-detail',
    type: 'string',
    requirement: 'conditional',
    condition: 'Reporters should add it to `certificate-not-trusted` and `validation-failure` (RPT121).',
    meaning: 'A TLS error code or message, e.g. `X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED`.',
    section: '4.3.3',
  },
];

/**
 * A key that reporters or parsers get wrong, and the key it stands for. When `alias` is true the value has the
 * expected key's shape and is read in its place (when the expected key is absent).
 */
export interface MisnamedReportKey {
  name: string;
  in: ReportObjectKind;
  expected: string;
  alias: boolean;
  /** Where the wrong name comes from. */
  origin: string;
}

/** Known misnamed keys (RPT125). */
export const misnamedReportKeys: readonly MisnamedReportKey[] = [
  {
    name: 'failure-error-code',
    in: 'failure-detail',
    expected: 'failure-reason-code',
    alias: true,
    origin: 'draft-ietf-uta-smtp-tlsrpt-23 used this name in its example.',
  },
  {
    name: 'additional-info-uri',
    in: 'failure-detail',
    expected: 'additional-information',
    alias: true,
    origin: 'The §4.4 template names the type `additional-info-uri`; the key is `additional-information`.',
  },
  {
    name: 'mx-host-pattern',
    in: 'policy',
    expected: 'mx-host',
    alias: true,
    origin: 'The §4.4 template names the type `mx-host-pattern`; the key is `mx-host`.',
  },
  {
    name: 'success-aggregate',
    in: 'summary',
    expected: 'total-successful-session-count',
    alias: true,
    origin: 'An early draft name of the success count.',
  },
  {
    name: 'failure-aggregate',
    in: 'summary',
    expected: 'total-failure-session-count',
    alias: true,
    origin: 'An early draft name of the failure count.',
  },
  {
    name: 'session-count',
    in: 'failure-detail',
    expected: 'failed-session-count',
    alias: true,
    origin: 'An early draft name of the per-failure count.',
  },
  {
    name: 'policy',
    in: 'report',
    expected: 'policies',
    alias: false,
    origin: 'RFC 8460 §4: `policies` MUST be an array, even with a single policy.',
  },
];

/** The keys of one object kind, in template order. */
export function reportKeysIn(kind: ReportObjectKind): ReportKey[] {
  return reportKeys.filter((k) => k.in === kind);
}

/** The knowledge-table entry of a member of an object kind. */
export function reportKeyOf(kind: ReportObjectKind, name: string): ReportKey | undefined {
  return reportKeys.find((k) => k.in === kind && k.name === name);
}

/**
 * The key an unknown member name stands for, if it looks misnamed: a known misnomer, or a known key written with
 * other case, `_` for `-` or the British `organisation`.
 */
export function misnamedReportKey(kind: ReportObjectKind, name: string): MisnamedReportKey | undefined {
  const known = misnamedReportKeys.find((m) => m.in === kind && m.name === name);
  if (known) {
    return known;
  }
  const normal = name.toLowerCase().replace(/_/g, '-').replace('organisation', 'organization');
  const key = reportKeysIn(kind).find((k) => k.name === normal);
  if (key === undefined || key.name === name) {
    return undefined;
  }
  return { name, in: kind, expected: key.name, alias: true, origin: 'Differs only in case or separators.' };
}

/** The kind of object at a JSON path of a report, if the path names one of the template's objects. */
export function reportObjectKindAt(path: readonly (string | number)[]): ReportObjectKind | undefined {
  const [a, b, c, d] = path;
  if (path.length === 0) {
    return 'report';
  }
  if (path.length === 1 && a === 'date-range') {
    return 'date-range';
  }
  if (a !== 'policies' || typeof b !== 'number') {
    return undefined;
  }
  if (path.length === 2) {
    return 'policy-entry';
  }
  if (path.length === 3 && c === 'policy') {
    return 'policy';
  }
  if (path.length === 3 && c === 'summary') {
    return 'summary';
  }
  if (path.length === 4 && c === 'failure-details' && typeof d === 'number') {
    return 'failure-detail';
  }
  return undefined;
}

/** The knowledge-table entry of the member a JSON path ends at (for hover), if it is a known key. */
export function reportKeyAt(path: readonly (string | number)[]): ReportKey | undefined {
  const name = path[path.length - 1];
  if (typeof name !== 'string') {
    return undefined;
  }
  const kind = reportObjectKindAt(path.slice(0, -1));
  return kind === undefined ? undefined : reportKeyOf(kind, name);
}
