import { describe, expect, it } from 'vitest';
import { followCnames, maxCnameChain } from './cname.js';
import type { DnsRecord } from './resolver.js';

const cname = (name: string, target: string, ttl = 300): DnsRecord => ({
  name,
  ttl,
  type: 'CNAME',
  data: target,
});
const txt = (name: string, text: string): DnsRecord => ({
  name,
  ttl: 60,
  type: 'TXT',
  strings: [text],
  text,
  ascii: true,
});

describe('doh.md §3.2 CNAME chains in one Answer section', () => {
  it('returns the records owned by the question name when there is no alias', () => {
    const records = [txt('_mta-sts.example.com', 'v=STSv1; id=1')];
    expect(followCnames('_mta-sts.example.com', 'TXT', records)).toEqual({
      ok: true,
      canonicalName: '_mta-sts.example.com',
      cnames: [],
      records,
    });
  });

  it('follows a chain of two to the canonical name (RFC 8461 §8.2 delegation)', () => {
    const answers = [
      cname('_mta-sts.example.com', 'sts.example.net', 100),
      cname('sts.example.net', '_mta-sts.provider.example', 200),
      txt('_mta-sts.provider.example', 'v=STSv1; id=2'),
      txt('unrelated.example', 'v=STSv1; id=3'),
    ];
    expect(followCnames('_mta-sts.example.com', 'TXT', answers)).toEqual({
      ok: true,
      canonicalName: '_mta-sts.provider.example',
      cnames: [
        { name: '_mta-sts.example.com', target: 'sts.example.net', ttl: 100 },
        { name: 'sts.example.net', target: '_mta-sts.provider.example', ttl: 200 },
      ],
      records: [answers[2]],
    });
  });

  it('ends with no records at a dangling alias (NODATA/NXDOMAIN for the last name, RFC 6604)', () => {
    const result = followCnames('a.example', 'TXT', [cname('a.example', 'b.example')]);
    expect(result).toEqual({
      ok: true,
      canonicalName: 'b.example',
      cnames: [{ name: 'a.example', target: 'b.example', ttl: 300 }],
      records: [],
    });
  });

  it('ignores records of another type at the end of the chain', () => {
    const answers = [
      cname('a.example', 'b.example'),
      { name: 'b.example', ttl: 1, type: 'A' as const, data: '192.0.2.1' },
    ];
    expect(followCnames('a.example', 'TXT', answers)).toMatchObject({
      ok: true,
      canonicalName: 'b.example',
      records: [],
    });
  });

  it('answers a CNAME question with the CNAME itself', () => {
    const answers = [cname('a.example', 'b.example'), cname('b.example', 'c.example')];
    expect(followCnames('a.example', 'CNAME', answers)).toEqual({
      ok: true,
      canonicalName: 'a.example',
      cnames: [],
      records: [answers[0]],
    });
  });

  it.each([
    ['a self loop', [cname('a.example', 'a.example')]],
    ['a loop of two', [cname('a.example', 'b.example'), cname('b.example', 'a.example')]],
    [
      'a loop entered later',
      [cname('a.example', 'b.example'), cname('b.example', 'c.example'), cname('c.example', 'b.example')],
    ],
  ])('reports %s as cname-loop', (_, answers) => {
    expect(followCnames('a.example', 'TXT', answers)).toMatchObject({ ok: false, kind: 'cname-loop' });
  });

  it(`follows ${maxCnameChain} aliases and refuses ${maxCnameChain + 1}`, () => {
    const chain = (length: number): DnsRecord[] => [
      ...Array.from({ length }, (_, i) => cname(`n${i}.example`, `n${i + 1}.example`)),
      txt(`n${length}.example`, 'end'),
    ];
    expect(followCnames('n0.example', 'TXT', chain(maxCnameChain))).toMatchObject({
      ok: true,
      canonicalName: `n${maxCnameChain}.example`,
    });
    expect(followCnames('n0.example', 'TXT', chain(maxCnameChain + 1))).toMatchObject({
      ok: false,
      kind: 'cname-loop',
      message: expect.stringContaining('longer than 16') as string,
    });
  });
});
