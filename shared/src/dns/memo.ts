/**
 * A resolver that asks each (name, type, CD) question once while it lives, so a question that several parts of one
 * check ask (an MX host that is also the implicit MX, the CD=1 retries, the misplaced-record probes) costs one round
 * trip. Pure wrapper; the cache dies with the check.
 */
import type { DnsResult, QueryOptions, RecordType, Resolver } from './resolver.js';

/** Wrap a resolver with an in-flight and result cache. Results that failed are cached too, for this check only. */
export function memoizeResolver(inner: Resolver): Resolver {
  const cache = new Map<string, Promise<DnsResult>>();
  return {
    query(name: string, type: RecordType, options: QueryOptions = {}) {
      const key = `${name.toLowerCase().replace(/\.$/, '')}|${type}|${options.checkingDisabled ? 1 : 0}`;
      let pending = cache.get(key);
      if (!pending) {
        pending = inner.query(name, type, options);
        cache.set(key, pending);
        // An aborted query must not poison later checks that reuse this wrapper.
        pending.catch(() => cache.delete(key));
      }
      return pending;
    },
  };
}
