/**
 * Linting a policy file: loaded by `lintDocument` only for a policy, so that linting one loads neither the
 * record nor the report parsers. Pure. Never throws.
 */
import { guardParse } from '../findings/guard.js';
import type { Finding } from '../findings/types.js';
import { parsePolicy } from '../mta-sts/policy.js';

/** The policy's text (what the ranges refer to) and its findings, unsorted and uncapped. */
export function lintPolicy(
  bytes: Uint8Array,
  domain: string | undefined,
): { text: string; findings: Finding[] } {
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
  return { text, findings: guardParse(() => parsePolicy(text, { bytes, domain })).findings };
}
