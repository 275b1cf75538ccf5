/** `sts-inspector check <domain…>`: the posture of each domain, over DNS-over-HTTPS. */
import { readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { isIP } from 'node:net';
import {
  checkDomain,
  createDohResolver,
  dohPresets,
  mailDomainOf,
  parseDomainName,
  resolveEndpoint,
  resolverAnswered,
  type Posture,
  type Resolver,
} from '@sts-inspector/shared';
import { createNodeDohFetch } from '../../node/doh-fetch.js';
import { createNodeFetcher } from '../../node/node-fetcher.js';
import { EXIT_USAGE, exitCodeForCheck, type FailPolicy } from '../exit-code.js';
import { runCheckMany } from './check-many.js';
import { describeError, UsageError, type CliIo } from '../io.js';
import { maxShownLineChars, safeText } from '../output/findings-text.js';
import { toJsonFinding } from '../output/json.js';
import { writeJson } from '../output/json-stream.js';
import { formatPosture } from '../output/posture-text.js';
import { sinkOf } from '../output/sink.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface CheckArgs {
  domains: string[];
  /** A list of domains, one a line (`-`: standard input), checked `concurrency` at a time. */
  fromFile: string | undefined;
  concurrency: number;
  resolver: string;
  method: 'GET' | 'POST';
  format: 'text' | 'json';
  dnsTimeoutMs: number;
  policyTimeoutMs: number;
  allowPrivate: boolean;
  pins: Record<string, string>;
  caFile: string | undefined;
  fail: FailPolicy;
}

/** `--pin host=address` options as host → address, or a usage error naming the bad one. */
export function parsePins(values: readonly string[]): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const pin of values) {
    const [host, address] = pin.split('=');
    if (!host || !address || isIP(address) === 0) {
      throw new UsageError(`--pin wants host=IP-address; got ${JSON.stringify(pin)}`);
    }
    pins[host.toLowerCase()] = address;
  }
  return pins;
}

/**
 * A domain argument: a domain name (checked as given, IDNs as A-labels), or the URL of a site, whose mail domain
 * (its registrable domain) is checked. The core decides both.
 */
export function toDomain(input: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(input.trim())) {
    const domain = mailDomainOf(input);
    if (domain === null) {
      throw new UsageError(`no mail domain to check in ${JSON.stringify(input)}`);
    }
    return domain;
  }
  const name = parseDomainName(input);
  if (!name.ok) {
    throw new UsageError(name.message);
  }
  return name.domain;
}

export async function runCheck(args: CheckArgs, io: CliIo, signal: AbortSignal): Promise<number> {
  const domains = args.domains.map(toDomain);
  const input = args.fromFile === undefined ? undefined : await openList(args.fromFile, io);
  const endpoint = resolveEndpoint(args.resolver);
  if (!endpoint.ok) {
    throw new UsageError(
      `--resolver: ${endpoint.message.replace(/\.$/, '')}; give one of ${Object.keys(dohPresets).join(', ')} or the https:// URL of a DoH server`,
    );
  }
  let ca: string | undefined;
  if (args.caFile) {
    try {
      ca = readFileSync(args.caFile, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --ca ${args.caFile}: ${describeError(error)}`);
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
  if (input !== undefined && args.fromFile !== undefined) {
    return runCheckMany(
      {
        source: args.fromFile === '-' ? 'standard input' : args.fromFile,
        input,
        concurrency: args.concurrency,
        format: args.format,
        resolver: endpoint.url,
        fail: args.fail,
        toDomain,
        check: (domain, checkSignal) =>
          checkDomain(
            domain,
            { resolver, fetcher },
            { signal: checkSignal, policy: { timeoutMs: args.policyTimeoutMs } },
          ),
      },
      io,
      signal,
    );
  }
  const postures: Posture[] = [];
  // A resolver that has answered nothing is given up on after the first domain it fails: each further domain
  // would cost every lookup's timeout and say nothing about the domain.
  let answeredOnce = false;
  // Domains run one after another; each check is itself fully parallel.
  for (const domain of domains) {
    const posture = await checkDomain(
      domain,
      { resolver, fetcher },
      { signal, policy: { timeoutMs: args.policyTimeoutMs } },
    );
    postures.push(posture);
    if (args.format === 'text') {
      await sinkOf(io.stdout).write(formatPosture(posture, createStyle(wantsColour(io.stdout, io.env))));
    }
    answeredOnce ||= resolverAnswered(posture);
    if (!answeredOnce) {
      break;
    }
  }
  if (args.format === 'json') {
    await writeJson(sinkOf(io.stdout), 'check', {
      resolver: endpoint.url,
      domains: postures.map((p) => ({
        domain: p.domain,
        verdict: p.verdict,
        findings: p.findings.map(toJsonFinding),
        posture: p,
      })),
    });
  }
  // A resolver that answered nothing at all is an I/O problem, not a finding about the domains.
  if (!answeredOnce) {
    const lookup = postures[0]?.mtaSts.lookup;
    const reason = safeText(lookup?.message ?? lookup?.outcome ?? 'no answer', maxShownLineChars);
    const left = domains.length - postures.length;
    io.stderr.write(
      `sts-inspector: the DoH resolver ${safeText(endpoint.url, maxShownLineChars)} gave no DNS answer (${reason})${left > 0 ? `; ${left} more domain${left === 1 ? '' : 's'} not checked` : ''}; try another with --resolver\n`,
    );
    return EXIT_USAGE;
  }
  return postures.reduce((code, p) => Math.max(code, exitCodeForCheck(p.verdict, p.findings, args.fail)), 0);
}

/** The list of `--from-file`: standard input for `-`, else the file, opened now so that a missing one is a usage error. */
async function openList(file: string, io: CliIo): Promise<AsyncIterable<Uint8Array | string>> {
  if (file === '-') {
    if (io.stdin === undefined) {
      throw new UsageError('--from-file -: there is no standard input to read');
    }
    return io.stdin;
  }
  try {
    const handle = await open(file, 'r');
    return handle.createReadStream({ highWaterMark: 64 * 1024 });
  } catch (error) {
    throw new UsageError(`cannot read --from-file ${file}: ${describeError(error)}`);
  }
}
