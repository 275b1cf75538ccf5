/**
 * One check as the extension runs it: the core's `checkDomain` over DoH to the chosen resolver and the browser's
 * fetch, with the policy fetch only where the user granted the policy host's origin, progress per lookup, the
 * cache within the DNS TTLs, and the remembered policy.
 */
import {
  checkDomain,
  createDohResolver,
  createFetchFetcher,
  type Fetcher,
  type Finding,
  type Posture,
  type Resolver,
} from '@sts-inspector/shared';
import type { CheckResult, LookupProgress } from '../common/messages.js';
import { policyPermission, resolverLabel, type Settings } from '../common/settings.js';
import type { RememberedPolicy, Store } from './store.js';

/** What a check needs from the browser. */
export interface CheckEnvironment {
  settings(): Promise<Settings>;
  /** Whether the extension holds this host permission. */
  permitted(origin: string): Promise<boolean>;
  fetch: typeof fetch;
  store: Store;
  now?: () => number;
}

export interface CheckInput {
  domain: string;
  fresh: boolean;
  signal: AbortSignal;
  onProgress: (lookups: LookupProgress[]) => void;
}

/** Words for the resolver's failures that name what to change in this extension. */
const hints = {
  otherResolver: 'choose another resolver in the options',
  trustCa: "add its CA to the browser's trusted certificates",
};

/** Report each port call as it starts and ends. */
function withProgress(
  resolver: Resolver,
  fetcher: Fetcher,
  onProgress: (lookups: LookupProgress[]) => void,
  elapsed: () => number,
): { resolver: Resolver; fetcher: Fetcher } {
  const lookups: LookupProgress[] = [];
  const track = async <T>(label: string, call: () => Promise<T>): Promise<T> => {
    const entry: LookupProgress = { label, state: 'running', startMs: elapsed() };
    lookups.push(entry);
    onProgress([...lookups]);
    try {
      return await call();
    } finally {
      entry.state = 'done';
      onProgress(lookups.map((lookup) => ({ ...lookup })));
    }
  };
  return {
    resolver: {
      query: (name, type, options) => track(`${type} ${name}`, () => resolver.query(name, type, options)),
    },
    fetcher: { get: (url, options) => track(`GET ${url}`, () => fetcher.get(url, options)) },
  };
}

/** A fetcher that sends nothing: the origin has not been granted. */
function notPermittedFetcher(origin: string): Fetcher {
  return { get: () => Promise.resolve({ kind: 'not-permitted', origin, elapsedMs: 0 }) };
}

/**
 * The policy to remember after a check. Senders fetch a policy again only when the record's `id` changes (RFC 8461
 * §3.3, §5.1), so while the `id` stays, the first text seen with it is kept: that is what senders still hold. A
 * check without a usable policy changes nothing (a policy cached by senders outlives its record).
 */
function policyToRemember(
  posture: Posture,
  previous: RememberedPolicy | null,
  at: string,
): RememberedPolicy | null {
  const id = posture.mtaSts.selected?.parsed?.value?.id;
  const { text, usable, mode } = posture.policy;
  if (!usable || id === undefined || text === undefined || mode === undefined) {
    return null;
  }
  if (previous !== null && previous.id === id) {
    return { ...previous, lastSeen: at };
  }
  return { id, text, mode, maxAge: posture.policy.parsed?.value?.maxAge ?? null, since: at, lastSeen: at };
}

/** Findings over the remembered policy and the new posture (STS117, STS118), from the core. */
export type HistoryJudge = (previous: RememberedPolicy | null, posture: Posture) => Finding[];

/** Check a domain (or answer from the cache), remember its policy, and say how it compares with the last one. */
export async function runCheck(
  input: CheckInput,
  env: CheckEnvironment,
  judgeHistory: HistoryJudge,
): Promise<CheckResult> {
  const { domain, fresh, signal } = input;
  if (!fresh) {
    const cached = await env.store.cached(domain);
    if (cached !== null) {
      return cached;
    }
  }
  const settings = await env.settings();
  const origin = policyPermission(domain);
  const policyPermitted = await env.permitted(origin);
  const baseFetch = env.fetch;
  // A re-check asks the resolver again rather than the browser's HTTP cache.
  const dohFetch: typeof fetch = fresh
    ? (request, init) => baseFetch(request, { ...init, cache: 'no-store' })
    : (request, init) => baseFetch(request, init);
  const now = env.now ?? (() => performance.now());
  const t0 = now();
  const ports = withProgress(
    createDohResolver({ endpoint: settings.resolver, fetch: dohFetch, hints }),
    policyPermitted
      ? createFetchFetcher({ fetch: (request, init) => baseFetch(request, init) })
      : notPermittedFetcher(origin.replace(/\/\*$/, '')),
    input.onProgress,
    () => Math.round(now() - t0),
  );
  const posture = await checkDomain(domain, ports, { signal });
  const previous = await env.store.remembered(posture.domain);
  const history = judgeHistory(previous, posture);
  const next = policyToRemember(posture, previous, posture.checkedAt);
  if (next !== null) {
    await env.store.remember(posture.domain, next);
  }
  const result: CheckResult = {
    posture,
    policyOrigin: origin.replace(/\/\*$/, ''),
    policyPermitted,
    history,
    rememberedSince: previous?.since ?? null,
    fromCache: false,
    resolver: resolverLabel(settings.resolver),
  };
  await env.store.cache(result);
  return result;
}
