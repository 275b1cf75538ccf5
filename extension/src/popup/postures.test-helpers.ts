/**
 * Real postures for the popup's tests: the core's `checkDomain` over a small in-memory zone and a scripted policy
 * host, so the popup is tested on what the core really produces.
 */
import {
  checkDomain,
  type DnsRecord,
  type DnsResult,
  type FetchOutcome,
  type Posture,
  type RecordType,
} from '@sts-inspector/shared';
import type { CheckResult } from '../common/messages.js';

/** Records per name: TXT as strings, MX as [preference, host], A as addresses. */
export type Zone = Record<string, { TXT?: string[]; MX?: [number, string][]; A?: string[] }>;

const ttl = 300;

export function zoneResolver(zone: Zone, failure?: { message: string }) {
  return {
    query(name: string, type: RecordType): Promise<DnsResult> {
      const question = { name, type };
      if (failure !== undefined) {
        return Promise.resolve({
          ok: false,
          question,
          kind: 'network',
          cause: 'host-not-found',
          message: failure.message,
          elapsedMs: 1,
        });
      }
      const node = zone[name];
      const records: DnsRecord[] =
        type === 'TXT'
          ? (node?.TXT ?? []).map((text) => ({ name, ttl, type: 'TXT', strings: [text], text, ascii: true }))
          : type === 'MX'
            ? (node?.MX ?? []).map(([preference, exchange]) => ({
                name,
                ttl,
                type: 'MX',
                data: { preference, exchange },
              }))
            : type === 'A'
              ? (node?.A ?? []).map((address) => ({ name, ttl, type: 'A', data: address }))
              : [];
      return Promise.resolve({
        ok: true,
        question,
        rcode: node === undefined ? 'NXDOMAIN' : 'NOERROR',
        ad: false,
        tc: false,
        cnames: [],
        canonicalName: name,
        records,
        ttl: records.length > 0 ? ttl : null,
        elapsedMs: 1,
      });
    },
  };
}

/** example.com with an MTA-STS record, one MX host, TLS-RPT, and a policy host. */
export function exampleZone(record = 'v=STSv1; id=20240101T000000;'): Zone {
  return {
    '_mta-sts.example.com': { TXT: [record] },
    'example.com': { MX: [[10, 'mail.example.com']] },
    'mail.example.com': { A: ['192.0.2.1'] },
    'mta-sts.example.com': { A: ['192.0.2.3'] },
    '_smtp._tls.example.com': { TXT: ['v=TLSRPTv1; rua=mailto:tlsrpt@example.com'] },
  };
}

export const policyOf = (mode: string, mx = 'mail.example.com'): string =>
  `version: STSv1\r\nmode: ${mode}\r\nmx: ${mx}\r\nmax_age: 604800\r\n`;

/** A policy host answering 200 text/plain with `body`, or with `outcome`. */
export function policyHost(body: string | FetchOutcome) {
  return {
    get(): Promise<FetchOutcome> {
      if (typeof body !== 'string') {
        return Promise.resolve(body);
      }
      return Promise.resolve({
        kind: 'response',
        status: 200,
        contentType: 'text/plain',
        location: null,
        body,
        validUtf8: true,
        bytes: body.length,
        truncated: false,
        elapsedMs: 1,
      });
    },
  };
}

export async function postureOf(
  zone: Zone,
  policy: string | FetchOutcome,
  failure?: { message: string },
): Promise<Posture> {
  return checkDomain('example.com', { resolver: zoneResolver(zone, failure), fetcher: policyHost(policy) });
}

export function resultOf(posture: Posture, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    posture,
    policyOrigin: 'https://mta-sts.example.com',
    policyPermitted: posture.policy.outcome !== 'not-permitted',
    history: [],
    rememberedSince: null,
    fromCache: false,
    resolver: 'Cloudflare (1.1.1.1)',
    ...extra,
  };
}
