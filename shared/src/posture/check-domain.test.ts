import { describe, expect, it } from 'vitest';
import { checkDomain } from './check-domain.js';
import {
  VirtualClock,
  goodPolicy,
  scriptedFetcher,
  zoneResolver,
  type ZoneNode,
} from './zone.test-helpers.js';

const url = 'https://mta-sts.example.com/.well-known/mta-sts.txt';
const tlsa311 = { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(32) };

function baseZone(): Record<string, ZoneNode> {
  return {
    '_mta-sts.example.com': { TXT: [['v=STSv1; id=20240101T000000;']] },
    'example.com': {
      MX: [
        [10, 'mail.example.com'],
        [20, 'mx1.backup.example.com'],
      ],
      TXT: [['v=spf1 -all']],
    },
    'mail.example.com': { A: ['192.0.2.1'] },
    'mx1.backup.example.com': { A: ['192.0.2.2'] },
    'mta-sts.example.com': { A: ['192.0.2.3'] },
    '_smtp._tls.example.com': { TXT: [['v=TLSRPTv1; rua=mailto:tlsrpt@example.com']], ttl: 86400 },
  };
}

async function run(
  zone: Record<string, ZoneNode>,
  policy: Parameters<typeof scriptedFetcher>[0] = { [url]: { body: goodPolicy } },
) {
  const clock = new VirtualClock();
  const resolver = zoneResolver(zone, clock);
  const fetcher = scriptedFetcher(policy, clock);
  const posture = await checkDomain('Example.COM.', {
    resolver,
    fetcher,
    now: clock.now,
    wallClock: () => 0,
  });
  const codes = posture.findings.map((f) => f.code);
  return { posture, codes, resolver, fetcher };
}

