/**
 * One check as the extension runs it: the core's `checkDomain` over DoH to the chosen resolver and the browser's
 * fetch, with the policy fetch only where the user granted the policy host's origin, progress per lookup, the
 * cache within the DNS TTLs, and the remembered policy.
 */
import {
  checkDomain,
  createDohResolver,
  createFetchFetcher,
  type CheckProgress,
  type Fetcher,
  type Finding,
  type Posture,
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
  if (!usable || id === undefined || id === null || text === null || mode === null) {
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
