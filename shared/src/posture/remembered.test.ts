import { describe, expect, it } from 'vitest';
import { checkDomain } from './check-domain.js';
import {
  comparePostures,
  judgeRememberedPolicy,
  readRememberedPolicy,
  rememberAfter,
  rememberPolicy,
  type RememberedPolicy,
} from './remembered.js';
import type { Posture } from './types.js';
import {
  VirtualClock,
  examplePolicyUrl as url,
  goodPolicy,
  oneMxZone,
  scriptedFetcher,
  zoneResolver,
  type ZoneNode,
} from './zone.test-helpers.js';

const day = 86_400_000;
const t0 = Date.parse('2026-03-01T12:00:00.000Z');

async function check(
  at: number,
  options: { zone?: Record<string, ZoneNode>; policy?: string; id?: string } = {},
): Promise<Posture> {
  const clock = new VirtualClock();
  const zone = options.zone ?? oneMxZone();
  if (options.id !== undefined) {
    zone['_mta-sts.example.com'] = { TXT: [[`v=STSv1; id=${options.id};`]] };
  }
  const resolver = zoneResolver(zone, clock);
  const fetcher = scriptedFetcher({ [url]: { body: options.policy ?? goodPolicy } }, clock);
  return checkDomain('example.com', { resolver, fetcher, now: clock.now, wallClock: () => at });
}

const codes = (findings: { code: string }[]): string[] => findings.map((f) => f.code);

describe('the remembered policy', () => {
  it('is the one senders took: id, text, mode, max_age and when', async () => {
    expect(rememberPolicy(await check(t0))).toEqual({
      domain: 'example.com',
      id: '20240101T000000',
      text: goodPolicy,
      mode: 'enforce',
      maxAge: 604800,
      seenAt: '2026-03-01T12:00:00.000Z',
    });
  });

  it('is nothing when senders would take no policy', async () => {
    const noRecord = oneMxZone();
    delete noRecord['_mta-sts.example.com'];
    expect(rememberPolicy(await check(t0, { zone: noRecord }))).toBeNull();
    expect(rememberPolicy(await check(t0, { policy: 'version: STSv1\nmode: enforce\n' }))).toBeNull();
  });

  it('reads back from storage, and a damaged one says where', async () => {
    const remembered = rememberPolicy(await check(t0))!;
    expect(readRememberedPolicy(JSON.parse(JSON.stringify(remembered)))).toEqual({ ok: true, remembered });
    expect(readRememberedPolicy({ ...remembered, maxAge: '604800' })).toEqual({
      ok: false,
      message: 'remembered.maxAge: expected a whole number ≥ 0, got "604800"',
    });
    expect(readRememberedPolicy({ ...remembered, seenAt: 'yesterday' })).toMatchObject({ ok: false });
    expect(readRememberedPolicy(undefined)).toMatchObject({ ok: false });
  });
});

describe('STS117: the policy changed but its id did not', () => {
  it('is found when the policy now means something else under the same id', async () => {
    const before = await check(t0);
    const after = await check(t0 + day, { policy: goodPolicy.replace('enforce', 'testing') });
    const findings = comparePostures(before, after);
    expect(codes(findings)).toEqual(['STS117']);
    expect(findings[0]).toMatchObject({
      part: 'policy',
      rangeIn: null,
      data: { date: '2026-03-01', id: '20240101T000000' },
    });
    expect(findings[0]!.message).toContain('since 2026-03-01');
  });

  it('is not found for a change senders cannot see (line endings, order of lines, case of an mx)', async () => {
    const before = await check(t0);
    const same =
      'max_age: 604800\nmx: *.backup.example.com\nmx: MAIL.example.com.\nmode: enforce\nversion: STSv1\n';
    expect(comparePostures(before, await check(t0 + day, { policy: same }))).toEqual([]);
  });

  it('is not found when the id changed with the policy', async () => {
    const before = await check(t0);
    const after = await check(t0 + day, { policy: goodPolicy.replace('enforce', 'testing'), id: '2' });
    expect(comparePostures(before, after)).toEqual([]);
  });
});

describe('STS118: the record disappeared while senders may still hold the policy', () => {
  const removed = (): Record<string, ZoneNode> => {
    const zone = oneMxZone();
    delete zone['_mta-sts.example.com'];
    return zone;
  };

  it('is found before max_age has run out, with the mode and the day it runs out', async () => {
    const findings = comparePostures(await check(t0), await check(t0 + day, { zone: removed() }));
    expect(codes(findings)).toEqual(['STS118']);
    expect(findings[0]).toMatchObject({ part: 'record', data: { mode: 'enforce', date: '2026-03-08' } });
  });

  it('is not found after max_age, nor for a lookup that failed, nor for a mode none policy', async () => {
    const before = await check(t0);
    expect(comparePostures(before, await check(t0 + 8 * day, { zone: removed() }))).toEqual([]);
    const failing = oneMxZone();
    failing['_mta-sts.example.com'] = { rcode: 'SERVFAIL' };
    expect(comparePostures(before, await check(t0 + day, { zone: failing }))).toEqual([]);
    const off = rememberPolicy(await check(t0, { policy: goodPolicy.replace('enforce', 'none') }))!;
    expect(off.mode).toBe('none');
    expect(judgeRememberedPolicy(off, await check(t0 + day, { zone: removed() }))).toEqual([]);
  });
});

describe('what to remember after a check', () => {
  it('keeps the policy senders still hold, and takes a new one otherwise', async () => {
    const first = rememberPolicy(await check(t0))!;
    const changedSameId = await check(t0 + day, { policy: goodPolicy.replace('enforce', 'testing') });
    expect(rememberAfter(first, changedSameId)).toBe(first);
    const newId = await check(t0 + day, { policy: goodPolicy.replace('enforce', 'testing'), id: '2' });
    expect(rememberAfter(first, newId)).toMatchObject({ id: '2', mode: 'testing' });
    expect(rememberAfter(null, newId)).toEqual(rememberAfter(first, newId));
    const other: RememberedPolicy = { ...first, domain: 'other.example' };
    expect(rememberAfter(other, changedSameId)).toMatchObject({ domain: 'example.com', mode: 'testing' });
  });
});
