import { once } from 'node:events';
import type * as zlibModule from 'node:zlib';
import { gzipSync, type Gunzip, type ZlibOptions } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { createZlibDecompressor } from './zlib-decompressor.js';

/** Every gunzip stream the decompressor makes, and how many bytes they inflated in all. */
const inflated = vi.hoisted(() => ({ streams: [] as Gunzip[], bytes: 0 }));
vi.mock('node:zlib', async (importOriginal) => {
  const zlib = await importOriginal<typeof zlibModule>();
  const createGunzip = (options?: ZlibOptions): Gunzip => {
    const stream = zlib.createGunzip(options);
    inflated.streams.push(stream);
    stream.on('data', (chunk: Buffer) => (inflated.bytes += chunk.length));
    return stream;
  };
  return { ...zlib, createGunzip };
});

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

  it('stops a gzip bomb early (64 MiB of zeros, 1 MiB bound): inflates little more than the bound', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    inflated.streams.length = 0;
    inflated.bytes = 0;
    expect(await decompress(bomb, { maxOutputBytes: 1 << 20 })).toMatchObject({
      ok: false,
      kind: 'too-large',
    });
    const [stream] = inflated.streams;
    if (!stream!.closed) {
      await once(stream!, 'close');
    }
    expect(inflated.bytes).toBeLessThan(2 << 20);
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
