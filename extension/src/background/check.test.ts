/**
 * The background's check over a fake browser (an in-memory storage.local, a fetch that answers DoH from a small
 * zone and serves one policy): the policy fetch only with the permission, the cache within the TTLs and past it on a
 * re-check, the remembered policy kept per `id`, and the bounds on what is stored.
 */
import { decodeMessage, encodeMessage, type DnsRecord } from '@sts-inspector/shared';
import { describe, expect, it } from 'vitest';
import type { LookupProgress } from '../common/messages.js';
import { defaultSettings } from '../common/settings.js';
import { runCheck, type CheckEnvironment } from './check.js';
import { cacheTtlBounds, createStore, maxCachedResults, type KeyValueStore } from './store.js';

function memoryStorage(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (keys) =>
      Promise.resolve(Object.fromEntries(keys.filter((k) => data.has(k)).map((k) => [k, data.get(k)]))),
    set: (items) => {
      for (const [k, v] of Object.entries(items)) {
        data.set(k, structuredClone(v));
      }
      return Promise.resolve();
    },
    remove: (keys) => {
      for (const k of keys) {
        data.delete(k);
      }
      return Promise.resolve();
    },
  };
}

interface World {
  txt: Record<string, string>;
  policy: string;
  ttl: number;
  dohRequests: RequestInit[];
  policyRequests: number;
}

/** A fetch that plays a DoH server over `world.txt` (and MX/A for example.com) and a policy host. */
function worldFetch(world: World): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname === 'mta-sts.example.com') {
      world.policyRequests += 1;
      return Promise.resolve(new Response(world.policy, { headers: { 'content-type': 'text/plain' } }));
    }
    world.dohRequests.push(init ?? {});
    const dns = url.searchParams.get('dns')!;
    const decoded = decodeMessage(
      Uint8Array.from(atob(dns.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
    );
    if (!decoded.ok) {
      throw new Error(decoded.message);
    }
    const question = decoded.message.questions[0]!;
    const { name } = question;
    // Type numbers (RFC 1035 §3.2.2).
    const type = ({ 1: 'A', 15: 'MX', 16: 'TXT' } as Record<number, string>)[question.type];
    const ttl = world.ttl;
    const answers: DnsRecord[] = [];
    const txt = world.txt[name];
    if (type === 'TXT' && txt !== undefined) {
      answers.push({ name, ttl, type: 'TXT', strings: [txt], text: txt, ascii: true });
    } else if (type === 'MX' && name === 'example.com') {
      answers.push({ name, ttl, type: 'MX', data: { preference: 10, exchange: 'mail.example.com' } });
    } else if (type === 'A' && /^(mail|mta-sts)\.example\.com$/.test(name)) {
      answers.push({ name, ttl, type: 'A', data: '192.0.2.1' });
    }
    const body = encodeMessage({
      ...decoded.message,
      qr: true,
      ra: true,
      ad: false,
      rcode: 'NOERROR',
      answers,
      authorities: [],
    });
    return Promise.resolve(
      new Response(new Uint8Array(body), { headers: { 'content-type': 'application/dns-message' } }),
    );
  };
}

function setup(options: { permitted?: boolean; ttl?: number } = {}) {
  const world: World = {
    txt: {
      '_mta-sts.example.com': 'v=STSv1; id=1;',
      '_smtp._tls.example.com': 'v=TLSRPTv1; rua=mailto:r@example.com',
    },
    policy: 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n',
    ttl: options.ttl ?? 300,
    dohRequests: [],
    policyRequests: 0,
  };
  const storage = memoryStorage();
  let clock = 1_000_000;
  const store = createStore(storage, () => clock);
  const env: CheckEnvironment = {
    settings: () => Promise.resolve(defaultSettings),
    permitted: () => Promise.resolve(options.permitted ?? true),
    fetch: worldFetch(world),
    store,
  };
  const progress: LookupProgress[][] = [];
  const check = (fresh = false) =>
    runCheck(
      {
        domain: 'example.com',
        fresh,
        signal: new AbortController().signal,
        onProgress: (l) => progress.push(l),
      },
      env,
    );
  return { world, storage, store, check, progress, advance: (ms: number) => (clock += ms) };
}

