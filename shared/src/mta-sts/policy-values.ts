/**
 * Checks of single policy values: `mx` patterns (RFC 8461 §3.2, §4.1, §10.4) and extension fields. Pure. Never
 * throws.
 */
import { getPublicSuffix } from 'tldts';
import { makeFinding } from '../findings/finding.js';
import type { Finding, Range } from '../findings/types.js';
import { toALabels } from './mx-pattern.js';

const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** Why a host name is not an RFC 5321 Domain, or undefined. */
export function hostNameProblem(name: string): string | undefined {
  if (name === '') {
    return 'empty';
  }
  if (name.length > 253) {
    return 'longer than 253 characters';
  }
  for (const part of name.split('.')) {
    if (part === '') {
      return 'empty label';
    }
    if (part.length > 63) {
      return `label longer than 63 characters`;
    }
    if (/[\s]/.test(part)) {
      return 'contains spaces';
    }
    if (part.includes('_')) {
      return 'contains `_`';
    }
    if (!label.test(part)) {
      return part.startsWith('-') || part.endsWith('-')
        ? 'label starts or ends with `-`'
        : 'contains characters other than letters, digits and `-`';
    }
  }
  return undefined;
}

/** Check one `mx` value; `valid` tells whether senders can use it as a pattern. */
export function checkMxValue(
  value: string,
  range: Range,
  domain: string | undefined,
): { valid: boolean; findings: Finding[] } {
  const f = (finding: Finding): { valid: boolean; findings: Finding[] } => ({
    valid: false,
    findings: [finding],
  });
  if (/[^\x00-\x7f]/.test(value)) {
    const alabel = toALabels(value.replace(/\.$/, ''));
    return f(
      makeFinding('STS305', {
        range,
        data: { value, alabel: alabel ?? '(not convertible)' },
        fix: alabel ? { title: `Write ${alabel}`, edits: [{ range, newText: alabel }] } : undefined,
      }),
    );
  }
  if (
    /^\[.*\]$/.test(value) ||
    /^\d{1,3}(\.\d{1,3}){3}$/.test(value) ||
    value.includes(':') ||
    value.includes('/')
  ) {
    return f(makeFinding('STS306', { range, data: { value } }));
  }
  if (
    value.startsWith('.') &&
    value.length > 1 &&
    !value.startsWith('..') &&
    hostNameProblem(value.slice(1)) === undefined
  ) {
    const rest = value.slice(1);
    return f(
      makeFinding('STS303', {
        range,
        data: { value, domain: rest },
        fix: { title: `Write *.${rest}`, edits: [{ range, newText: `*.${rest}` }] },
      }),
    );
  }
  const findings: Finding[] = [];
  let name = value;
  if (name.endsWith('.') && name.length > 1) {
    name = name.slice(0, -1);
    findings.push(
      makeFinding('STS304', {
        range,
        data: { value },
        fix: { title: 'Remove the trailing dot', edits: [{ range, newText: name }] },
      }),
    );
  }
  if (name.includes('*')) {
    if (!name.startsWith('*.') || name.slice(2).includes('*') || name.length === 2) {
      return f(makeFinding('STS302', { range, data: { value } }));
    }
  }
  const base = name.startsWith('*.') ? name.slice(2) : name;
  const problem = hostNameProblem(base);
  if (problem) {
    return f(makeFinding('STS301', { range, data: { value, reason: problem } }));
  }
  if (name.startsWith('*.')) {
    const lower = base.toLowerCase();
    if (getPublicSuffix(lower, { allowPrivateDomains: false }) === lower) {
      findings.push(makeFinding('STS307', { range, data: { value, suffix: lower } }));
    } else if (domain !== undefined && lower === domain.toLowerCase().replace(/\.$/, '')) {
      findings.push(makeFinding('STS308', { range, data: { value, domain: lower } }));
    }
  }
  return { valid: true, findings };
}

const extName = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;

/** Why an extension field breaks `sts-policy-extension`, or undefined (RFC 8461 §3.2). */
export function extensionProblem(name: string, value: string): string | undefined {
  if (!extName.test(name)) {
    return name.length > 32
      ? 'the name is longer than 32 characters'
      : 'the name has characters other than letters, digits, `_`, `-` and `.`';
  }
  if (value === '') {
    return 'the value is empty';
  }
  // Other control characters are STS225, reported once for the whole policy.
  if (value.includes('\t')) {
    return 'the value contains a tab (only spaces may separate words)';
  }
  return undefined;
}
