import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createZlibDecompressor } from './zlib-decompressor.js';

const decompress = createZlibDecompressor();
const text = (n: number): Buffer => Buffer.from('{"organization-name":"x"}'.repeat(n));

describe('RFC 8460 §5.3 gzip reports: bounded decompression', () => {
  it('inflates a gzip body', async () => {
    const plain = text(100);
    const outcome = await decompress(gzipSync(plain), { maxOutputBytes: 1 << 20 });
    expect(outcome.ok && Buffer.from(outcome.bytes).equals(plain)).toBe(true);
  });

  it('inflates several gzip members in a row (RFC 1952 §2.2)', async () => {
    const outcome = await decompress(Buffer.concat([gzipSync('ab'), gzipSync('cd')]), {
      maxOutputBytes: 100,
    });
    expect(outcome.ok && Buffer.from(outcome.bytes).toString()).toBe('abcd');
  });

  it('accepts exactly maxOutputBytes and refuses one more', async () => {
    const plain = text(40);
    expect((await decompress(gzipSync(plain), { maxOutputBytes: plain.length })).ok).toBe(true);
    expect(await decompress(gzipSync(plain), { maxOutputBytes: plain.length - 1 })).toEqual({
      ok: false,
      kind: 'too-large',
      limit: plain.length - 1,
    });
  });

  it('stops a gzip bomb early (64 MiB of zeros, 1 MiB bound)', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const started = performance.now();
    expect(await decompress(bomb, { maxOutputBytes: 1 << 20 })).toMatchObject({
      ok: false,
      kind: 'too-large',
    });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['not gzip at all', Buffer.from('{"policies":[]}')],
    ['empty input', Buffer.alloc(0)],
    ['a truncated member', gzipSync(text(50)).subarray(0, 30)],
    [
      'a damaged CRC',
      (() => {
        const g = Buffer.from(gzipSync('hello'));
        g[g.length - 6]! ^= 0xff;
        return g;
      })(),
    ],
  ])('%s → corrupt', async (_, bytes) => {
    expect(await decompress(bytes, { maxOutputBytes: 1 << 20 })).toMatchObject({
      ok: false,
      kind: 'corrupt',
    });
  });
});
