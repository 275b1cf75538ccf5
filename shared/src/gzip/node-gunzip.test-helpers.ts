/** A Decompressor over Node's zlib for the core's unit tests (the real Node adapter lives in lsp/src/node). */
import { gunzipSync } from 'node:zlib';
import type { DecompressOutcome, Decompressor } from './decompressor.js';

/** Gunzip within `maxOutputBytes`: too-large past it, corrupt on bad data. */
export const testGunzip: Decompressor = (bytes, { maxOutputBytes }) => {
  let outcome: DecompressOutcome;
  try {
    outcome = { ok: true, bytes: new Uint8Array(gunzipSync(bytes, { maxOutputLength: maxOutputBytes })) };
  } catch (error) {
    outcome =
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
        ? { ok: false, kind: 'too-large', limit: maxOutputBytes }
        : { ok: false, kind: 'corrupt', message: (error as Error).message };
  }
  return Promise.resolve(outcome);
};
