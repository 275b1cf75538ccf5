import { describe, expect, it } from 'vitest';
import { createLineIndex } from '../text/line-index.js';
import { parsePolicy } from './policy.js';

const body = 'mode: enforce\nmx: mail.example.com\nmax_age: 604800\n';
const good = `version: STSv1\n${body}`;
const codes = (text: string, bytes?: Uint8Array): string[] =>
  parsePolicy(text, { bytes }).findings.map((f) => f.code);
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const decode = (bytes: Uint8Array, ignoreBOM = false): string =>
  new TextDecoder('utf-8', { ignoreBOM }).decode(bytes);

describe('RFC 8461 §3.2 byte-order mark (STS201)', () => {
  it('reports a BOM kept in the text, with a fix, and reads the fields behind it', () => {
    const parsed = parsePolicy(`\uFEFF${good}`);
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS201']);
    expect(parsed.findings[0]?.fix?.edits).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, newText: '' },
    ]);
    expect(parsed.value?.version).toBe('STSv1');
    expect(parsed.value?.fields[0]?.nameStart).toBe(1);
  });

  it('reports a BOM the decoder removed from the bytes, without a fix (there is nothing to delete)', () => {
    const bytes = utf8(`\uFEFF${good}`);
    const parsed = parsePolicy(decode(bytes), { bytes });
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS201']);
    expect(parsed.findings[0]?.fix).toBeUndefined();
    expect(parsed.findings[0]?.range).toEqual({
      start: { line: 0, character: 0 },
      end: { line: 0, character: 0 },
    });
  });

  it('reports one finding when the BOM is both in the bytes and in the text', () => {
    const bytes = utf8(`\uFEFF${good}`);
    expect(codes(decode(bytes, true), bytes)).toEqual(['STS201']);
  });
});

describe('RFC 8461 §3.2 encoding and control characters (STS225)', () => {
  it('locates invalid UTF-8 exactly, one finding per line, and judges nothing else on that line', () => {
    const bytes = new Uint8Array([
      ...utf8(`${good}x-a: caf`),
      0xe9,
      ...utf8('\nx-b: ok\nmx: m'),
      0xff,
      0xfe,
      ...utf8('.example\n'),
    ]);
    const text = decode(bytes);
    const parsed = parsePolicy(text, { bytes });
    const found = parsed.findings.filter((f) => f.code === 'STS225');
    expect(found.map((f) => f.range?.start)).toEqual([
      { line: 4, character: 8 },
      { line: 6, character: 5 },
    ]);
    expect(parsed.findings.map((f) => f.code).sort()).toEqual(['STS223', 'STS225', 'STS225']);
    expect(parsed.value?.mx[1]?.valid).toBe(false);
  });

  it('does not flag U+FFFD written as valid UTF-8, nor without bytes', () => {
    const text = `${good}x-note: \uFFFD\n`;
    expect(codes(text, utf8(text))).toEqual(['STS223']);
    expect(codes(text)).toEqual(['STS223']);
  });

  it('flags C0 controls and DEL but not HTAB, and unpaired surrogates', () => {
    for (const c of ['\x00', '\x07', '\x0b', '\x0c', '\x1b', '\x7f', '\ud800', '\udc00']) {
      expect(codes(`${good}x-note: a${c}b\n`), JSON.stringify(c)).toEqual(['STS225']);
    }
    expect(codes(`${good}x-note: a\tb\n`)).toEqual(['STS224']);
    expect(codes(`${good}x-note: a\ud83d\ude00b\n`)).toEqual(['STS223']);
  });

  it('takes each U+FFFD as replaced bytes when told the body was not valid UTF-8', () => {
    const text = `${good}x-a: caf\uFFFD\nx-b: \uFFFD\uFFFD\n`;
    const parsed = parsePolicy(text, { validUtf8: false });
    expect(parsed.findings.map((f) => [f.code, f.range?.start])).toEqual([
      ['STS225', { line: 4, character: 8 }],
      ['STS225', { line: 5, character: 5 }],
    ]);
    expect(codes(text)).toEqual(['STS223', 'STS223']);
    expect(parsePolicy(good, { validUtf8: false }).findings.map((f) => [f.code, f.range?.start])).toEqual([
      ['STS225', { line: 0, character: 0 }],
    ]);
    expect(parsePolicy(good, { validUtf8: true }).findings).toEqual([]);
  });

  it('keeps a document-level finding when the text is not the decoding of the bytes', () => {
    const parsed = parsePolicy(good, { bytes: new Uint8Array([0xff]) });
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS225']);
  });
});

