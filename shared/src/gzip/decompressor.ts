/** The gzip port: bounded decompression, injected (DecompressionStream in browsers, zlib in Node). Types only. */

export type DecompressOutcome =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; kind: 'too-large'; limit: number }
  | { ok: false; kind: 'corrupt'; message: string };

/** Decompress gzip bytes, never producing more than `maxOutputBytes`. Never rejects. */
export type Decompressor = (
  bytes: Uint8Array,
  options: { maxOutputBytes: number },
) => Promise<DecompressOutcome>;

/** Whether bytes start with the gzip magic number `1f 8b` (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
