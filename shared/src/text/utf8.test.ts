import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, invalidUtf8Offsets } from './utf8.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array, ignoreBOM = false): string =>
  new TextDecoder('utf-8', { ignoreBOM }).decode(bytes);
const isUtf8 = (bytes: Uint8Array): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

/** Random bytes, bytes near the UTF-8 boundaries, and valid UTF-8 with a few bytes dropped. */
const utf8ish = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc
    .array(
      fc.constantFrom(
        0x61,
        0x80,
        0x8f,
        0x90,
        0x9f,
        0xa0,
        0xbb,
        0xbf,
        0xc0,
        0xc2,
        0xdf,
        0xe0,
        0xed,
        0xef,
        0xf0,
        0xf4,
        0xf5,
        0xff,
      ),
      {
        maxLength: 32,
      },
    )
    .map((a) => new Uint8Array(a)),
  fc.tuple(fc.string({ unit: 'binary', maxLength: 16 }), fc.nat(), fc.nat()).map(([s, a, b]) => {
    const bytes = [...utf8(s)];
    bytes.splice(a % (bytes.length + 1), b % 3);
    return new Uint8Array(bytes);
  }),
);

describe('UTF-8 validation as a WHATWG decoder does it', () => {
  it('finds the offsets a WHATWG decoder replaces', () => {
    fc.assert(
      fc.property(utf8ish, fc.boolean(), (bytes, keepBom) => {
        const text = decode(bytes, keepBom);
        const offsets = invalidUtf8Offsets(bytes, keepBom);
        for (const at of offsets) {
          expect(text[at]).toBe('\uFFFD');
        }
        // Bytes EF BF BD (U+FFFD written as valid UTF-8) are the only other source of U+FFFD.
        const genuine = bytes.some((b, i) => b === 0xef && bytes[i + 1] === 0xbf && bytes[i + 2] === 0xbd);
        if (!genuine) {
          expect(offsets).toEqual([...text.matchAll(/\uFFFD/g)].map((m) => m.index));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('finds the first invalid byte, and only in bytes that are not UTF-8', () => {
    fc.assert(
      fc.property(utf8ish, (bytes) => {
        const bad = firstInvalidUtf8(bytes);
        expect(bad < 0).toBe(isUtf8(bytes));
        if (bad >= 0) {
          // Everything before it is valid, and its replacement is the decoder's first.
          const prefix = bytes.subarray(0, bad);
          expect(isUtf8(prefix)).toBe(true);
          expect(decode(prefix, true).length).toBe(invalidUtf8Offsets(bytes, true)[0]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names overlong forms, surrogates, code points past U+10FFFF and cut sequences', () => {
    const ok = [0x61, 0xe2, 0x82, 0xac];
    expect(firstInvalidUtf8(new Uint8Array(ok))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array([...ok, 0xc0, 0xaf]))).toBe(4);
    expect(firstInvalidUtf8(new Uint8Array([...ok, 0xed, 0xa0, 0x80]))).toBe(4);
    expect(firstInvalidUtf8(new Uint8Array([...ok, 0xf4, 0x90, 0x80, 0x80]))).toBe(4);
    expect(firstInvalidUtf8(new Uint8Array([...ok, 0xf0, 0x9f, 0x98]))).toBe(4);
    expect(
      invalidUtf8Offsets(new Uint8Array([0xf0, 0x9f, 0x98, 0x80, 0xff, 0x61, 0xe2, 0x82]), true),
    ).toEqual([2, 4]);
    expect(invalidUtf8Offsets(utf8('\uFEFFa\uFFFD'), false)).toEqual([]);
  });
});
