import { describe, expect, it } from 'vitest';
import type { DnsResult, QueryOptions, RecordType, Resolver } from '../dns/resolver.js';
import type { FetchOutcome, Fetcher } from '../http/fetcher.js';
import { checkDomain, type CheckProgress } from './check-domain.js';
import {
  VirtualClock,
  examplePolicyUrl as url,
  goodPolicy,
  oneMxZone as zone,
  scriptedFetcher,
  zoneResolver,
  type ZoneNode,
} from './zone.test-helpers.js';

describe('progress of a check', () => {
  it('tells each lookup as it starts and as it ends, with how it went', async () => {
    const clock = new VirtualClock();
    const resolver = zoneResolver(zone(), clock);
    const fetcher = scriptedFetcher({ [url]: { body: goodPolicy } }, clock);
    const events: CheckProgress[] = [];
    const posture = await checkDomain(
      'example.com',
      { resolver, fetcher, now: clock.now },
      { onProgress: (e) => events.push(e) },
    );
    const starts = events.filter((e) => e.phase === 'start');
    const ends = events.filter((e) => e.phase === 'end');
    // One start and one end per port call, paired by id.
    expect(starts).toHaveLength(resolver.calls.length + fetcher.calls.length);
    expect(ends.map((e) => e.id).sort()).toEqual(starts.map((e) => e.id).sort());
    for (const end of ends) {
      const start = starts.find((s) => s.id === end.id)!;
      expect(events.indexOf(start)).toBeLessThan(events.indexOf(end));
      expect(end).toMatchObject({ kind: start.kind, name: start.name, type: start.type });
      expect(end.atMs).toBeGreaterThanOrEqual(start.atMs);
    }
    expect(starts.map((e) => e.outcome)).toEqual(starts.map(() => null));
    const fetchEnd = ends.find((e) => e.kind === 'fetch');
    expect(fetchEnd).toMatchObject({ name: url, type: 'GET', outcome: 'response', status: 200, atMs: 30 });
    expect(ends.find((e) => e.name === '_mta-sts.example.com')).toMatchObject({
      kind: 'dns',
      type: 'TXT',
      outcome: 'answer',
      status: 'NOERROR',
      atMs: 10,
    });
    expect(ends.find((e) => e.name === '_25._tcp.mail.example.com')).toMatchObject({ status: 'NXDOMAIN' });
    expect(posture.verdict).toBe('enforced');
    // The events are plain JSON, for a message to a popup.
    expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
  });

  it('goes on when the listener throws', async () => {
    const clock = new VirtualClock();
    const posture = await checkDomain(
      'example.com',
      {
        resolver: zoneResolver(zone(), clock),
        fetcher: scriptedFetcher({ [url]: { body: goodPolicy } }, clock),
        now: clock.now,
      },
      {
        onProgress: () => {
          throw new Error('a listener bug');
        },
      },
    );
    expect(posture.verdict).toBe('enforced');
  });

  it('asks every question fresh on a re-check, and not otherwise', async () => {
    const seen: (boolean | undefined)[] = [];
    const asking = (clock: VirtualClock): Resolver => {
      const inner = zoneResolver(zone(), clock);
      return {
        query: (name: string, type: RecordType, options?: QueryOptions) => {
          seen.push(options?.fresh);
          return inner.query(name, type, options);
        },
      };
    };
    const run = async (fresh: boolean | undefined): Promise<void> => {
      const clock = new VirtualClock();
      const fetcher = scriptedFetcher({ [url]: { body: goodPolicy } }, clock);
      await checkDomain('example.com', { resolver: asking(clock), fetcher, now: clock.now }, { fresh });
    };
    await run(true);
    expect(seen.length).toBeGreaterThan(5);
    expect(new Set(seen)).toEqual(new Set([true]));
    seen.length = 0;
    await run(undefined);
    expect(new Set(seen)).toEqual(new Set([undefined]));
  });
});

/** A port call held until the test answers it. */
interface Held<T> {
  what: string;
  answer: (value: T) => void;
}

/** Ports whose calls wait for the test, ignoring the signal (the worst case for "rejects at once"). */
function heldPorts() {
  const dns: Held<DnsResult>[] = [];
  const gets: Held<FetchOutcome>[] = [];
  const resolver: Resolver = {
    query: (name, type) =>
      new Promise((answer) => {
        dns.push({ what: `${type} ${name}`, answer });
      }),
  };
  const fetcher: Fetcher = {
    get: (target) =>
      new Promise((answer) => {
        gets.push({ what: `GET ${target}`, answer });
      }),
  };
  return { resolver, fetcher, dns, gets };
}

/** Answer a held query as a zone would: MX hosts for the MX question, NXDOMAIN for anything else. */
function answerHeld(held: Held<DnsResult>): void {
  const [type, name] = held.what.split(' ') as [RecordType, string];
  const base = {
    ok: true as const,
    question: { name, type },
    tc: false,
    cnames: [],
    canonicalName: name,
    elapsedMs: 1,
  };
  held.answer(
    type === 'MX'
      ? {
          ...base,
          rcode: 'NOERROR',
          ad: false,
          ttl: 300,
          records: [
            { name, ttl: 300, type: 'MX', data: { preference: 10, exchange: 'mx1.example.com' } },
            { name, ttl: 300, type: 'MX', data: { preference: 20, exchange: 'mx2.example.com' } },
          ],
        }
      : { ...base, rcode: 'NXDOMAIN', ad: false, ttl: 300, records: [] },
  );
}

