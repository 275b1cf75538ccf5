import { testGunzip } from '../../gzip/node-gunzip.test-helpers.js';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readReportBytes } from '../parse/report.js';
import { gunzipToText, webGunzipStream, type GunzipStream } from './report-stream.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/report/', import.meta.url));
const web = webGunzipStream()!;
const zlib = testGunzip;

/** A gunzip that hands out its output in pieces of `size` bytes, counting what it produced. */
function chunked(size: number, produced: { bytes: number } = { bytes: 0 }): GunzipStream {
  return (input) =>
    web(input).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          for (let i = 0; i < chunk.length; i += size) {
            produced.bytes += Math.min(size, chunk.length - i);
            controller.enqueue(chunk.subarray(i, i + size));
          }
        },
      }),
    );
}

describe('RFC 8460 §5.2 .json.gz decompressed as a stream', () => {
  it('the web platform has a streaming gunzip here', () => {
    expect(webGunzipStream()).toBeTypeOf('function');
  });

  it('decodes straight into text, multi-byte characters split across chunks included', async () => {
    const text = `{"organization-name": "Société Générale 例え 🚀", "x": "${'é'.repeat(1000)}"}`;
    for (const gunzip of [web, chunked(1), chunked(7)]) {
      const out = await gunzipToText(gzipSync(text), gunzip, 1 << 20);
      expect(out).toEqual({ ok: true, text, bytes: Buffer.byteLength(text) });
    }
  });

  it('takes the size the gzip trailer states only as a hint: two members, a trailer that lies', async () => {
    const first = '{"organization-name": "Société", ';
    const second = `"x": "${'y'.repeat(100_000)}"}`;
    // Two members: the trailer states only the last member's size.
    const twoMembers = Buffer.concat([gzipSync(first), gzipSync(second)]);
    expect(await gunzipToText(twoMembers, chunked(1000), 1 << 20)).toEqual({
      ok: true,
      text: first + second,
      bytes: Buffer.byteLength(first + second),
    });
    const text = first + second;
    for (const stated of [0, 5, Buffer.byteLength(text) + 1, 1 << 20, 2 ** 32 - 1]) {
      const lying = gzipSync(text);
      lying.writeUInt32LE(stated, lying.length - 4);
      // Node's zlib checks ISIZE; the web stream may too. Either way: the text, or corrupt, never a wrong text.
      const out = await gunzipToText(lying, web, 1 << 20);
      expect(out.ok ? out.text : out.kind, String(stated)).toEqual(out.ok ? text : 'corrupt');
    }
  });

  it('hands back the bytes that are not UTF-8, so they need not be inflated twice', async () => {
    const bytes = Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]);
    expect(await gunzipToText(gzipSync(bytes), chunked(2), 1000)).toEqual({
      ok: false,
      kind: 'not-utf8',
      bytes: new Uint8Array(bytes),
    });
  });

  it('stops a gzip bomb at the bound, without inflating the rest', async () => {
    const produced = { bytes: 0 };
    const bomb = gzipSync(Buffer.alloc(64 << 20, 0x20));
    const out = await gunzipToText(bomb, chunked(64 * 1024, produced), 1 << 20);
    expect(out).toEqual({ ok: false, kind: 'too-large', limit: 1 << 20 });
    expect(produced.bytes).toBeLessThan(16 << 20);
  });

  it('says corrupt with the decompressor message; gzip inside gzip is refused', async () => {
    const corrupt = await gunzipToText(new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5]), web, 1000);
    expect(corrupt).toMatchObject({ ok: false, kind: 'corrupt' });
    const twice = await gunzipToText(gzipSync(gzipSync('{}')), chunked(1), 1000);
    expect(twice).toEqual({ ok: false, kind: 'gzip-again' });
    const throwing: GunzipStream = () => {
      throw new Error('no gunzip today');
    };
    expect(await gunzipToText(gzipSync('{}'), throwing, 10)).toEqual({
      ok: false,
      kind: 'corrupt',
      message: 'no gunzip today',
    });
  });

  it('readReportBytes gives the same result streamed as buffered, on every gzip fixture', async () => {
    const files = readdirSync(fixtures).filter((f) => f.endsWith('.gz'));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) {
      const bytes = new Uint8Array(readFileSync(`${fixtures}${file}`));
      const streamed = await readReportBytes(bytes, { gunzipStream: web });
      const buffered = await readReportBytes(bytes, { decompress: zlib });
      expect(streamed.value, file).toEqual(buffered.value);
      expect(streamed.text, file).toEqual(buffered.text);
      // The decompressors word their errors differently (RPT130's reason); everything else is the same.
      const shape = (f: { code: string; range?: unknown; data?: Record<string, unknown> }): unknown => [
        f.code,
        f.range,
        f.code === 'RPT130' ? undefined : f.data,
      ];
      expect(streamed.findings.map(shape), file).toEqual(buffered.findings.map(shape));
    }
  });

  it('invalid UTF-8 inside gzip is located as in plain files (RPT101 at the first bad byte)', async () => {
    const plain = new Uint8Array([
      ...new TextEncoder().encode('{"organization-name": "a'),
      0xff,
      ...new TextEncoder().encode('"}'),
    ]);
    const streamed = await readReportBytes(gzipSync(plain), { gunzipStream: chunked(3) });
    const direct = await readReportBytes(plain);
    expect(streamed).toEqual(direct);
    expect(streamed.findings[0]).toMatchObject({ code: 'RPT101', data: { byteOffset: 24 } });
  });

  it('the stream takes precedence over the buffer decompressor and gets the same bound (RPT129)', async () => {
    const bomb = gzipSync(Buffer.alloc(4 << 20, 0x20));
    const read = await readReportBytes(bomb, {
      gunzipStream: web,
      decompress: () => Promise.reject(new Error('not used')),
      maxDecompressedBytes: 1 << 20,
    });
    expect(read.findings.map((f) => f.code)).toEqual(['RPT129']);
  });
});
