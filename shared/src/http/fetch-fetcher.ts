/**
 * The default Fetcher, built on an injected `fetch` (a browser's or a service worker's). It never follows
 * redirects, never uses the HTTP cache or credentials, reads at most `maxBytes` of the body, and reports what
 * happened as a FetchOutcome. A browser does not say why a request failed (DNS, TCP or certificate), so every
 * failure is `opaque-failure`. Pure (fetch and timers only); rejects only with an AbortError.
 */
import { abortError, startDeadline } from './deadline.js';
import type { FetchOptions, FetchOutcome, Fetcher } from './fetcher.js';
import { decodeUtf8, readBounded } from './read-body.js';

/** Options of `createFetchFetcher`. */
export interface FetchFetcherOptions {
  /** The fetch to use; defaults to the global one. */
  fetch?: typeof fetch;
}

/**
 * A Fetcher over `fetch`: `redirect: 'manual'` (RFC 8461 §3.3: policy redirects are not followed), `cache:
 * 'no-store'`, `credentials: 'omit'`. A browser's opaque redirect comes back as a `response` with status 0 and no
 * Location (the browser hides both).
 */
export function createFetchFetcher(options: FetchFetcherOptions = {}): Fetcher {
  // Called through a wrapper: a browser's fetch throws "Illegal invocation" when called as a method of another object.
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => fetch(input, init));
  return { get: (url, fetchOptions) => get(doFetch, url, fetchOptions) };
}

async function get(doFetch: typeof fetch, url: string, options: FetchOptions): Promise<FetchOutcome> {
  const started = performance.now();
  const elapsedMs = (): number => performance.now() - started;
  const { signal } = options;
  if (signal?.aborted) {
    throw abortError(signal, 'The fetch');
  }
  if (!url.startsWith('https://')) {
    return {
      kind: 'opaque-failure',
      message: `Refused to fetch ${url}: only https URLs are fetched.`,
      elapsedMs: elapsedMs(),
    };
  }
  const deadline = startDeadline(signal, options.timeoutMs, 'The fetch');
  const failure = (error: unknown): FetchOutcome => {
    if (signal?.aborted) {
      throw abortError(signal, 'The fetch');
    }
    if (deadline.timedOut()) {
      return { kind: 'timeout', elapsedMs: elapsedMs() };
    }
    const message = error instanceof Error ? error.message : String(error);
    return { kind: 'opaque-failure', message, elapsedMs: elapsedMs() };
  };
  try {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'GET',
        redirect: 'manual',
        cache: 'no-store',
        credentials: 'omit',
        signal: deadline.signal,
      });
    } catch (error) {
      return failure(error);
    }
    if (response.type === 'opaqueredirect') {
      const outcome: FetchOutcome = {
        kind: 'response',
        status: 0,
        contentType: null,
        location: null,
        body: '',
        validUtf8: true,
        bytes: 0,
        truncated: false,
        elapsedMs: elapsedMs(),
      };
      return outcome;
    }
    try {
      const { bytes, truncated } = await readBounded(response.body, options.maxBytes, deadline.signal);
      const { text, valid } = decodeUtf8(bytes, truncated);
      return {
        kind: 'response',
        status: response.status,
        contentType: response.headers.get('content-type'),
        location: response.headers.get('location'),
        body: text,
        validUtf8: valid,
        bytes: bytes.byteLength,
        truncated,
        elapsedMs: elapsedMs(),
      };
    } catch (error) {
      return failure(error);
    }
  } finally {
    deadline.dispose();
  }
}
