/**
 * Judges the policy fetch as a sender would (RFC 8461 §3.2, §3.3): only a 200 is a policy, redirects are failures,
 * the media type should be `text/plain`, the body has a size cap. Pure (the fetcher is injected). Never throws
 * except AbortError.
 */
import { appendFindings } from '../findings/budget.js';
import type { FetchOutcome, Fetcher } from '../http/fetcher.js';
import { makeFinding } from '../findings/finding.js';
import type { Finding } from '../findings/types.js';
import { isPolicyUsable, parsePolicy } from '../mta-sts/policy.js';
import type { Policy } from '../mta-sts/policy-types.js';
import { parseMediaType } from '../text/media-type.js';
import type { PolicyFetch, PolicyView } from './types.js';

/** Bounds of the policy fetch. */
export interface PolicyFetchOptions {
  /** Give up after this long. Default 10 s (STS112). */
  timeoutMs: number;
  /** Senders accept 64 KiB (RFC 8461 §3.3); read at most this much. */
  maxBytes: number;
  /** Warn when the policy takes longer than this (STS113). Default 4 s, postfix-mta-sts-resolver's timeout. */
  slowMs: number;
}

export const defaultPolicyFetchOptions: PolicyFetchOptions = {
  timeoutMs: 10_000,
  maxBytes: 65_536,
  slowMs: 4_000,
};

/** The well-known policy URL of a domain (RFC 8461 §3.3). */
export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);

/** Fetch the policy and judge the exchange. */
export async function fetchPolicy(
  domain: string,
  fetcher: Fetcher,
  options: PolicyFetchOptions,
  signal: AbortSignal | undefined,
): Promise<{ fetch: PolicyFetch; findings: Finding[] }> {
  const url = policyUrl(domain);
  const outcome = await fetcher.get(url, {
    signal,
    maxBytes: options.maxBytes + 1,
    timeoutMs: options.timeoutMs,
  });
  return judgePolicyFetch(domain, url, outcome, options);
}

/** Judge a fetch outcome. Exported for tests and for callers that fetched by other means. */
export function judgePolicyFetch(
  domain: string,
  url: string,
  outcome: FetchOutcome,
  options: PolicyFetchOptions,
): { fetch: PolicyFetch; findings: Finding[] } {
  const base: PolicyFetch = {
    url,
    outcome: outcome.kind,
    status: null,
    contentType: null,
    location: null,
    bytes: null,
    elapsedMs: outcome.elapsedMs,
    text: null,
    parsed: null,
    usable: false,
    mode: null,
  };
  switch (outcome.kind) {
    case 'no-address':
      return { fetch: base, findings: [makeFinding('STS101', { data: { domain, rcode: outcome.rcode } })] };
    case 'blocked-address':
      return {
        fetch: base,
        findings: [makeFinding('STS119', { data: { domain, address: outcome.address } })],
      };
    case 'network':
      return {
        fetch: base,
        findings: [makeFinding('STS102', { data: { domain, reason: outcome.message } })],
      };
    case 'tls-name':
      return {
        fetch: base,
        findings: [
          makeFinding('STS103', { data: { domain, names: outcome.names.join(', ') || 'no DNS names' } }),
        ],
      };
    case 'tls-expired':
      return {
        fetch: base,
        findings: [makeFinding('STS104', { data: { date: outcome.notAfter, notBefore: outcome.notBefore } })],
      };
    case 'tls-untrusted':
      return { fetch: base, findings: [makeFinding('STS105', { data: { reason: outcome.message } })] };
    case 'opaque-failure':
      return { fetch: base, findings: [makeFinding('STS114', { data: { reason: outcome.message } })] };
    case 'not-permitted':
      // Not a fact about the domain: no finding, and the verdict waits for the permission.
      return { fetch: base, findings: [] };
    case 'timeout':
      return {
        fetch: base,
        findings: [makeFinding('STS112', { data: { seconds: seconds(options.timeoutMs) } })],
      };
    case 'response':
      return judgeResponse(domain, base, outcome, options);
  }
}

function judgeResponse(
  domain: string,
  base: PolicyFetch,
  response: Extract<FetchOutcome, { kind: 'response' }>,
  options: PolicyFetchOptions,
): { fetch: PolicyFetch; findings: Finding[] } {
  const fetch: PolicyFetch = {
    ...base,
    status: response.status,
    contentType: response.contentType,
    location: response.location,
    bytes: response.bytes,
  };
  const findings: Finding[] = [];
  if ((response.status >= 300 && response.status < 400) || response.status === 0) {
    findings.push(
      makeFinding('STS106', {
        data: { status: response.status || 'a redirect', location: response.location ?? 'not disclosed' },
      }),
    );
    return { fetch, findings };
  }
  if (response.status !== 200) {
    findings.push(makeFinding('STS107', { data: { status: response.status } }));
    return { fetch, findings };
  }
  let usable = true;
  const media = parseMediaType(response.contentType);
  if (!media) {
    findings.push(makeFinding('STS109'));
    usable = false;
  } else if (media.type !== 'text/plain') {
    findings.push(makeFinding('STS108', { data: { type: media.type } }));
    usable = false;
  } else if (media.charset && media.charset !== 'utf-8' && media.charset !== 'us-ascii') {
    findings.push(makeFinding('STS110', { data: { charset: media.charset } }));
  }
  if (response.truncated || response.bytes > options.maxBytes) {
    findings.push(makeFinding('STS111', { data: { size: `more than ${options.maxBytes}` } }));
    return { fetch: { ...fetch, usable: false }, findings };
  }
  if (response.elapsedMs > options.slowMs) {
    findings.push(makeFinding('STS113', { data: { seconds: seconds(response.elapsedMs) } }));
  }
  const parsed = parsePolicy(response.body, { domain, validUtf8: response.validUtf8 });
  appendFindings(findings, parsed.findings);
  usable = usable && isPolicyUsable(parsed);
  const value = parsed.value === undefined ? null : policyView(parsed.value);
  return {
    fetch: {
      ...fetch,
      text: response.body,
      parsed: { value, findings: parsed.findings },
      usable,
      mode: value?.mode ?? null,
    },
    findings,
  };
}

/** A parsed policy as a posture carries it: null where the policy has no (valid) value. */
export function policyView(policy: Policy): PolicyView {
  return {
    version: policy.version ?? null,
    mode: policy.mode ?? null,
    maxAge: policy.maxAge ?? null,
    mx: policy.mx,
    extensions: policy.extensions,
    fields: policy.fields,
    lineEnding: policy.lineEnding,
  };
}
