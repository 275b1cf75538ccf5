import { describe, expect, it } from 'vitest';
import { parseMediaType } from './media-type.js';

describe('parseMediaType', () => {
  it('reads the type and charset of an HTTP response, lower-cased', () => {
    expect(parseMediaType('Text/Plain; Charset=UTF-8')).toEqual({
      type: 'text/plain',
      params: { charset: 'UTF-8' },
      charset: 'utf-8',
    });
    expect(parseMediaType('text/plain')?.charset).toBeUndefined();
    expect(parseMediaType('text/plain; charset=')?.charset).toBeUndefined();
    expect(parseMediaType('text/plain ; charset = "ISO-8859-1" ')?.charset).toBe('iso-8859-1');
  });

  it('is null without a header or a type', () => {
    expect(parseMediaType(null)).toBeNull();
    expect(parseMediaType('')).toBeNull();
    expect(parseMediaType('  ; charset=utf-8')).toBeNull();
  });

  it('keeps a semicolon or an escaped quote inside a quoted value, and the first of a repeated parameter', () => {
    const media = parseMediaType(
      'multipart/report; boundary="a;\\"b"; report-type=tlsrpt; Report-Type=other',
    );
    expect(media?.params).toEqual({ boundary: 'a;"b', 'report-type': 'tlsrpt' });
    expect(parseMediaType('text/plain; charset=utf-8; charset=latin1')?.charset).toBe('utf-8');
  });

  it('reads no parameter from a name without a value', () => {
    expect(parseMediaType('text/plain; charset; x=1')?.params).toEqual({ x: '1' });
  });
});
