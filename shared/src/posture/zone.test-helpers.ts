/**
 * A declarative DNS zone as a Resolver, and a scripted Fetcher: fakes of the ports for unit tests of the posture
 * engine (end-to-end tests use the real lab). Records every call with its start and end, on a virtual clock, so a
 * test can assert the query plan and that the wall time is the critical path.
 */
import type { DnsRecord, DnsResult, QueryOptions, RecordType, Resolver, TlsaData } from '../dns/resolver.js';
import type { FetchOutcome, Fetcher } from '../http/fetcher.js';

export interface ZoneNode {
  TXT?: string[][];
  MX?: [number, string][];
  A?: string[];
  CNAME?: string;
  TLSA?: TlsaData[];
  /** Whether answers for this name carry AD. */
  ad?: boolean;
  /** Answer this RCODE instead of data (e.g. SERVFAIL). */
  rcode?: 'SERVFAIL' | 'REFUSED';
  /** With `rcode`, whether the same query with CD=1 succeeds (a DNSSEC failure). */
  cdSucceeds?: boolean;
  ttl?: number;
}

export interface Call {
  what: string;
  start: number;
  end: number;
}

/**
 * A discrete-event clock: each port call waits `ms` of simulated time. Time advances only to the earliest pending
 * wake-up, after every promise chain that could start new calls has run, so overlapping calls really overlap.
 */
export class VirtualClock {
  private t = 0;
  private pending: { at: number; resolve: () => void }[] = [];
  private scheduled = false;
  now = (): number => this.t;
  elapse(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.pending.push({ at: this.t + ms, resolve });
      this.schedule();
    });
  }
  private schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      const next = Math.min(...this.pending.map((p) => p.at));
      this.t = next;
      const due = this.pending.filter((p) => p.at === next);
      this.pending = this.pending.filter((p) => p.at !== next);
      for (const p of due) {
        p.resolve();
      }
      if (this.pending.length > 0) {
        this.schedule();
      }
    }, 0);
  }
}

export function zoneResolver(
  zone: Record<string, ZoneNode>,
  clock: VirtualClock,
  latency = 10,
): Resolver & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async query(name: string, type: RecordType, options: QueryOptions = {}): Promise<DnsResult> {
      const start = clock.now();
      await clock.elapse(latency);
      calls.push({
        what: `${type} ${name}${options.checkingDisabled ? ' CD' : ''}`,
        start,
        end: clock.now(),
      });
      const question = { name, type };
      const cnames: { name: string; target: string; ttl: number }[] = [];
      let current = name.toLowerCase();
      let node = zone[current];
      while (node?.CNAME && type !== 'CNAME') {
        cnames.push({ name: current, target: node.CNAME, ttl: 300 });
        current = node.CNAME;
        node = zone[current];
      }
      const base = {
        ok: true as const,
        question,
        tc: false,
        cnames,
        canonicalName: current,
        elapsedMs: latency,
      };
      if (node?.rcode && !(options.checkingDisabled && node.cdSucceeds)) {
        return { ...base, rcode: node.rcode, ad: false, records: [], ttl: null };
      }
      if (!node) {
        return { ...base, rcode: 'NXDOMAIN', ad: false, records: [], ttl: 300 };
      }
      const ttl = node.ttl ?? 300;
      const records: DnsRecord[] = [];
      if (type === 'TXT') {
        for (const strings of node.TXT ?? []) {
          records.push({ name: current, ttl, type: 'TXT', strings, text: strings.join(''), ascii: true });
        }
      } else if (type === 'MX') {
        for (const [preference, exchange] of node.MX ?? []) {
          records.push({ name: current, ttl, type: 'MX', data: { preference, exchange } });
        }
      } else if (type === 'A') {
        for (const a of node.A ?? []) {
          records.push({ name: current, ttl, type: 'A', data: a });
        }
      } else if (type === 'TLSA') {
        for (const t of node.TLSA ?? []) {
          records.push({ name: current, ttl, type: 'TLSA', data: t });
        }
      }
      return {
        ...base,
        rcode: 'NOERROR',
        ad: node.ad ?? false,
        records,
        ttl: records.length > 0 ? ttl : 300,
      };
    },
  };
}

/** A fetcher that answers from a table of URL → outcome (default: a connection failure). */
export function scriptedFetcher(
  table: Record<string, Partial<Extract<FetchOutcome, { kind: 'response' }>> | FetchOutcome>,
  clock: VirtualClock,
  latency = 30,
): Fetcher & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    async get(url: string): Promise<FetchOutcome> {
      const start = clock.now();
      await clock.elapse(latency);
      calls.push({ what: `GET ${url}`, start, end: clock.now() });
      const entry = table[url];
      if (!entry) {
        return { kind: 'no-address', rcode: 'NXDOMAIN', elapsedMs: latency };
      }
      if ('kind' in entry && entry.kind !== 'response') {
        return entry as FetchOutcome;
      }
      const body = (entry as { body?: string }).body ?? '';
      return {
        kind: 'response',
        status: 200,
        contentType: 'text/plain',
        location: null,
        validUtf8: true,
        bytes: new TextEncoder().encode(body).length,
        truncated: false,
        elapsedMs: latency,
        ...(entry as object),
        body,
      };
    },
  };
}

export const goodPolicy =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.backup.example.com\r\nmax_age: 604800\r\n';

/** The policy URL of example.com. */
export const examplePolicyUrl = 'https://mta-sts.example.com/.well-known/mta-sts.txt';

/** example.com with one MX host, an MTA-STS and a TLS-RPT record: a posture that is `enforced` with `goodPolicy`. */
export function oneMxZone(): Record<string, ZoneNode> {
  return {
    '_mta-sts.example.com': { TXT: [['v=STSv1; id=20240101T000000;']] },
    'example.com': { MX: [[10, 'mail.example.com']] },
    'mail.example.com': { A: ['192.0.2.1'] },
    'mta-sts.example.com': { A: ['192.0.2.3'] },
    '_smtp._tls.example.com': { TXT: [['v=TLSRPTv1; rua=mailto:tlsrpt@example.com']], ttl: 86400 },
  };
}
