/** `sts-inspector check <domain…>`: the posture of each domain, over DNS-over-HTTPS. */
import { readFileSync } from 'node:fs';
import {
  checkDomain,
  createDohResolver,
  resolveEndpoint,
  type Posture,
  type Resolver,
} from '@sts-inspector/shared';
import { createNodeDohFetch } from '../../node/doh-fetch.js';
import { createNodeFetcher } from '../../node/node-fetcher.js';
import { EXIT_USAGE, exitCodeFor } from '../exit-code.js';
import { UsageError, type CliIo } from '../io.js';
import { printJson, toJsonFinding } from '../output/json.js';
import { formatPosture } from '../output/posture-text.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface CheckArgs {
  domains: string[];
  resolver: string;
  method: 'GET' | 'POST';
  format: 'text' | 'json';
  dnsTimeoutMs: number;
  policyTimeoutMs: number;
  allowPrivate: boolean;
  pins: Record<string, string>;
  caFile: string | undefined;
}

const domainPattern =
  /^(?=.{1,253}\.?$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** Validate a domain argument: a host name, IDNs allowed (converted to A-labels). */
export function toDomain(input: string): string {
  // The URL parser would read `user@host`, `host/path` or `host:port` as another host: refuse those first.
  if (/[@/\\:?#%\s]/.test(input.trim())) {
    throw new UsageError(`not a domain name: ${JSON.stringify(input)}`);
  }
  let ascii: string;
  try {
    ascii = new URL(`http://${input.trim()}`).hostname;
  } catch {
    throw new UsageError(`not a domain name: ${JSON.stringify(input)}`);
  }
  if (!domainPattern.test(ascii) || !ascii.includes('.') || /^[\d.]+$/.test(ascii)) {
    throw new UsageError(`not a domain name: ${JSON.stringify(input)}`);
  }
  return ascii.replace(/\.$/, '');
}

export async function runCheck(args: CheckArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const domains = args.domains.map(toDomain);
  const endpoint = resolveEndpoint(args.resolver);
  if (!endpoint.ok) {
    throw new UsageError(endpoint.message);
  }
  let ca: string | undefined;
  if (args.caFile) {
    try {
      ca = readFileSync(args.caFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --ca ${args.caFile}: ${(error as Error).message}`);
    }
  }
  const resolver: Resolver = createDohResolver({
    endpoint: endpoint.url,
    method: args.method,
    fetch: createNodeDohFetch(ca === undefined ? {} : { ca }),
    timeoutMs: args.dnsTimeoutMs,
  });
  const fetcher = createNodeFetcher({
    resolver,
    allowPrivateAddresses: args.allowPrivate,
    pins: args.pins,
    ...(ca === undefined ? {} : { ca }),
  });
  const postures: Posture[] = [];
  // Domains run one after another; each check is itself fully parallel.
  for (const domain of domains) {
    const posture = await checkDomain(
      domain,
      { resolver, fetcher },
      { signal, policy: { timeoutMs: args.policyTimeoutMs } },
    );
    postures.push(posture);
    if (args.format === 'text') {
      io.stdout.write(formatPosture(posture, createStyle(wantsColour(io.stdout, io.env))));
    }
  }
  if (args.format === 'json') {
    io.stdout.write(
      printJson('check', {
        resolver: endpoint.url,
        domains: postures.map((p) => ({
          domain: p.domain,
          verdict: p.verdict,
          findings: p.findings.map(toJsonFinding),
          posture: p,
        })),
      }),
    );
  }
  // A resolver that answered nothing at all is an I/O problem, not a finding about the domains.
  const answered = postures.some((p) =>
    [p.mtaSts.lookup, p.tlsRpt.lookup, p.mx.lookup].some((l) => l.outcome === 'answer'),
  );
  if (!answered) {
    const reason = postures[0]?.mtaSts.lookup.message ?? postures[0]?.mtaSts.lookup.outcome ?? 'no answer';
    io.stderr.write(`sts-inspector: the DoH resolver ${endpoint.url} gave no DNS answer (${reason})\n`);
    return EXIT_USAGE;
  }
  return Math.max(...postures.map((p) => exitCodeFor(p.findings)));
}
