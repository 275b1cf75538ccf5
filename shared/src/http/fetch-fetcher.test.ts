import { describe, expect, it } from 'vitest';
import {
  fakeFetch,
  hangingUntilAborted,
  stalledBody,
  type SeenRequest,
} from '../dns/packets.test-helpers.js';
import { defaultPolicyFetchOptions } from '../posture/policy-fetch.js';
import { createFetchFetcher } from './fetch-fetcher.js';
import type { FetchOutcome } from './fetcher.js';

const url = 'https://mta-sts.example.com/.well-known/mta-sts.txt';
const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mx1.example.com\r\nmax_age: 86400\r\n';
// The default bound: only the timeout test wants it to fire, with its own short one.
const options = { maxBytes: 64 * 1024, timeoutMs: defaultPolicyFetchOptions.timeoutMs };

function fetcherFor(handler: (request: SeenRequest) => Response | Promise<Response>) {
  const fake = fakeFetch(handler);
  return { fetcher: createFetchFetcher({ fetch: fake.fetch }), calls: fake.calls };
}

function response(outcome: FetchOutcome): Extract<FetchOutcome, { kind: 'response' }> {
  if (outcome.kind !== 'response') {
    throw new Error(`expected a response, got ${outcome.kind}`);
  }
  return outcome;
}

describe('RFC 8461 §3.3 policy fetch through fetch()', () => {
  it('GETs with redirect manual, no cache, no credentials, and reports the response as data', async () => {
    const { fetcher, calls } = fetcherFor(
      () => new Response(policy, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    );
    const outcome = response(await fetcher.get(url, options));
    expect(calls[0]).toMatchObject({
      method: 'GET',
      redirect: 'manual',
      cache: 'no-store',
      credentials: 'omit',
    });
    expect(calls[0]!.url.href).toBe(url);
    expect(outcome).toMatchObject({
      status: 200,
      contentType: 'text/plain; charset=utf-8',
      location: null,
      body: policy,
      validUtf8: true,
      bytes: policy.length,
      truncated: false,
    });
  });

  it("a browser's opaque redirect → status 0 response without Location", async () => {
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      headers: new Headers(),
      body: null,
    } as unknown as Response;
    const { fetcher } = fetcherFor(() => opaque);
    expect(response(await fetcher.get(url, options))).toMatchObject({
      status: 0,
      location: null,
      body: '',
      bytes: 0,
    });
  });

  it('a visible redirect (as Node gives it) keeps status and Location', async () => {
    const { fetcher } = fetcherFor(
      () => new Response('', { status: 301, headers: { location: 'https://elsewhere.example/policy' } }),
    );
    expect(response(await fetcher.get(url, options))).toMatchObject({
      status: 301,
      location: 'https://elsewhere.example/policy',
    });
  });

  it('cuts the body at maxBytes and stops reading', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(1000)));
      },
    });
    const { fetcher } = fetcherFor(() => new Response(endless));
    const outcome = response(await fetcher.get(url, { ...options, maxBytes: 2500 }));
    expect(outcome).toMatchObject({ bytes: 2500, truncated: true, validUtf8: true });
    expect(outcome.body).toHaveLength(2500);
    expect(pulled).toBeLessThanOrEqual(5);
  });

  it('a body of exactly maxBytes is not truncated', async () => {
    const { fetcher } = fetcherFor(() => new Response('abcd'));
    expect(response(await fetcher.get(url, { ...options, maxBytes: 4 }))).toMatchObject({
      truncated: false,
      bytes: 4,
    });
  });

  it('reports invalid UTF-8, keeps a BOM, and does not blame a character cut by the bound', async () => {
    const bad = fetcherFor(() => new Response(new Uint8Array([0x6d, 0xff, 0x6f])));
    expect(response(await bad.fetcher.get(url, options))).toMatchObject({
      validUtf8: false,
      body: 'm\uFFFDo',
    });
    const bom = fetcherFor(() => new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x76])));
    expect(response(await bom.fetcher.get(url, options)).body).toBe('\uFEFFv');
    const cut = fetcherFor(() => new Response('aé'));
    expect(response(await cut.fetcher.get(url, { ...options, maxBytes: 2 }))).toMatchObject({
      validUtf8: true,
      truncated: true,
      body: 'a',
      bytes: 2,
    });
  });

  it('a fetch rejection → opaque-failure (the browser does not say why); http: is refused', async () => {
    const { fetcher, calls } = fetcherFor(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(await fetcher.get(url, options)).toMatchObject({
      kind: 'opaque-failure',
      message: 'Failed to fetch',
    });
    expect(await fetcher.get('http://mta-sts.example.com/', options)).toMatchObject({
      kind: 'opaque-failure',
    });
    expect(calls).toHaveLength(1);
  });

  it('no headers, or a stalled body, within timeoutMs → timeout', async () => {
    const silent = fetcherFor(hangingUntilAborted);
    expect(await silent.fetcher.get(url, { ...options, timeoutMs: 30 })).toMatchObject({ kind: 'timeout' });
    const stalled = fetcherFor(() => new Response(stalledBody(new TextEncoder().encode('version'))));
    expect(await stalled.fetcher.get(url, { ...options, timeoutMs: 30 })).toMatchObject({ kind: 'timeout' });
  });

  it("the caller's abort rejects with an AbortError", async () => {
    const { fetcher } = fetcherFor(hangingUntilAborted);
    const controller = new AbortController();
    const pending = fetcher.get(url, { ...options, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(fetcher.get(url, { ...options, signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
