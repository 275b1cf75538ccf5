/**
 * One check as the extension runs it: the core's `checkDomain` over DoH to the chosen resolver and the browser's
 * fetch, with the policy fetch only where the user granted the policy host's origin, progress per lookup, the
 * cache within the DNS TTLs, and the policy senders took last time.
 */
import {
  checkDomain,
  createDohResolver,
  createFetchFetcher,
  judgeRememberedPolicy,
  rememberAfter,
  type CheckProgress,
  type Fetcher,
} from '@sts-inspector/shared';
import type { CheckResult, LookupProgress } from '../common/messages.js';
import { policyPermission, resolverLabel, type Settings } from '../common/settings.js';
import type { Store } from './store.js';

/** What a check needs from the browser. */
export interface CheckEnvironment {
  settings(): Promise<Settings>;
  /** Whether the extension holds this host permission. */
  permitted(origin: string): Promise<boolean>;
  fetch: typeof fetch;
  store: Store;
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

/** The lookups of a check as a list, from the core's start and end events. */
function progressList(onProgress: (lookups: LookupProgress[]) => void): (event: CheckProgress) => void {
  const lookups = new Map<number, LookupProgress>();
  return (event) => {
    const label = `${event.type} ${event.name}${event.checkingDisabled ? ' (CD)' : ''}`;
    lookups.set(event.id, {
      label,
      state: event.phase === 'start' ? 'running' : 'done',
      startMs: lookups.get(event.id)?.startMs ?? event.atMs,
    });
    onProgress([...lookups.values()]);
  };
}

/** A fetcher that sends nothing: the origin has not been granted. */
function notPermittedFetcher(origin: string): Fetcher {
  return { get: () => Promise.resolve({ kind: 'not-permitted', origin, elapsedMs: 0 }) };
}

/** Check a domain (or answer from the cache), remember its policy, and say how it compares with the last one. */
export async function runCheck(input: CheckInput, env: CheckEnvironment): Promise<CheckResult> {
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
  const ports = {
    resolver: createDohResolver({
      endpoint: settings.resolver,
      fetch: (r, init) => baseFetch(r, init),
      hints,
    }),
    fetcher: policyPermitted
      ? createFetchFetcher({ fetch: (request, init) => baseFetch(request, init) })
      : notPermittedFetcher(origin.replace(/\/\*$/, '')),
  };
  // A re-check asks the resolver again rather than the browser's HTTP cache.
  const posture = await checkDomain(domain, ports, {
    signal,
    fresh,
    onProgress: progressList(input.onProgress),
  });
  // What changed since the policy senders took last time (STS117, STS118), and what to remember now: the core's.
  const previous = await env.store.remembered(posture.domain);
  const history = previous === null ? [] : judgeRememberedPolicy(previous, posture);
  const next = rememberAfter(previous, posture);
  if (next !== null && next !== previous) {
    await env.store.remember(posture.domain, next);
  }
  const result: CheckResult = {
    posture,
    policyOrigin: origin.replace(/\/\*$/, ''),
    policyPermitted,
    history,
    rememberedSince: previous?.seenAt ?? null,
    fromCache: false,
    resolver: resolverLabel(settings.resolver),
  };
  await env.store.cache(result);
  return result;
}