describe('RFC 8461 posture of a domain', () => {
  it('is enforced when the record, the policy and every MX agree', async () => {
    const { posture, codes } = await run(baseZone());
    expect(posture.domain).toBe('example.com');
    expect(posture.verdict).toBe('enforced');
    expect(posture.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(codes).not.toContain('STS227');
    expect(posture.mx.hosts.map((h) => [h.name, h.covered, h.matchedPattern])).toEqual([
      ['mail.example.com', true, 'mail.example.com'],
      ['mx1.backup.example.com', true, '*.backup.example.com'],
    ]);
    expect(posture.checkedAt).toBe('1970-01-01T00:00:00.000Z');
    expect(JSON.parse(JSON.stringify(posture))).toEqual(posture);
  });

  it('runs independent lookups at once: wall time is the critical path, not the sum', async () => {
    const { posture, resolver, fetcher } = await run(baseZone());
    // Round 1: _mta-sts TXT, MX, _smtp._tls TXT, mta-sts A (10 ms each) and the fetch (30 ms), all at t=0.
    // Round 2 after MX (t=10): TLSA and A per MX host (10 ms). Critical path: the 30 ms fetch.
    const firstRound = resolver.calls
      .filter((c) => c.start === 0)
      .map((c) => c.what)
      .sort();
    expect(firstRound).toEqual([
      'A mta-sts.example.com',
      'MX example.com',
      'TXT _mta-sts.example.com',
      'TXT _smtp._tls.example.com',
    ]);
    expect(fetcher.calls).toEqual([{ what: `GET ${url}`, start: 0, end: 30 }]);
    expect(resolver.calls.filter((c) => c.what.startsWith('TLSA')).every((c) => c.start === 10)).toBe(true);
    expect(posture.elapsedMs).toBe(30);
    const sum = [...resolver.calls, ...fetcher.calls].reduce((s, c) => s + c.end - c.start, 0);
    expect(sum).toBeGreaterThan(posture.elapsedMs * 2);
  });

  it('testing mode reports STS226 and STS311 for an uncovered MX', async () => {
    const { posture, codes } = await run(baseZone(), {
      [url]: { body: goodPolicy.replace('enforce', 'testing').replace('mx: *.backup.example.com\r\n', '') },
    });
    expect(posture.verdict).toBe('testing');
    expect(codes).toEqual(expect.arrayContaining(['STS226', 'STS311']));
  });

  it('is absent without a record, and looks for misplaced ones (STS001, STS016)', async () => {
    const zone = baseZone();
    delete zone['_mta-sts.example.com'];
    zone['example.com']!.TXT = [['v=STSv1; id=1']];
    const { posture, codes } = await run(zone, {});
    expect(posture.verdict).toBe('absent');
    expect(codes).toEqual(expect.arrayContaining(['STS001', 'STS016']));
    expect(codes).not.toContain('STS101');
  });

  it('warns about a policy served without a record (STS115)', async () => {
    const zone = baseZone();
    delete zone['_mta-sts.example.com'];
    const { codes } = await run(zone);
    expect(codes).toEqual(expect.arrayContaining(['STS001', 'STS115']));
  });

  it('is broken with two v=STSv1 records (STS004)', async () => {
    const zone = baseZone();
    zone['_mta-sts.example.com'] = { TXT: [['v=STSv1; id=1'], ['v=STSv1; id=2']] };
    const { posture, codes } = await run(zone);
    expect(posture.verdict).toBe('broken');
    expect(codes).toContain('STS004');
  });

  it('is unknown, never absent, when the lookup fails (STS002)', async () => {
    const zone = baseZone();
    zone['_mta-sts.example.com'] = { rcode: 'SERVFAIL' };
    const { posture, codes } = await run(zone);
    expect(posture.verdict).toBe('unknown');
    expect(codes).toContain('STS002');
    expect(codes).not.toContain('STS001');
    expect(codes).not.toContain('DNS008');
    zone['_mta-sts.example.com'] = { rcode: 'SERVFAIL', cdSucceeds: true, TXT: [['v=STSv1; id=1']] };
    const bogus = await run(zone);
    expect(bogus.codes).toEqual(expect.arrayContaining(['STS002', 'DNS008']));
    expect(bogus.posture.verdict).toBe('unknown');
  });

  it('reports split strings and aliases (STS013, STS014)', async () => {
    const zone = baseZone();
    zone['_mta-sts.example.com'] = { CNAME: '_mta-sts.provider.example' };
    zone['_mta-sts.provider.example'] = { TXT: [['v=STSv1; ', 'id=123;']] };
    const { posture, codes } = await run(zone);
    expect(posture.verdict).toBe('enforced');
    expect(codes).toEqual(expect.arrayContaining(['STS013', 'STS014']));
  });

  it('reports a dangling alias (STS015)', async () => {
    const zone = baseZone();
    zone['_mta-sts.example.com'] = { CNAME: '_mta-sts.gone.example' };
    const { codes } = await run(zone);
    expect(codes).toContain('STS015');
  });

  it('is broken when the policy cannot be fetched (STS101, STS106, STS107, STS108)', async () => {
    const cases = [
      [{}, 'STS101'],
      [{ [url]: { status: 301, location: 'https://elsewhere.example/' } }, 'STS106'],
      [{ [url]: { status: 404 } }, 'STS107'],
      [{ [url]: { body: goodPolicy, contentType: 'text/html' } }, 'STS108'],
      [{ [url]: { kind: 'timeout', elapsedMs: 10_000 } }, 'STS112'],
      [{ [url]: { kind: 'tls-name', names: ['other.example'], message: 'x', elapsedMs: 1 } }, 'STS103'],
      [{ [url]: { kind: 'blocked-address', address: '10.0.0.1', elapsedMs: 1 } }, 'STS119'],
      [{ [url]: { kind: 'opaque-failure', message: 'Failed to fetch', elapsedMs: 1 } }, 'STS114'],
      [{ [url]: { body: goodPolicy, truncated: true, bytes: 65537 } }, 'STS111'],
    ] as const;
    for (const [table, code] of cases) {
      const { posture, codes } = await run(baseZone(), table as never);
      expect(posture.verdict, code).toBe('broken');
      expect(codes, code).toContain(code);
    }
  });

  it('is unknown, with no fetch finding, while the shell may not fetch the policy', async () => {
    const notPermitted = {
      kind: 'not-permitted',
      origin: 'https://mta-sts.example.com',
      elapsedMs: 0,
    } as const;
    const { posture, codes } = await run(baseZone(), { [url]: notPermitted });
    expect(posture.verdict).toBe('unknown');
    expect(posture.policy.outcome).toBe('not-permitted');
    expect(codes.filter((code) => /^STS1[01]\d$/.test(code))).toEqual([]);
    // Everything DNS tells is still there.
    expect(posture.mtaSts.state).toBe('present');
    expect(posture.mx.hosts.map((host) => host.name)).toEqual(['mail.example.com', 'mx1.backup.example.com']);
    expect(posture.tlsRpt.state).toBe('present');
  });

  it('is broken when enforce covers no MX (STS312)', async () => {
    const { posture, codes } = await run(baseZone(), {
      [url]: { body: goodPolicy.replace(/mx: .*\r\n/g, 'mx: other.example.net\r\n') },
    });
    expect(posture.verdict).toBe('broken');
    expect(codes).toContain('STS312');
  });

  it('asks for the TLS-RPT record when MTA-STS is deployed (STS227 instead of RPT001)', async () => {
    const zone = baseZone();
    delete zone['_smtp._tls.example.com'];
    const { codes } = await run(zone);
    expect(codes).toContain('STS227');
    expect(codes).not.toContain('RPT001');
  });

  it('notes a short TLS-RPT TTL (RPT019) and multiple records (RPT003)', async () => {
    const zone = baseZone();
    zone['_smtp._tls.example.com']!.ttl = 300;
    expect((await run(zone)).codes).toContain('RPT019');
    zone['_smtp._tls.example.com'] = {
      TXT: [['v=TLSRPTv1; rua=mailto:a@example.com'], ['v=TLSRPTv1; rua=mailto:b@example.com']],
    };
    expect((await run(zone)).codes).toContain('RPT003');
  });
});

describe('RFC 7672 DANE per MX host', () => {
  it('reports validated TLSA (DANE001) and partial coverage (DANE009, DANE010)', async () => {
    const zone = baseZone();
    zone['_25._tcp.mail.example.com'] = { TLSA: [tlsa311, { ...tlsa311, data: 'cd'.repeat(32) }], ad: true };
    const { posture, codes } = await run(zone);
    expect(posture.mx.hosts.map((h) => h.dane)).toEqual(['dane', 'none']);
    expect(codes).toEqual(expect.arrayContaining(['DANE001', 'DANE009', 'DANE010']));
    expect(codes).not.toContain('DANE007');
  });

  it('reports unvalidated TLSA (DANE002) and bogus DNSSEC (DANE003 via CD=1)', async () => {
    const zone = baseZone();
    zone['_25._tcp.mail.example.com'] = { TLSA: [tlsa311], ad: false };
    zone['_25._tcp.mx1.backup.example.com'] = { rcode: 'SERVFAIL', cdSucceeds: true };
    const { posture, codes, resolver } = await run(zone);
    expect(posture.mx.hosts.map((h) => h.dane)).toEqual(['not-validated', 'bogus']);
    expect(codes).toEqual(expect.arrayContaining(['DANE002', 'DANE003']));
    expect(resolver.calls.map((c) => c.what)).toContain('TLSA _25._tcp.mx1.backup.example.com CD');
  });

  it('judges unusable TLSA records (DANE004, DANE005, DANE006, DANE007, DANE008, DANE011)', async () => {
    const zone = baseZone();
    zone['_25._tcp.mail.example.com'] = {
      TLSA: [
        { usage: 1, selector: 1, matchingType: 1, data: 'ab'.repeat(32) },
        { usage: 3, selector: 1, matchingType: 1, data: 'ab'.repeat(10) },
        { usage: 7, selector: 1, matchingType: 1, data: 'ab'.repeat(32) },
      ],
      ad: true,
    };
    zone['_25._tcp.mx1.backup.example.com'] = {
      TLSA: [{ usage: 3, selector: 0, matchingType: 0, data: '30820100' }],
      ad: true,
    };
    const { posture, codes } = await run(zone);
    expect(posture.mx.hosts.map((h) => h.dane)).toEqual(['dane-unusable', 'dane']);
    expect(codes).toEqual(
      expect.arrayContaining(['DANE004', 'DANE005', 'DANE006', 'DANE007', 'DANE008', 'DANE011']),
    );
  });

  it('RFC 7672 §2.2.3: an alias whose expansion validates takes TLSA from the expanded name first', async () => {
    const aliased = (targetAd: boolean): Record<string, ZoneNode> => {
      const zone = baseZone();
      zone['mail.example.com'] = { CNAME: 'mx.provider.net' };
      zone['mx.provider.net'] = { A: ['192.0.2.9'], ad: targetAd };
      return zone;
    };
    const mail = (r: Awaited<ReturnType<typeof run>>) => r.posture.mx.hosts[0]!;

    // Records at the expanded name win, and the view says where they were found.
    const atTarget = aliased(true);
    atTarget['_25._tcp.mx.provider.net'] = { TLSA: [tlsa311], ad: true };
    const found = await run(atTarget);
    expect([mail(found).dane, mail(found).tlsaBase, mail(found).tlsa]).toEqual([
      'dane',
      'mx.provider.net',
      [tlsa311],
    ]);
    expect(found.codes).toContain('DANE001');

    // None there: the host name itself is the second candidate.
    const atName = aliased(true);
    atName['_25._tcp.mail.example.com'] = { TLSA: [tlsa311], ad: true };
    const fallback = await run(atName);
    expect([mail(fallback).dane, mail(fallback).tlsaBase]).toEqual(['dane', 'mail.example.com']);

    // An expansion that does not validate: the expanded name is never a candidate, not even asked.
    const insecure = aliased(false);
    insecure['_25._tcp.mx.provider.net'] = { TLSA: [tlsa311], ad: true };
    const skipped = await run(insecure);
    expect([mail(skipped).dane, mail(skipped).tlsaBase]).toEqual(['none', 'mail.example.com']);
    expect(skipped.resolver.calls.map((c) => c.what)).not.toContain('TLSA _25._tcp.mx.provider.net');

    // A failing lookup at the expanded name makes the host unusable (§2.1.2); no falling back past it.
    const failing = aliased(true);
    failing['_25._tcp.mx.provider.net'] = { rcode: 'SERVFAIL', cdSucceeds: true };
    failing['_25._tcp.mail.example.com'] = { TLSA: [tlsa311], ad: true };
    const bogus = await run(failing);
    expect([mail(bogus).dane, mail(bogus).tlsaBase]).toEqual(['bogus', 'mx.provider.net']);
    expect(bogus.resolver.calls.map((c) => c.what)).toContain('TLSA _25._tcp.mx.provider.net CD');
  });

  it('flags an MX host that is an alias (STS318)', async () => {
    const zone = baseZone();
    zone['mail.example.com'] = { CNAME: 'real.example.net' };
    zone['real.example.net'] = { A: ['192.0.2.9'] };
    expect((await run(zone)).codes).toContain('STS318');
  });

  it('handles a null MX (STS316) and no MX at all (STS317)', async () => {
    const zone = baseZone();
    zone['example.com'] = { MX: [[0, '.']] };
    expect((await run(zone)).codes).toContain('STS316');
    zone['example.com'] = { A: ['192.0.2.1'] };
    const { posture, codes } = await run(zone);
    expect(codes).toContain('STS317');
    expect(posture.mx.implicit).toBe(true);
    expect(posture.mx.hosts.map((h) => h.name)).toEqual(['example.com']);
  });
});
