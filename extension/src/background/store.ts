/**
 * The extension's memory in `storage.local`, so it survives the service worker being stopped: results cached within
 * their DNS TTLs, and the last policy seen per domain. Both are bounded: the oldest entries go first.
 */
import { readPosture, readRememberedPolicy, type RememberedPolicy } from '@sts-inspector/shared';
import type { CheckResult } from '../common/messages.js';

/** The part of `storage.local` used here (the real one, or a map in tests). */
export interface KeyValueStore {
  get(keys: string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** Most results kept; a posture with its policy text is at most about 100 KB. */
export const maxCachedResults = 50;
/** Most domains whose last policy is remembered. */
export const maxRememberedPolicies = 1000;
/** A result is kept at least this long, and never longer than this (seconds), whatever the TTLs say. */
export const cacheTtlBounds = { min: 30, max: 3600 } as const;

interface CacheEntry {
  result: CheckResult;
  expiresAt: number;
}

type Index = Record<string, number>;

const cacheKey = (domain: string): string => `cache:${domain}`;
const policyKey = (domain: string): string => `policy:${domain}`;
const cacheIndexKey = 'cache-index';
const policyIndexKey = 'policy-index';

/** The smallest TTL of the posture's answers, within `cacheTtlBounds` (seconds). */
export function cacheSeconds(result: CheckResult): number {
  const { posture } = result;
  const ttls = [
    posture.mtaSts.lookup,
    posture.mx.lookup,
    posture.tlsRpt.lookup,
    ...posture.mx.hosts.map((h) => h.tlsaLookup),
  ]
    .map((lookup) => lookup?.ttl)
    .filter((ttl): ttl is number => typeof ttl === 'number');
  const smallest = ttls.length === 0 ? cacheTtlBounds.min : Math.min(...ttls);
  return Math.min(cacheTtlBounds.max, Math.max(cacheTtlBounds.min, smallest));
}

function readIndex(value: unknown): Index {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v === 'number'),
  ) as Index;
}

/** Add a key to an index and drop the oldest beyond `max`; returns the new index and the keys dropped. */
function addToIndex(
  index: Index,
  domain: string,
  at: number,
  max: number,
): { index: Index; dropped: string[] } {
  const next = { ...index, [domain]: at };
  const domains = Object.keys(next).sort((a, b) => next[a]! - next[b]!);
  const dropped = domains.slice(0, Math.max(0, domains.length - max));
  for (const gone of dropped) {
    delete next[gone];
  }
  return { index: next, dropped };
}

export function createStore(storage: KeyValueStore, now: () => number = Date.now) {
  return {
    /** A cached result still within its TTL, or null. */
    async cached(domain: string): Promise<CheckResult | null> {
      const key = cacheKey(domain);
      const entry = (await storage.get([key]))[key] as CacheEntry | undefined;
      if (entry === undefined || typeof entry.expiresAt !== 'number' || entry.expiresAt <= now()) {
        return null;
      }
      // Stored by an older version of the extension, or damaged: check again.
      if (!readPosture(entry.result?.posture).ok) {
        return null;
      }
      return { ...entry.result, fromCache: true };
    },

    async cache(result: CheckResult): Promise<void> {
      const domain = result.posture.domain;
      const expiresAt = now() + cacheSeconds(result) * 1000;
      const { [cacheIndexKey]: stored } = await storage.get([cacheIndexKey]);
      const { index, dropped } = addToIndex(readIndex(stored), domain, expiresAt, maxCachedResults);
      await storage.set({
        [cacheKey(domain)]: { result, expiresAt } satisfies CacheEntry,
        [cacheIndexKey]: index,
      });
      await storage.remove(dropped.map(cacheKey));
    },

    async remembered(domain: string): Promise<RememberedPolicy | null> {
      const key = policyKey(domain);
      const value = (await storage.get([key]))[key];
      if (value === undefined) {
        return null;
      }
      const read = readRememberedPolicy(value);
      return read.ok ? read.remembered : null;
    },

    async remember(domain: string, policy: RememberedPolicy): Promise<void> {
      const { [policyIndexKey]: stored } = await storage.get([policyIndexKey]);
      const { index, dropped } = addToIndex(readIndex(stored), domain, now(), maxRememberedPolicies);
      await storage.set({ [policyKey(domain)]: policy, [policyIndexKey]: index });
      await storage.remove(dropped.map(policyKey));
    },

    /** Forget every cached result and every remembered policy. */
    async clear(): Promise<void> {
      const { [cacheIndexKey]: cached, [policyIndexKey]: policies } = await storage.get([
        cacheIndexKey,
        policyIndexKey,
      ]);
      await storage.remove([
        ...Object.keys(readIndex(cached)).map(cacheKey),
        ...Object.keys(readIndex(policies)).map(policyKey),
        cacheIndexKey,
        policyIndexKey,
      ]);
    },
  };
}

export type Store = ReturnType<typeof createStore>;
