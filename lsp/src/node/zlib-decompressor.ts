/**
 * The Node Decompressor: streamed zlib gunzip that stops as soon as the output passes the bound (a gzip bomb never
 * gets inflated past it). Corrupt or truncated input is an outcome, not an exception. Never rejects.
 */
import type { DecompressOutcome, Decompressor } from '@sts-inspector/shared/lint';

/** Create a Decompressor over node:zlib (RFC 1952 gzip, several members allowed). */
export function createZlibDecompressor(): Decompressor {
  return (bytes, { maxOutputBytes }) => gunzipBounded(bytes, maxOutputBytes);
}

async function gunzipBounded(bytes: Uint8Array, maxOutputBytes: number): Promise<DecompressOutcome> {
  // Loaded at the first gzip file, so that a run with none (a policy, a record) does not load zlib.
  const { createGunzip } = await import('node:zlib');
  return new Promise((resolve) => {
    // Small output chunks keep the overshoot past the bound small.
    const gunzip = createGunzip({ chunkSize: 16 * 1024 });
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    const settle = (outcome: DecompressOutcome): void => {
      if (settled) {
        return;
      }
      settled = true;
      resolve(outcome);
    };
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) {
        return;
      }
      total += chunk.length;
      if (total > maxOutputBytes) {
        settle({ ok: false, kind: 'too-large', limit: maxOutputBytes });
        gunzip.destroy();
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('error', (error: Error) => settle({ ok: false, kind: 'corrupt', message: error.message }));
    gunzip.on('end', () => {
      const out = Buffer.concat(chunks, total);
      settle({ ok: true, bytes: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) });
    });
    gunzip.end(bytes);
  });
}
