/**
 * Checks of single policy values: `mx` patterns (RFC 8461 §3.2, §4.1, §10.4) and extension fields
 * (`sts-policy-extension`). Each value yields at most one error. Pure. Never throws.
 */
import { getPublicSuffix } from 'tldts';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Range } from '../findings/types.js';
import { normalizeHost, toALabels } from './mx-pattern.js';

const ldhLabel = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

/**
 * Why a name is not an RFC 5321 §4.1.2 `Domain` (letters, digits, inner hyphens; labels of 1–63 characters; at
 * most 253 characters; no trailing dot), or undefined when it is one.
 */
export function hostNameProblem(name: string): string | undefined {
  if (name === '') {
    return 'empty';
  }
  if (/[ \t]/.test(name)) {
    // Two patterns on one line, or text that is no host name at all (`Priority 1: mail.example.com`).
    const words = name.trim().split(/[ \t]+/);
    return words.every((w) => hostNameProblem(w.startsWith('*.') ? w.slice(2) : w) === undefined)
      ? 'contains spaces; each pattern needs its own `mx:` line'
      : 'contains characters other than letters, digits, `-` and `.`';
  }
  if (/[^A-Za-z0-9._-]/.test(name)) {
    return 'contains characters other than letters, digits, `-` and `.`';
  }
  if (name.length > 253) {
    return 'longer than 253 characters';
  }
  for (const label of name.split('.')) {
    if (label === '') {
      return 'empty label';
    }
    if (label.length > 63) {
      return 'label longer than 63 characters';
    }
    if (label.includes('_')) {
      return 'contains `_`';
    }
    if (!ldhLabel.test(label)) {
      return 'a label starts or ends with `-`';
    }
  }
  return undefined;
}

/** A name that passes as a host name (A-labels or U-labels, one trailing dot allowed), for recognising wrappers. */
function hostLike(name: string): boolean {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const ascii = /[^\x00-\x7f]/.test(bare) ? toALabels(bare) : bare;
  return (
    ascii !== undefined && hostNameProblem(ascii.startsWith('*.') ? ascii.slice(2) : ascii) === undefined
  );
}

