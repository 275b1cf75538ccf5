/**
 * A fetch rejection that says why: a platform port (Node's undici fetch for DoH) rejects with an error made here,
 * so the core tells "connection refused" from "certificate not trusted" without knowing the platform's error
 * codes. A rejection without it (a browser's "Failed to fetch") is a cause the core cannot name. Pure.
 */

/**
 * Why a DoH exchange gave no answer, as far as the platform tells: the resolver's host name does not resolve, the
 * connection was refused, reset or could not be made, its certificate is not trusted, TLS failed otherwise, no
 * answer came in time, it answered a redirect (never followed) or another HTTP error. A browser's fetch says only
 * "Failed to fetch": `unknown`.
 */
export type DohFailureCause =
  | 'host-not-found'
  | 'refused'
  | 'reset'
  | 'unreachable'
  | 'certificate'
  | 'tls'
  | 'timeout'
  | 'redirect'
  | 'http-status'
  | 'unknown';

/** What a platform knew about a failed request. */
export interface FetchFailureInfo {
  kind: 'fetch-failure';
  cause: DohFailureCause;
  /** The platform's error code (`ECONNREFUSED`, `SELF_SIGNED_CERT_IN_CHAIN` …), or its words when it has none. */
  code: string | undefined;
}

/** The error a fetch port rejects with when it knows the cause; `cause` carries the plain data. */
export function fetchFailureError(
  cause: DohFailureCause,
  code: string | undefined,
  message: string,
): TypeError {
  const info: FetchFailureInfo = { kind: 'fetch-failure', cause, code };
  return new TypeError(message, { cause: info });
}

/** The cause a fetch rejection carries, when a port put one there. */
export function fetchFailureOf(error: unknown): FetchFailureInfo | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return typeof cause === 'object' && cause !== null && (cause as { kind?: unknown }).kind === 'fetch-failure'
    ? (cause as FetchFailureInfo)
    : undefined;
}
