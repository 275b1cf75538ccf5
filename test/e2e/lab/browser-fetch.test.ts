/**
 * The posture engine with a browser's kind of fetch (a failure says only "Failed to fetch") against the real lab
 * resolver: a policy host that does not resolve is STS101, as the CLI says, and not the browser's STS114.
 */
import { readFileSync } from 'node:fs';
import { checkDomain, createDohResolver, createFetchFetcher, type Resolver } from '@sts-inspector/shared';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createNodeDohFetch } from '../../../lsp/src/node/doh-fetch.js';
import { labFromSetup } from '../../helpers/lab.js';

const lab = labFromSetup(inject('lab'));

/** A fetch that fails as a browser's does: a TypeError without a cause, whatever went wrong. */
const browserLikeFetch: typeof fetch = (input, init) =>
  fetch(input, init).catch(() => {
    throw new TypeError('Failed to fetch');
  });

describe.skipIf(!lab)('a browser-style fetch, judged with the resolver', () => {
  let resolver: Resolver;
  beforeAll(() => {
    resolver = createDohResolver({
      endpoint: lab!.dohUrl,
      fetch: createNodeDohFetch({ ca: readFileSync(lab!.caFile, 'utf8') }),
    });
  });

  const check = async (domain: string) => {
    const posture = await checkDomain(domain, {
      resolver,
      fetcher: createFetchFetcher({ fetch: browserLikeFetch }),
    });
    return { posture, codes: posture.findings.map((f) => f.code) };
  };

  it('says STS101 for a policy host the resolver does not know', async () => {
    const { posture, codes } = await check('no-policy-host.test');
    expect(codes).toContain('STS101');
    expect(codes).not.toContain('STS114');
    expect(posture.policy.outcome).toBe('no-address');
    expect(posture.verdict).toBe('broken');
  });

  it('keeps STS114 for a host that resolves, when the fetch fails without saying why', async () => {
    // This process cannot reach the lab's policy hosts by name (they are only in the lab's DNS), so the fetch fails
    // as a browser's would behind a bad certificate: the resolver knows the host, so nothing more can be said.
    const { codes } = await check('enforce.test');
    expect(codes).toContain('STS114');
    expect(codes).not.toContain('STS101');
  });
});