const ipv4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;
const ipv6 = /^[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?::\d{1,3}(?:\.\d{1,3}){3})?$/i;
const addressLiteral = /^\[(?:IPv6:)?[0-9a-f:.]+\]$/i;
const url =
  /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?([^/:?#\s[\]]+|\[[0-9a-f:.]+\])(?::\d{1,5})?(?:[/?#]\S*)?$/i;
const hostAndPort = /^(.+):(\d{1,5})$/;
const mailbox = /^[^@\s]+@(.+)$/;

/**
 * Whether a value is an address, a host with a port, a URL or a mailbox: a host name wrapped in something senders
 * cannot match (STS306). Only a recognisable wrapper counts; `://example.com`, `Priority 1: mail.example.com` or a
 * template placeholder are not host names of any kind (STS301).
 */
function isAddressPortOrUrl(value: string): boolean {
  if (ipv4.test(value) || ipv6.test(value) || addressLiteral.test(value)) {
    return true;
  }
  const host = url.exec(value)?.[1] ?? hostAndPort.exec(value)?.[1] ?? mailbox.exec(value)?.[1];
  return host !== undefined && (hostLike(host) || ipv4.test(host) || addressLiteral.test(host));
}

/** Whether a non-ASCII value is written like a domain name in U-labels (letters, digits, `-`, `.`, `*` only). */
const uLabelLike = (value: string): boolean => /^[\p{L}\p{M}\p{N}*.-]+$/u.test(value);

/** The outcome of checking one `mx` value. */
export interface MxValueCheck {
  /** No error: senders can match MX hosts against the pattern. */
  valid: boolean;
  findings: Finding[];
}

/**
 * Check one `mx` value (as written, SP/HTAB around it already removed). `range` locates the value; `domain` is the
 * policy domain when known (STS308).
 * @see RFC 8461 §3.2 (`sts-policy-mx-value = ["*."] Domain`)
 */
export function checkMxValue(value: string, range: Range, domain: string | undefined): MxValueCheck {
  const data = { value };
  const invalid = (finding: Finding): MxValueCheck => ({ valid: false, findings: [finding] });
  const replace = (
    title: string,
    newText: string,
  ): { title: string; edits: { range: Range; newText: string }[] } => ({
    title,
    edits: [{ range, newText }],
  });
  if (value === '') {
    return invalid(makeFinding('STS301', { range, data: { value, reason: 'empty' } }));
  }
  if (isAddressPortOrUrl(value)) {
    return invalid(makeFinding('STS306', { range, data }));
  }
  if (/[^\x00-\x7f]/.test(value) && uLabelLike(value)) {
    // RFC 8461 §3.2: IDNs MUST be given as A-labels, never U-labels.
    const alabel = toALabels(value.endsWith('.') ? value.slice(0, -1) : value);
    return invalid(
      makeFinding('STS305', {
        range,
        data: { value, alabel: alabel ?? '(none: the name is not a valid IDN)' },
        fix: alabel === undefined ? undefined : replace(`Write \`${alabel}\``, alabel),
      }),
    );
  }
  // One final dot is the only defect of `mail.example.com.` (STS304); on anything else it is not the point.
  const dotted = value.length > 1 && value.endsWith('.') && !value.endsWith('..') && !value.endsWith('*.');
  const name = dotted ? value.slice(0, -1) : value;
  if (name.startsWith('.') && !name.startsWith('..')) {
    // The suffix form of the drafts (`.example.net`) became `*.example.net` in RFC 8461.
    const rest = name.slice(1);
    const problem = hostNameProblem(rest);
    if (problem !== undefined) {
      return invalid(makeFinding('STS301', { range, data: { value, reason: problem } }));
    }
    return invalid(
      makeFinding('STS303', {
        range,
        data: { value, domain: rest },
        fix: replace(`Write \`*.${rest}\``, `*.${rest}`),
      }),
    );
  }
  const wildcard = name.startsWith('*.');
  const base = wildcard ? name.slice(2) : name;
  // A misplaced `*` in what is otherwise a host name (`mx*.example.com`, `*.*.example.com`); not in `{{*}}`.
  if (
    name === '*' ||
    name === '*.' ||
    (base.includes('*') && hostNameProblem(base.replace(/\*/g, 'a')) === undefined)
  ) {
    return invalid(makeFinding('STS302', { range, data }));
  }
  const problem = hostNameProblem(base);
  if (problem !== undefined) {
    return invalid(makeFinding('STS301', { range, data: { value, reason: problem } }));
  }
  const findings: Finding[] = [];
  if (dotted) {
    findings.push(makeFinding('STS304', { range, data, fix: replace('Remove the trailing dot', name) }));
  }
  if (wildcard) {
    const lower = normalizeHost(base);
    // Private-section suffixes (`github.io`) count: anyone may get a name, and a certificate, under them.
    if (getPublicSuffix(lower, { allowPrivateDomains: true }) === lower) {
      findings.push(makeFinding('STS307', { range, data: { value, suffix: lower } }));
    } else if (domain !== undefined && lower === normalizeHost(domain)) {
      findings.push(makeFinding('STS308', { range, data: { value, domain: lower } }));
    }
  }
  return { valid: true, findings };
}

const extName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/**
 * Why an extension field breaks `sts-policy-extension`, or undefined. Control characters are STS225 and not
 * repeated here.
 * @see RFC 8461 §3.2 (`sts-policy-ext-name`, `sts-policy-ext-value`)
 */
export function extensionProblem(name: string, value: string): string | undefined {
  if (!extName.test(name)) {
    if (name.length > 32 && /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      return 'the name is longer than 32 characters';
    }
    return /^[A-Za-z0-9]/.test(name)
      ? 'the name has characters other than letters, digits, `_`, `-` and `.`'
      : 'the name must start with a letter or digit';
  }
  if (value === '') {
    return 'the value is empty';
  }
  if (value.includes('\t')) {
    return 'the value contains a tab (only spaces may separate words)';
  }
  return undefined;
}
