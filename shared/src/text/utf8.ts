/**
 * UTF-8 validation as a WHATWG decoder (what `TextDecoder` and `fetch` use) does it: well-formed UTF-8 is RFC 3629
 * §4's (no overlong forms, surrogates or code points above U+10FFFF), and each maximal invalid subpart is one error,
 * which the decoder replaces with one U+FFFD. Pure.
 */

/**
 * Walk the bytes from `from` as the decoder does and tell `onError` where each invalid subpart starts in the bytes
 * and where its U+FFFD stands in the decoded text (UTF-16 units from `from`). `onError` returns false to stop.
 */
function scanUtf8(
  bytes: Uint8Array,
  from: number,
  onError: (byteOffset: number, textOffset: number) => boolean,
): void {
  let units = 0;
  // The sequence being read: where its lead byte is, how many continuation bytes it needs and has.
  let start = 0;
  let need = 0;
  let seen = 0;
  // The range of the next continuation byte: narrower after E0, ED, F0 and F4.
  let lower = 0x80;
  let upper = 0xbf;
  let i = from;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (need === 0) {
      i++;
      if (b <= 0x7f) {
        units++;
        continue;
      }
      start = i - 1;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        lower = b === 0xe0 ? 0xa0 : 0x80;
        upper = b === 0xed ? 0x9f : 0xbf;
        need = 2;
      } else if (b >= 0xf0 && b <= 0xf4) {
        lower = b === 0xf0 ? 0x90 : 0x80;
        upper = b === 0xf4 ? 0x8f : 0xbf;
        need = 3;
      } else if (!onError(start, units++)) {
        return;
      }
      continue;
    }
    if (b < lower || b > upper) {
      // The byte is not consumed: it starts the next sequence.
      need = seen = 0;
      lower = 0x80;
      upper = 0xbf;
      if (!onError(start, units++)) {
        return;
      }
      continue;
    }
    i++;
    lower = 0x80;
    upper = 0xbf;
    if (++seen === need) {
      // A four-byte sequence is a code point above U+FFFF: two UTF-16 units.
      units += need === 3 ? 2 : 1;
      need = seen = 0;
    }
  }
  if (need !== 0) {
    onError(start, units);
  }
}

/**
 * Offsets in the decoded text where the decoder put U+FFFD for invalid bytes, one per maximal invalid subpart.
 * `keepBom` says whether the text kept a leading byte-order mark (`ignoreBOM`).
 */
export function invalidUtf8Offsets(bytes: Uint8Array, keepBom: boolean): number[] {
  const out: number[] = [];
  const bom = !keepBom && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  scanUtf8(bytes, bom ? 3 : 0, (_byteOffset, textOffset) => {
    out.push(textOffset);
    return true;
  });
  return out;
}

/** Offset of the first byte that starts an invalid subpart, or -1 when the bytes are valid UTF-8. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let first = -1;
  scanUtf8(bytes, 0, (byteOffset) => {
    first = byteOffset;
    return false;
  });
  return first;
}
