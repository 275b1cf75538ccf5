import { describe, expect, it } from 'vitest';
import type { PeerCertificate } from 'node:tls';
import { checkPolicyHostIdentity, dnsIdMatches, dnsIds } from './cert-name.js';

const cert = (san: string | undefined, cn = 'mta-sts.example.com'): PeerCertificate =>
  ({ subjectaltname: san, subject: { CN: cn } }) as unknown as PeerCertificate;

describe('RFC 8461 §3.3 / RFC 6125 §6.4 policy host certificate names', () => {
  it('matches exact DNS-IDs, ignoring case and a trailing dot', () => {
    expect(dnsIdMatches('MTA-STS.example.com', 'mta-sts.example.com.')).toBe(true);
    expect(dnsIdMatches('mta-sts.example.org', 'mta-sts.example.com')).toBe(false);
  });

  it('accepts a wildcard only as the whole left-most label, covering one label', () => {
    expect(dnsIdMatches('*.example.com', 'mta-sts.example.com')).toBe(true);
    expect(dnsIdMatches('*.example.com', 'a.mta-sts.example.com')).toBe(false);
    expect(dnsIdMatches('*.example.com', 'example.com')).toBe(false);
    expect(dnsIdMatches('mt*.example.com', 'mta-sts.example.com')).toBe(false);
    expect(dnsIdMatches('*sts.example.com', 'mta-sts.example.com')).toBe(false);
    expect(dnsIdMatches('*.*.com', 'mta-sts.example.com')).toBe(false);
  });

  it('never falls back to the subject CN', () => {
    expect(checkPolicyHostIdentity('mta-sts.example.com', cert(undefined))).toMatchObject({
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
    });
    expect(
      checkPolicyHostIdentity(
        'mta-sts.example.com',
        cert('URI:https://mta-sts.example.com/, IP Address:192.0.2.1'),
      ),
    ).toBeInstanceOf(Error);
    expect(
      checkPolicyHostIdentity('mta-sts.example.com', cert('DNS:other.example, DNS:mta-sts.example.com')),
    ).toBeUndefined();
    expect(dnsIds(cert('DNS:a.example, IP Address:192.0.2.1, DNS:b.example'))).toEqual([
      'a.example',
      'b.example',
    ]);
  });
});
