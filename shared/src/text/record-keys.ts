/**
 * What each field of the two TXT records means: the `_mta-sts` record (RFC 8461 §3.1) and the `_smtp._tls` record
 * (RFC 8460 §3). One table per record for hover text, completion and the popup's field help. Pure data.
 */

/** A known field of an MTA-STS or TLS-RPT TXT record. */
export interface RecordKey {
  /** The wire name, exact case. */
  name: string;
  /** One or two sentences for people. Plain text with backticks. */
  meaning: string;
  /** The values allowed, in words. */
  syntax: string;
  /** The values allowed, when they are a fixed set (case-sensitive). */
  values?: readonly string[];
  /** Whether a valid record must have the field. */
  required: boolean;
  rfc: 8461 | 8460;
  section: string;
}

/** The fields of the `_mta-sts` TXT record, in the order the record writes them. */
export const stsRecordKeys: readonly RecordKey[] = [
  {
    name: 'v',
    meaning: 'The record version; it must come first, so that senders recognise the record as MTA-STS.',
    syntax: '`STSv1`, exactly (case-sensitive), written `v=STSv1;` at the very start.',
    values: ['STSv1'],
    required: true,
    rfc: 8461,
    section: '3.1',
  },
  {
    name: 'id',
    meaning:
      'The policy `id`: senders compare it with the `id` of the policy they cached, and fetch the policy again when it differs. Change it whenever the policy changes.',
    syntax: '1 to 32 letters or digits, such as a timestamp `20240131120000`.',
    required: true,
    rfc: 8461,
    section: '3.1',
  },
];

/** The fields of the `_smtp._tls` TXT record, in the order the record writes them. */
export const tlsRptRecordKeys: readonly RecordKey[] = [
  {
    name: 'v',
    meaning: 'The record version; it must come first, so that senders recognise the record as TLS-RPT.',
    syntax: '`TLSRPTv1`, exactly (case-sensitive), written `v=TLSRPTv1;` at the very start.',
    values: ['TLSRPTv1'],
    required: true,
    rfc: 8460,
    section: '3',
  },
  {
    name: 'rua',
    meaning:
      'Where senders deliver the daily aggregate reports: by email to a `mailto:` address, or by HTTPS POST to an `https:` URL.',
    syntax:
      'One or more `mailto:` or `https:` URIs separated by commas; `,`, `!` and `;` inside a URI are percent-encoded.',
    required: true,
    rfc: 8460,
    section: '3',
  },
];

/** Help for fields neither record defines: senders ignore them (RFC 8461 §3.2, RFC 8460 §3). */
export const recordExtensionKey = {
  meaning: 'An extension field. Senders ignore record fields they do not know.',
  syntax:
    'Name: a letter or digit and up to 31 more letters, digits, `_`, `-` or `.`. Value: printable ASCII without spaces, `=` or `;`.',
} as const;
