import { describe, expect, it } from 'vitest';
import type { DnsResult } from '../dns/resolver.js';
import { judgeTlsa } from './tlsa.js';

const question = { name: '_25._tcp.mx.example.com', type: 'TLSA' as const };
const answer = (rcode: 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN', ad = false): DnsResult => ({
  ok: true,
  question,
  rcode,
  ad,
  tc: false,
  cnames: [],
  canonicalName: question.name,
  records: [],
  ttl: null,
  elapsedMs: 1,
});

describe('RFC 7672 §2.1.2 TLSA lookup failures', () => {
  it('calls a SERVFAIL that resolves with CD=1 bogus (DANE003)', () => {
    const r = judgeTlsa('mx.example.com', answer('SERVFAIL'), answer('NOERROR'));
    expect(r.state).toBe('bogus');
    expect(r.findings.map((f) => f.code)).toEqual(['DANE003']);
  });

  it('still reports a plain SERVFAIL as DANE003: senders treat the host as unreachable', () => {
    const r = judgeTlsa('mx.example.com', answer('SERVFAIL'), answer('SERVFAIL'));
    expect(r.state).toBe('unknown');
    expect(r.findings.map((f) => f.code)).toEqual(['DANE003']);
  });

  it('blames our resolver, not the domain, for a transport failure (DNS007, no DANE003)', () => {
    const timeout: DnsResult = {
      ok: false,
      question,
      kind: 'timeout',
      message: 'timed out',
      elapsedMs: 5000,
    };
    const r = judgeTlsa('mx.example.com', timeout, undefined);
    expect(r.state).toBe('unknown');
    expect(r.findings.map((f) => f.code)).toEqual(['DNS007']);
  });

  it('sees no DANE in a secure NXDOMAIN', () => {
    expect(judgeTlsa('mx.example.com', answer('NXDOMAIN', true), undefined)).toEqual({
      state: 'none',
      tlsa: [],
      findings: [],
    });
  });
});
