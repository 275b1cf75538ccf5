/**
 * Bounded, cancellable reading of a fetch Response body, shared by the DoH client and the fetch-based fetcher:
 * never holds more than the bound, stops (and cancels the stream) as soon as the bound is passed, and gives up
 * when a signal fires even if the stream ignores it. Pure (Web Streams only).
 */

/** The first `maxBytes` bytes of a body, and whether more followed. */
export interface BoundedBody {
  bytes: Uint8Array;
  truncated: boolean;
}

/**
 * Read `body` up to `maxBytes`. Rejects with `signal.reason` when `signal` fires, and with the stream's error when
 * the stream fails; the caller maps those to outcomes.
 */
export async function readBounded(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal: AbortSignal,
): Promise<BoundedBody> {
  if (body === null) {
    return { bytes: new Uint8Array(0), truncated: false };
  }
  const reader = body.getReader();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason as Error);
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener('abort', onAbort, { once: true });
    }
  });
  const chunks: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) {
        finished = true;
        break;
      }
      const room = maxBytes - total;
      if (value.byteLength > room) {
        chunks.push(value.subarray(0, room));
        total += room;
        truncated = true;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    if (onAbort) {
      signal.removeEventListener('abort', onAbort);
    }
    // Stop the transfer: past the bound, on abort, or on a read error. A finished stream needs nothing.
    if (!finished) {
      reader.cancel().catch(() => undefined);
    }
  }
  return { bytes: concat(chunks, total), truncated };
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Decode a body as UTF-8 and say whether it was valid. A cut body may end inside a character; that tail is not
 * counted as invalid. A byte-order mark is kept in the text so checks can see it.
 */
export function decodeUtf8(bytes: Uint8Array, truncated: boolean): { text: string; valid: boolean } {
  let valid = true;
  try {
    new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes, { stream: truncated });
  } catch {
    valid = false;
  }
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes, { stream: truncated });
  return { text, valid };
}
