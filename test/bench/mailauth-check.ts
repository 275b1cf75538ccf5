/**
 * The yardstick of the latency benchmark: mailauth 7's MTA-STS lookup (`getPolicy`, strict) of one domain, as a
 * process of its own, with its DNS answered by the core's DoH client over the CLI's Node fetch, so that it goes
 * through the same lab resolver and the same delay relay as `sts-inspector check`. The lab's CA reaches mailauth's
 * HTTPS request through NODE_EXTRA_CA_CERTS (mailauth takes no CA option), set by the caller.
 *
 * usage: node bench-mailauth.mjs <domain> <DoH URL> <CA file>; prints one JSON line
 * `{ "ms": <getPolicy's own time>, "status": …, "mode": … }`.
 */
import { readFileSync } from 'node:fs';
import { createDohResolver, type DnsResult, type RecordType } from '@sts-inspector/shared';
import { getPolicy } from 'mailauth/lib/mta-sts.js';
import { createNodeDohFetch } from '../../lsp/src/node/doh-fetch.js';

/** An error as `dns.promises.resolve` rejects with, which is what mailauth tells apart by `code`. */
function dnsError(code: string, name: string): Error {
  return Object.assign(new Error(`${code} ${name}`), { code, hostname: name });
}

/** `dns.promises.resolve(name, type)` over the core's DoH client: TXT as string[][], A and AAAA as string[]. */
export function dohResolveFunction(
  query: (name: string, type: RecordType) => Promise<DnsResult>,
): (name: string, type: string) => Promise<string[][] | string[]> {
  return async (name, type) => {
    const result = await query(name, type as RecordType);
    if (!result.ok) {
      throw dnsError(result.kind === 'timeout' ? 'ETIMEOUT' : 'ESERVFAIL', name);
    }
    if (result.rcode === 'NXDOMAIN') {
      throw dnsError('ENOTFOUND', name);
    }
    if (result.rcode !== 'NOERROR') {
      throw dnsError(result.rcode === 'REFUSED' ? 'EREFUSED' : 'ESERVFAIL', name);
    }
    const txt = result.records.flatMap((r) => (r.type === 'TXT' ? [r.strings] : []));
    const addresses = result.records.flatMap((r) => (r.type === 'A' || r.type === 'AAAA' ? [r.data] : []));
    if (txt.length + addresses.length === 0) {
      throw dnsError('ENODATA', name);
    }
    return txt.length > 0 ? txt : addresses;
  };
}

async function main(): Promise<void> {
  const [domain, endpoint, caFile] = process.argv.slice(2);
  if (domain === undefined || endpoint === undefined || caFile === undefined) {
    throw new Error('usage: bench-mailauth.mjs <domain> <DoH URL> <CA file>');
  }
  const resolver = createDohResolver({
    endpoint,
    fetch: createNodeDohFetch({ ca: readFileSync(caFile, 'utf8') }),
  });
  const resolve = dohResolveFunction((name, type) => resolver.query(name, type));
  const started = performance.now();
  const result = (await getPolicy(domain, null, { resolver: resolve, strict: true })) as {
    status: string;
    policy?: { mode?: string };
  };
  const ms = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ ms, status: result.status, mode: result.policy?.mode })}\n`, () =>
    // As the CLI does: end once the output is written, not when idle connections close.
    process.exit(0),
  );
}

await main();