describe('RFC 8461 §3.2 line terminators (STS203, STS204, STS205)', () => {
  it('accepts LF, CRLF, and no final terminator; reports the line ending', () => {
    expect(parsePolicy(good).value?.lineEnding).toBe('LF');
    expect(parsePolicy(good.replace(/\n/g, '\r\n')).value?.lineEnding).toBe('CRLF');
    expect(codes(good.slice(0, -1))).toEqual([]);
    expect(parsePolicy('version: STSv1').value?.lineEnding).toBe('LF');
  });

  it('reports mixed endings once, with a fix towards the dominant one', () => {
    const text = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\nmax_age: 604800\r\n';
    const parsed = parsePolicy(text);
    expect(parsed.value?.lineEnding).toBe('mixed');
    const f = parsed.findings.find((x) => x.code === 'STS205');
    expect(f?.fix?.edits).toHaveLength(1);
    expect(f?.fix?.edits[0]?.newText).toBe('\r\n');
  });

  it('reports a bare CR as a terminator error and still reads both lines', () => {
    const parsed = parsePolicy('version: STSv1\rmode: enforce\rmx: a.example.com\rmax_age: 604800');
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS204', 'STS204', 'STS204']);
    expect(parsed.findings.map((f) => f.data?.n)).toEqual([1, 2, 3]);
    expect(parsed.value?.mode).toBe('enforce');
  });

  it('reports each blank or whitespace-only line, but not the end after the final terminator', () => {
    const parsed = parsePolicy(`version: STSv1\n \t\n${body}\n\n`);
    expect(parsed.findings.map((f) => [f.code, f.data?.n])).toEqual([
      ['STS203', 2],
      ['STS203', 6],
      ['STS203', 7],
    ]);
    expect(codes('')).toEqual(['STS208', 'STS210', 'STS212']);
  });
});

describe('RFC 8461 §3.2 field layout (STS202, STS206)', () => {
  it('reports lines without a key and colon', () => {
    expect(codes(`# comment\n${good}`)).toEqual(['STS202']);
    expect(codes(`${good}: value\n`)).toEqual(['STS202']);
    expect(codes(`${good}   trailing words\n`)).toEqual(['STS202']);
  });

  it('reports whitespace at the start or before the colon, one finding per line, fixing both', () => {
    const parsed = parsePolicy(`version: STSv1\n\tmode \t: enforce\n${body.slice(14)}`);
    expect(parsed.findings.map((f) => f.code)).toEqual(['STS206']);
    expect(parsed.findings[0]?.fix?.edits).toHaveLength(2);
    expect(parsed.value?.mode).toBe('enforce');
    expect(parsed.value?.fields[1]).toMatchObject({ name: 'mode', value: 'enforce', line: 1 });
  });

  it('allows any SP/HTAB after the colon and after the value, which are not part of the value', () => {
    const parsed = parsePolicy('version:\t STSv1 \t\nmode:enforce\nmx:  a.example.com\nmax_age: 604800  ');
    expect(parsed.findings).toEqual([]);
    expect(parsed.value?.fields.map((f) => f.value)).toEqual(['STSv1', 'enforce', 'a.example.com', '604800']);
  });

  it('gives offsets that point at the name and value in the text', () => {
    const text = `\uFEFFversion: STSv1\r\n  mx :  a.example.com \r\n`;
    for (const f of parsePolicy(text).value?.fields ?? []) {
      expect(text.slice(f.nameStart, f.nameEnd)).toBe(f.name);
      expect(text.slice(f.valueStart, f.valueEnd)).toBe(f.value);
      expect(createLineIndex(text).positionAt(f.nameStart).line).toBe(f.line);
    }
  });

  it('splits only at the first colon', () => {
    expect(parsePolicy(`${good}x-url: https://example.com:8443/x\n`).value?.extensions[0]?.value).toBe(
      'https://example.com:8443/x',
    );
  });
});
