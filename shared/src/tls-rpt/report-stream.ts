/**
 * `.json.gz` reports decompressed as a stream (RFC 8460 §5.2): compressed bytes in, report text out, chunk by
 * chunk, so the decompressed bytes are never held whole (the text is, once, since `JSON.parse` needs it). The
 * stream decompressor is a port like the buffer one: `DecompressionStream('gzip')` where the runtime has it
 * (browsers, workers, Node 18+), or anything else that maps a byte stream to a byte stream. The size bound is
 * enforced as bytes arrive: a gzip bomb is cancelled at the bound. UTF-8 is checked by a fatal streaming decoder.
 * Pure. Never rejects.
 */

/** A streaming gzip decompressor: compressed bytes in, decompressed bytes out (RFC 1952). */
export type GunzipStream = (compressed: ReadableStream<Uint8Array>) => ReadableStream<Uint8Array>;

/** The web platform's streaming gunzip (`DecompressionStream`), or undefined where the runtime lacks it. */
export function webGunzipStream(): GunzipStream | undefined {
  if (typeof DecompressionStream !== 'function') {
    return undefined;
  }
  return (compressed) =>
    compressed.pipeThrough(new DecompressionStream('gzip') as ReadableWritablePair<Uint8Array, Uint8Array>);
}

/** What streaming a gzip report into text gave. */
export type GunzipTextOutcome =
  | { ok: true; text: string; bytes: number }
  | { ok: false; kind: 'too-large'; limit: number }
  | { ok: false; kind: 'corrupt'; message: string }
  /** The decompressed bytes are not UTF-8: the caller re-reads them as bytes to locate the fault. */
  | { ok: false; kind: 'not-utf8' }
  /** The decompressed bytes are gzip again (RFC 8460 §5.2 compresses once). */
  | { ok: false; kind: 'gzip-again' };

/** A stream of one chunk. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Decompress gzip bytes through a stream decompressor straight into UTF-8 text, never past `maxOutputBytes`
 * decompressed bytes. Never rejects: a failing decompressor is `corrupt` with its message.
 */
export async function gunzipToText(
  bytes: Uint8Array,
  gunzip: GunzipStream,
  maxOutputBytes: number,
): Promise<GunzipTextOutcome> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = gunzip(streamOf(bytes)).getReader();
  } catch (error) {
    return { ok: false, kind: 'corrupt', message: messageOf(error) };
  }
  const stop = (outcome: GunzipTextOutcome): GunzipTextOutcome => {
    reader.cancel().catch(() => undefined);
    return outcome;
  };
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const parts: string[] = [];
  let total = 0;
  let head = -1;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      return { ok: false, kind: 'corrupt', message: messageOf(error) };
    }
    if (chunk.done) {
      break;
    }
    const value = chunk.value;
    if (value.length === 0) {
      continue;
    }
    // Gzip magic at the start of the output (RFC 1952 §2.3.1), even when the first chunk is one byte long.
    if (total === 0) {
      head = value[0] ?? -1;
      if (value.length > 1 && head === 0x1f && value[1] === 0x8b) {
        return stop({ ok: false, kind: 'gzip-again' });
      }
    } else if (total === 1 && head === 0x1f && value[0] === 0x8b) {
      return stop({ ok: false, kind: 'gzip-again' });
    }
    total += value.length;
    if (total > maxOutputBytes) {
      return stop({ ok: false, kind: 'too-large', limit: maxOutputBytes });
    }
    try {
      parts.push(decoder.decode(value, { stream: true }));
    } catch {
      return stop({ ok: false, kind: 'not-utf8' });
    }
  }
  try {
    parts.push(decoder.decode());
  } catch {
    return { ok: false, kind: 'not-utf8' };
  }
  return { ok: true, text: parts.join(''), bytes: total };
}

/** Decompress gzip bytes through a stream decompressor into one buffer (for the rare paths that need bytes). */
export async function gunzipToBytes(
  bytes: Uint8Array,
  gunzip: GunzipStream,
  maxOutputBytes: number,
): Promise<
  | { ok: true; bytes: Uint8Array }
  | { ok: false; kind: 'too-large'; limit: number }
  | { ok: false; kind: 'corrupt'; message: string }
> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    const reader = gunzip(streamOf(bytes)).getReader();
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      total += chunk.value.length;
      if (total > maxOutputBytes) {
        reader.cancel().catch(() => undefined);
        return { ok: false, kind: 'too-large', limit: maxOutputBytes };
      }
      chunks.push(chunk.value);
    }
  } catch (error) {
    return { ok: false, kind: 'corrupt', message: messageOf(error) };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return { ok: true, bytes: out };
}
