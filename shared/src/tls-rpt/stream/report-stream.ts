/**
 * `.json.gz` reports decompressed as a stream (RFC 8460 §5.2): compressed bytes in, chunk by chunk, into one
 * buffer that is decoded into the report text once (`JSON.parse` needs the whole text). The stream decompressor is
 * a port like the buffer one: `DecompressionStream('gzip')` where the runtime has it (browsers, workers, Node 18+),
 * or anything else that maps a byte stream to a byte stream. The size bound is enforced as bytes arrive: a gzip
 * bomb is cancelled at the bound. UTF-8 is checked by a fatal decoder. Pure. Never rejects.
 */

import { tellProgress, type ReportProgressListener } from './report-progress.js';

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
  /** The decompressed bytes are not UTF-8: here they are, for the caller to locate the fault. */
  | { ok: false; kind: 'not-utf8'; bytes: Uint8Array }
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
 * The decompressed size a gzip file states in its last four bytes (ISIZE, RFC 1952 §2.3.1: the size modulo 2^32
 * of its last member), or -1 when there is no trailer to read. Only a hint: a file may have several members, or lie.
 */
function statedSize(bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 18) {
    return -1;
  }
  return (
    ((bytes[n - 4] ?? 0) | ((bytes[n - 3] ?? 0) << 8) | ((bytes[n - 2] ?? 0) << 16)) +
    (bytes[n - 1] ?? 0) * 2 ** 24
  );
}

/**
 * Decompress gzip bytes through a stream decompressor into UTF-8 text, never past `maxOutputBytes` decompressed
 * bytes. The chunks go straight into one buffer of the size the trailer states (grown if the trailer undersold
 * it), which is decoded once: the decompressed bytes are held once, next to the text only while it is decoded,
 * and nothing else of the size of the report is left for the garbage collector. Never rejects: a failing
 * decompressor is `corrupt` with its message.
 */
export async function gunzipToText(
  bytes: Uint8Array,
  gunzip: GunzipStream,
  maxOutputBytes: number,
  onProgress?: ReportProgressListener,
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
  const stated = statedSize(bytes);
  const hint = stated > 0 && stated <= maxOutputBytes ? { total: stated } : {};
  tellProgress(onProgress, { phase: 'decompress', done: 0, ...hint });
  let out: Uint8Array;
  let total = 0;
  try {
    out = new Uint8Array(
      stated > 0 && stated <= maxOutputBytes ? stated : Math.min(maxOutputBytes, 64 * 1024),
    );
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) {
        break;
      }
      const value = chunk.value;
      if (total + value.length > maxOutputBytes) {
        return stop({ ok: false, kind: 'too-large', limit: maxOutputBytes });
      }
      if (total + value.length > out.length) {
        const grown = new Uint8Array(
          Math.min(maxOutputBytes, Math.max(total + value.length, out.length * 2)),
        );
        grown.set(out.subarray(0, total));
        out = grown;
      }
      out.set(value, total);
      total += value.length;
      // Gzip magic at the start of the output (RFC 1952 §2.3.1), even when the first chunk is one byte long.
      if (total >= 2 && out[0] === 0x1f && out[1] === 0x8b) {
        return stop({ ok: false, kind: 'gzip-again' });
      }
      tellProgress(onProgress, { phase: 'decompress', done: total, ...hint });
    }
  } catch (error) {
    // A failing decompressor, or a buffer the runtime would not allocate.
    return stop({ ok: false, kind: 'corrupt', message: messageOf(error) });
  }
  const body = out.subarray(0, total);
  tellProgress(onProgress, { phase: 'decode', total });
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    return { ok: true, text, bytes: total };
  } catch {
    return { ok: false, kind: 'not-utf8', bytes: body };
  }
}
