/**
 * The live check (opt-in): the policy domain's MX set looked up over DoH and the `mx` lines checked against it.
 * Never on the keystroke path: a lookup runs beside linting, a newer version of the document cancels it, and
 * answers are cached per domain for their TTL. Results arrive later and are merged into the diagnostics.
 */
import {
  checkPolicyMx,
  liveMxSetOf,
  type Finding,
  type LiveMxSet,
  type Policy,
  type Resolver,
} from '@sts-inspector/shared';

/** Answers kept at most this long, whatever their TTL; failures are retried after `retryMs`. */
const maxCacheMs = 3_600_000;
const retryMs = 30_000;

interface Cached {
  set: LiveMxSet | undefined;
  expiresMs: number;
}

/** Live MX checks of policy documents. */
export class LiveChecker {
  private readonly cache = new Map<string, Cached>();
  private readonly running = new Map<string, { version: number; controller: AbortController }>();
  private readonly results = new Map<string, { version: number; findings: Finding[] }>();

  constructor(
    private readonly resolver: () => Resolver,
    private readonly nowMs: () => number,
    /** Called when findings for a document version became known. */
    private readonly onResult: (uri: string, version: number) => void,
  ) {}

  /** The live findings known for this version of a document. */
  findings(uri: string, version: number): Finding[] {
    const r = this.results.get(uri);
    return r && r.version === version ? r.findings : [];
  }

  /** Whether findings for this version are known or being looked up. */
  has(uri: string, version: number): boolean {
    return this.results.get(uri)?.version === version || this.running.get(uri)?.version === version;
  }

  /** The MX hosts of a domain, when known (for completion). */
  hosts(domain: string): string[] {
    return this.cache.get(domain)?.set?.hosts ?? [];
  }

  /** Check a policy version against its domain's MX set, now from the cache or after a lookup. */
  request(uri: string, version: number, text: string, policy: Policy, domain: string): void {
    this.cancel(uri);
    const cached = this.cache.get(domain);
    if (cached && cached.expiresMs > this.nowMs()) {
      this.store(uri, version, text, policy, cached.set);
      return;
    }
    const controller = new AbortController();
    this.running.set(uri, { version, controller });
    void this.resolver()
      .query(domain, 'MX', { signal: controller.signal })
      .then((result) => {
        if (controller.signal.aborted) {
          return;
        }
        this.running.delete(uri);
        const live = liveMxSetOf(domain, result);
        this.cache.set(domain, {
          set: live?.set,
          expiresMs: this.nowMs() + (live ? Math.min(maxCacheMs, live.ttl * 1000) : retryMs),
        });
        this.store(uri, version, text, policy, live?.set);
      })
      .catch(() => {
        this.running.delete(uri);
      });
  }

  /** Cancel a running lookup for a document (its text changed or it was closed). */
  cancel(uri: string): void {
    this.running.get(uri)?.controller.abort();
    this.running.delete(uri);
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
  }

  /** Forget cached answers (the resolver setting changed). */
  clearCache(): void {
    this.cache.clear();
  }

  private store(
    uri: string,
    version: number,
    text: string,
    policy: Policy,
    set: LiveMxSet | undefined,
  ): void {
    this.results.set(uri, { version, findings: set ? checkPolicyMx(text, policy, set) : [] });
    this.onResult(uri, version);
  }
}
