/**
 * The values of `policy-type` and the IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3, §4.4, §6.6),
 * with what each result type means and which rules it takes part in (RPT120, RPT121, RPT127, RPT128). Used for
 * validation, hover, completion and the viewer's explanations. Pure data plus lookups. Never throws.
 */

/** The values of `policy-type` (RFC 8460 §4.4). */
export const policyTypes = [
  { value: 'sts', meaning: 'An MTA-STS policy (RFC 8461) was applied.', section: '4.4' },
  { value: 'tlsa', meaning: 'A DANE TLSA RRset (RFC 7672) was applied.', section: '4.4' },
  {
    value: 'no-policy-found',
    meaning: 'Neither an MTA-STS policy nor DANE TLSA records were found.',
    section: '4.4',
  },
] as const;

/** A `policy-type` value defined by RFC 8460. */
export type PolicyType = (typeof policyTypes)[number]['value'];

/** One value of the IANA "STARTTLS Validation Result Types" registry (RFC 8460 §4.3, §6.6). */
export interface ResultTypeInfo {
  value: string;
  group: 'negotiation' | 'dane' | 'sts';
  section: string;
  /** What the sender saw, in the RFC's words. Plain text with backticks. */
  meaning: string;
  /** What the receiving domain's admin should check or change. Plain text with backticks. */
  advice: string;
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
    advice:
      'Enable STARTTLS on that MX host; if it already offers it, look for a middlebox that strips the `STARTTLS` keyword.',
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-host-mismatch',
    group: 'negotiation',
    section: '4.3.1',
    meaning:
      'The certificate does not satisfy the MTA-STS or DANE constraints, e.g. the MX name is not among its names.',
    advice: "Make the MX host's certificate name the MX host name (and, for DANE, match the TLSA records).",
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-expired',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'The certificate has expired.',
    advice: "Renew the MX host's certificate and automate the renewal.",
    connectionLevel: true,
    wantsReasonCode: false,
  },
  {
    value: 'certificate-not-trusted',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'The certificate chain is not trusted: unknown CA, broken chain, name constraints.',
    advice:
      'Serve a certificate from a public CA with the full chain, including intermediates; `failure-reason-code` tells what the sender objected to.',
    connectionLevel: true,
    wantsReasonCode: true,
  },
  {
    value: 'validation-failure',
    group: 'negotiation',
    section: '4.3.1',
    meaning: 'Any other negotiation failure (handshake, protocol or cipher mismatch).',
    advice:
      "Check the MX host's TLS settings (protocol versions, ciphers) with the `failure-reason-code` the reporter gave.",
    connectionLevel: true,
    wantsReasonCode: true,
  },
  {
    value: 'tlsa-invalid',
    group: 'dane',
    section: '4.3.2.1',
    meaning:
      'A validation error in the TLSA records of a DANE policy: none of the records in the RRset was found valid.',
    advice: "Update the TLSA records so that one matches the MX host's current certificate or key.",
    connectionLevel: true,
    policyType: 'tlsa',
    wantsReasonCode: false,
  },
  {
    value: 'dnssec-invalid',
    group: 'dane',
    section: '4.3.2.1',
    meaning: 'The resolver returned no valid records (DNSSEC validation failed).',
    advice: 'Repair the DNSSEC signatures or the DS record of the zone that holds the records.',
    connectionLevel: false,
    wantsReasonCode: false,
  },
  {
    value: 'dane-required',
    group: 'dane',
    section: '4.3.2.1',
    meaning: 'The sender requires DANE for this destination but found no DNSSEC-validated TLSA records.',
    advice:
      'Publish DNSSEC-signed TLSA records for the MX host, as the sender requires DANE for this destination.',
    connectionLevel: false,
    policyType: 'tlsa',
    wantsReasonCode: false,
  },
  {
    value: 'sts-policy-fetch-error',
    group: 'sts',
    section: '4.3.2.2',
    meaning: 'The MTA-STS policy could not be retrieved (host unreachable, non-200 answer).',
    advice:
      'Make `https://mta-sts.<domain>/.well-known/mta-sts.txt` reachable, answering 200 without redirects.',
    connectionLevel: false,
    policyType: 'sts',
    wantsReasonCode: false,
  },
  {
    value: 'sts-policy-invalid',
    group: 'sts',
    section: '4.3.2.2',
    meaning: 'The retrieved MTA-STS policy did not validate.',
    advice:
      "Correct the served policy so that it follows RFC 8461 §3.2; the report's `policy-string` shows what the sender received.",
    connectionLevel: false,
    policyType: 'sts',
    wantsReasonCode: false,
  },
  {
    value: 'sts-webpki-invalid',
    group: 'sts',
    section: '4.3.2.2',
    meaning: "The policy host's certificate failed PKIX validation.",
    advice:
      'Give the policy host an unexpired certificate from a public CA that names `mta-sts.<domain>`, with its full chain.',
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