/** Let every promise continuation that is due run (one turn of the event loop; no timing involved). */
const drain = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('cancelling a check', () => {
  it('without an abort, answering MX starts the lookups of each MX host (the control)', async () => {
    const ports = heldPorts();
    const started: string[] = [];
    void checkDomain('example.com', ports, {
      onProgress: (e) => e.phase === 'start' && started.push(`${e.type} ${e.name}`),
    });
    await drain();
    const firstRound = started.length;
    expect(firstRound).toBe(5);
    ports.dns.filter((h) => h.what.startsWith('MX')).forEach(answerHeld);
    await drain();
    expect(started.length).toBeGreaterThan(firstRound);
    expect(started).toContain('TLSA _25._tcp.mx1.example.com');
  });

  it('rejects at once with an AbortError, while its lookups are still out, and starts no lookup after', async () => {
    const ports = heldPorts();
    const controller = new AbortController();
    const started: string[] = [];
    let told = 0;
    const check = checkDomain('example.com', ports, {
      signal: controller.signal,
      onProgress: (e) => {
        told++;
        if (e.phase === 'start') {
          started.push(`${e.type} ${e.name}`);
        }
      },
    });
    await drain();
    expect(started).toHaveLength(5);
    expect(ports.gets).toHaveLength(1);
    controller.abort();
    const toldAtAbort = told;
    // No port call has returned, and none will listen to the signal: the check rejects all the same.
    await expect(check).rejects.toMatchObject({ name: 'AbortError' });
    const callsAtAbort = ports.dns.length + ports.gets.length;
    // Now let the answers come: the MX answer would start TLSA and address lookups of both hosts.
    ports.dns.forEach(answerHeld);
    ports.gets.forEach((g) => g.answer({ kind: 'timeout', elapsedMs: 1 }));
    await drain();
    await drain();
    expect(ports.dns.length + ports.gets.length).toBe(callsAtAbort);
    expect(started).toHaveLength(5);
    // The lookups that were out have ended, but the check has too: no event after the abort.
    expect(told).toBe(toldAtAbort);
  });

  it('rejects before any lookup when the signal has fired already', async () => {
    const ports = heldPorts();
    await expect(checkDomain('example.com', ports, { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await drain();
    expect(ports.dns.length + ports.gets.length).toBe(0);
  });
});

describe('the same judgement in every runtime', () => {
  /** A browser's fetch: a TypeError without a cause, whatever went wrong. */
  const browserFailure: FetchOutcome = { kind: 'opaque-failure', message: 'Failed to fetch', elapsedMs: 2 };

  async function run(z: Record<string, ZoneNode>) {
    const clock = new VirtualClock();
    const resolver = zoneResolver(z, clock);
    const fetcher = scriptedFetcher({ [url]: browserFailure }, clock);
    const posture = await checkDomain('example.com', { resolver, fetcher, now: clock.now });
    return { posture, codes: posture.findings.map((f) => f.code), resolver };
  }

  it('a policy host that does not resolve is STS101, as the CLI says, not STS114', async () => {
    const z = zone();
    delete z['mta-sts.example.com'];
    const { posture, codes, resolver } = await run(z);
    expect(codes).toContain('STS101');
    expect(codes).not.toContain('STS114');
    expect(posture.findings.find((f) => f.code === 'STS101')?.message).toContain('(NXDOMAIN)');
    expect(posture.policy.outcome).toBe('no-address');
    expect(resolver.calls.map((c) => c.what)).toContain('AAAA mta-sts.example.com');
  });

  it('a name with no address records (NODATA) is STS101 too; one with an address stays STS114', async () => {
    const z = zone();
    z['mta-sts.example.com'] = { TXT: [['not an address']] };
    expect((await run(z)).posture.findings.find((f) => f.code === 'STS101')?.message).toContain('(NOERROR)');
    const resolving = await run(zone());
    expect(resolving.codes).toContain('STS114');
    expect(resolving.codes).not.toContain('STS101');
  });

  it('an address lookup answered with an error RCODE is STS101 with it, as the Node fetcher says', async () => {
    const z = zone();
    z['mta-sts.example.com'] = { rcode: 'SERVFAIL' };
    const { posture } = await run(z);
    expect(posture.findings.find((f) => f.code === 'STS101')?.message).toContain('(SERVFAIL)');
  });

  it('a lookup that got no DNS answer at all says nothing certain: STS114 stays', async () => {
    const clock = new VirtualClock();
    const inner = zoneResolver(zone(), clock);
    const resolver: Resolver = {
      query: (name, type, options) =>
        name === 'mta-sts.example.com'
          ? Promise.resolve({
              ok: false,
              question: { name, type },
              kind: 'timeout',
              message: 'No DoH answer',
              elapsedMs: 1,
            })
          : inner.query(name, type, options),
    };
    const fetcher = scriptedFetcher({ [url]: browserFailure }, clock);
    const posture = await checkDomain('example.com', { resolver, fetcher, now: clock.now });
    expect(posture.findings.map((f) => f.code)).toContain('STS114');
  });
});
