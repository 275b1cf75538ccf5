/**
 * The values of `policy-type` and the IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3, §4.4, §6.6),
 * with what each result type means and which rules it takes part in (RPT120, RPT121, RPT127, RPT128). Used for
 * validation, hover, completion and the viewer's explanations. Pure data plus lookups. Never throws.
 */

/** The values of `policy-type` (RFC 8460 §4.4). */
export const policyTypes = [
  { value: 'sts', meaning: 'An MTA-STS policy (RFC 8461) was applied.' },
  { value: 'tlsa', meaning: 'A DANE TLSA RRset (RFC 7672) was applied.' },
  { value: 'no-policy-found', meaning: 'Neither an MTA-STS policy nor DANE TLSA records were found.' },
] as const;

/** A `policy-type` value defined by RFC 8460. */
export type PolicyType = (typeof policyTypes)[number]['value'];

/** One value of the IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3, §6.6). */
export interface ResultTypeInfo {
  value: string;
  group: 'negotiation' | 'dane' | 'sts';
  section: string;
  meaning: string;
  /**
   * Whether the failure happened in an SMTP session with a known MX (so the detail should name the sending IP and
   * the receiving MX, RPT128), rather than while obtaining or validating a policy.
   */
  connectionLevel: boolean;
  /** The policy type it belongs to, if it is specific to one (RPT127). */
  policyType?: 'sts' | 'tlsa';
  /** RFC 8460 says reporters SHOULD add `failure-reason-code` (RPT121). */
  wantsReasonCode: boolean;
}

/** The registry as of RFC 8460 (eleven values). */
export const resultTypes: readonly ResultTypeInfo[] = [
  {
    value: 'starttls-not-supported',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'The MX did not offer STARTTLS.',
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-host-mismatch',
    group: 'negotiation',
    section: '4.3.1',
    meaning:
      'The certificate does not satisfy the MTA-STS or DANE constraints, e.g. the MX name is not among its names.',
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-expired',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'The certificate has expired.',
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-not-trusted',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'The certificate chain is not trusted: unknown CA, broken chain, name constraints.',
    connectionLevel: true,
    wantsReasonCode: true,
  },
  {
    value: 'validation-failure',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'Any other negotiation failure (handshake, protocol or cipher mismatch).',
    connectionLevel: true,
    wantsReasonCode: true,
  },
  {
    value: 'tlsa-invalid',
    group: 'dane',
    section: '4.3.2.1',
    meaning: 'A TLSA RRset was present but none of its records matched the presented chain.',
    connectionLevel: true,
    policyType: 'tlsa',
    wantsReasonCode: false,
  },
  {
    value: 'dnssec-invalid',
    group: 'dane',
    section: '4.3.2.1',
    meaning: 'The resolver returned no valid records (DNSSEC validation failed).',
    connectionLevel: false,
    wantsReasonCode: false,
  },
  {
    value: 'dane-required',
    group: 'dane',
    section: '4.3.2.1',
    meaning: 'The sender requires DANE for this destination but found no DNSSEC-validated TLSA records.',
    connectionLevel: false,
    policyType: 'tlsa',
    wantsReasonCode: false,
  },
  {
    value: 'sts-policy-fetch-error',
    group: 'sts',
    section: '4.3.2.2',
    meaning: 'The MTA-STS policy could not be retrieved (host unreachable, non-200 answer).',
    connectionLevel: false,
    policyType: 'sts',
    wantsReasonCode: false,
  },
  {
    value: 'sts-policy-invalid',
    group: 'sts',
    section: '4.3.2.2',
    meaning: 'The retrieved MTA-STS policy did not validate.',
    connectionLevel: false,
    policyType: 'sts',
    wantsReasonCode: false,
  },
  {
    value: 'sts-webpki-invalid',
    group: 'sts',
    section: '4.3.2.2',
    meaning: "The policy host's certificate failed PKIX validation.",
    connectionLevel: false,
    policyType: 'sts',
    wantsReasonCode: false,
  },
];

/** The registry entry of a `result-type` value, if it is registered. */
export function resultTypeInfo(value: string): ResultTypeInfo | undefined {
  return byValue.get(value);
}
const byValue = new Map(resultTypes.map((r) => [r.value, r]));

/** Whether a string is a `policy-type` defined by RFC 8460. */
export function isPolicyType(value: string): value is PolicyType {
  return policyTypes.some((p) => p.value === value);
}
