/**
 * The HTTPS port used for the policy fetch. It reports what happened on the wire as data; judging it (200 only,
 * `text/plain`, no redirects) is the posture engine's job. Types only.
 */

export interface FetchOptions {
  signal?: AbortSignal | undefined;
  /** Stop reading the body past this many bytes. */
  maxBytes: number;
  /** Give up after this long (connect, headers and body together). */
  timeoutMs: number;
}

/** The outcome of one GET. Redirects are never followed. */
export type FetchOutcome =
  | {
      kind: 'response';
      status: number;
      /** The Content-Type header as sent, or null. */
      contentType: string | null;
      /** The Location header of a redirect, or null (browsers hide it on opaque redirects). */
      location: string | null;
      /** The body decoded as UTF-8 (replacement characters for invalid bytes); cut at `maxBytes`. */
      body: string;
      /** The raw body bytes were valid UTF-8. */
      validUtf8: boolean;
      /** Bytes read; with `truncated`, the body was longer than `maxBytes`. */
      bytes: number;
      truncated: boolean;
      elapsedMs: number;
    }
  | { kind: 'timeout'; elapsedMs: number }
  /** The host name did not resolve (Node: through our own DoH resolver). */
  | { kind: 'no-address'; rcode: string; elapsedMs: number }
  /** Refused: the host resolves to a loopback, private or otherwise non-public address. */
  | { kind: 'blocked-address'; address: string; elapsedMs: number }
  | { kind: 'tls-name'; names: string[]; message: string; elapsedMs: number }
  | { kind: 'tls-expired'; notAfter: string; notBefore: string; message: string; elapsedMs: number }
  | { kind: 'tls-untrusted'; message: string; elapsedMs: number }
  /** Connection refused, reset, unreachable. */
  | { kind: 'network'; message: string; elapsedMs: number }
  /** A browser-style failure that does not say whether it was the network or the certificate. */
  | { kind: 'opaque-failure'; message: string; elapsedMs: number }
  /**
   * Nothing was sent: this shell may not connect to the origin yet (a browser extension that has not been granted
   * the host permission). Says nothing about the policy host.
   */
  | { kind: 'not-permitted'; origin: string; elapsedMs: number };

/** The HTTPS port. Implementations never reject except with an AbortError when `signal` fires. */
export interface Fetcher {
  get(url: string, options: FetchOptions): Promise<FetchOutcome>;
}