describe('the background check', () => {
  it('fetches the policy with the permission and reports each lookup as it runs', async () => {
    const { check, world, progress } = setup();
    const result = await check();
    expect(result.posture.verdict).toBe('enforced');
    expect(result.policyPermitted).toBe(true);
    expect(world.policyRequests).toBe(1);
    const last = progress.at(-1)!;
    expect(last.map((l) => l.label)).toContain('TXT _mta-sts.example.com');
    expect(last.map((l) => l.label)).toContain('GET https://mta-sts.example.com/.well-known/mta-sts.txt');
    expect(last.every((l) => l.state === 'done')).toBe(true);
    expect(progress.some((list) => list.some((l) => l.state === 'running'))).toBe(true);
  });

  it('sends nothing to the policy host without the permission, and says which origin it needs', async () => {
    const { check, world } = setup({ permitted: false });
    const result = await check();
    expect(world.policyRequests).toBe(0);
    expect(result.policyPermitted).toBe(false);
    expect(result.policyOrigin).toBe('https://mta-sts.example.com');
    expect(result.posture.policy.outcome).toBe('not-permitted');
    expect(result.posture.verdict).toBe('unknown');
    expect(result.posture.mtaSts.state).toBe('present');
  });

  it('answers from the cache within the smallest TTL, and asks again after it or on a re-check', async () => {
    const { check, world, advance } = setup({ ttl: 120 });
    await check();
    const asked = world.dohRequests.length;
    const cached = await check();
    expect(cached.fromCache).toBe(true);
    expect(world.dohRequests.length).toBe(asked);
    // A re-check goes past the cache and past the browser's HTTP cache.
    const fresh = await check(true);
    expect(fresh.fromCache).toBe(false);
    expect(world.dohRequests.slice(asked).every((init) => init.cache === 'reload')).toBe(true);
    advance(121_000);
    expect((await check()).fromCache).toBe(false);
  });

  it('keeps results at least and at most the bounds, whatever the TTLs say', async () => {
    const short = setup({ ttl: 1 });
    await short.check();
    short.advance((cacheTtlBounds.min - 1) * 1000);
    expect((await short.check()).fromCache).toBe(true);
    const long = setup({ ttl: 86_400 });
    await long.check();
    long.advance(cacheTtlBounds.max * 1000 + 1);
    expect((await long.check()).fromCache).toBe(false);
  });

  it('says when the policy changed but its id did not, and keeps what senders hold until the id changes', async () => {
    const { check, world, store } = setup();
    expect((await check()).history).toEqual([]);
    const first = await store.remembered('example.com');
    expect(first?.id).toBe('1');
    expect(first?.text).toContain('mode: enforce');
    // The text changes but the id does not: senders keep the old policy (STS117), and so does the memory.
    world.policy = world.policy.replace('enforce', 'testing');
    const changed = await check(true);
    expect(changed.history.map((finding) => finding.code)).toEqual(['STS117']);
    expect(changed.rememberedSince).toBe(first?.seenAt);
    expect((await store.remembered('example.com'))?.text).toContain('mode: enforce');
    // A new id: senders fetch the new policy, and it is remembered from now on.
    world.txt['_mta-sts.example.com'] = 'v=STSv1; id=2;';
    expect((await check(true)).history).toEqual([]);
    const second = await store.remembered('example.com');
    expect(second?.id).toBe('2');
    expect(second?.text).toContain('mode: testing');
  });

  it('says when the record disappeared while senders may still hold the policy, and keeps it', async () => {
    const { check, world, store } = setup();
    await check();
    delete world.txt['_mta-sts.example.com'];
    const result = await check(true);
    expect(result.posture.verdict).toBe('absent');
    expect(result.history.map((finding) => finding.code)).toEqual(['STS118']);
    expect((await store.remembered('example.com'))?.id).toBe('1');
  });

  it('keeps at most the bounded number of results, dropping the oldest', async () => {
    const { storage, store, check } = setup();
    const result = await check();
    for (let i = 0; i < maxCachedResults + 5; i++) {
      await store.cache({ ...result, posture: { ...result.posture, domain: `d${i}.example` } });
    }
    const cached = [...storage.data.keys()].filter((key) => key.startsWith('cache:'));
    expect(cached).toHaveLength(maxCachedResults);
    expect(cached).not.toContain('cache:d0.example');
    expect(cached).toContain(`cache:d${maxCachedResults + 4}.example`);
    await store.clear();
    expect([...storage.data.keys()]).toEqual([]);
  });

  it('checks again when a cached posture no longer reads (stored by another version)', async () => {
    const { storage, check } = setup();
    await check();
    const entry = storage.data.get('cache:example.com') as { result: { posture: { schemaVersion: number } } };
    entry.result.posture.schemaVersion = 0;
    expect((await check()).fromCache).toBe(false);
  });
});
