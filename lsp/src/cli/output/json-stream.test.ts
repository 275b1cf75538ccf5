/** JSON written in pieces: the same text as `printJson`, handed out in bounded pieces, lists as their entries come. */
import { describe, expect, it } from 'vitest';
import { printJson } from './json.js';
import { jsonChunkChars, startJsonDocument, writeJson } from './json-stream.js';

describe('the JSON output written in pieces', () => {
  it('is exactly what printJson writes, at every depth', () => {
    const bodies: Record<string, unknown>[] = [
      {},
      { files: [], summary: {} },
      {
        files: [
          {
            file: 'a.eml',
            kind: 'report-email',
            email: { part: { bytes: 1 } },
            findings: [{ code: 'X', data: { a: [1, [2, {}]] } }],
          },
          { file: 'b', skipped: undefined, findings: [] },
        ],
        summary: {
          byDay: [{ key: null, details: [], nested: { deeper: { deepest: ['é', '\u2028'] } } }],
          n: 1.5,
        },
        list: [undefined, null, 'x'],
      },
    ];
    for (const body of bodies) {
      let out = '';
      writeJson((t) => (out += t), 'report', body);
      expect(out).toBe(printJson('report', body));
    }
  });

  it('hands the text out in pieces of bounded size', () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => ({
      code: 'RPT122',
      message: `finding ${i}`,
      path: ['p', i],
    }));
    const pieces: string[] = [];
    writeJson((t) => pieces.push(t), 'report', { files: [{ findings }] });
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length < 2 * jsonChunkChars)).toBe(true);
    expect(pieces.join('')).toBe(printJson('report', { files: [{ findings }] }));
  });

  it('writes a document whose list comes entry by entry, then the members after it', () => {
    const files = [{ file: 'a', findings: [{ code: 'X', range: { start: { line: 0 } } }] }, { file: 'b' }];
    for (const [entries, after] of [
      [[], {}],
      [files, {}],
      [files, { summary: { reports: 2, rows: [{ key: null }] } }],
      [[], { summary: {} }],
    ] as [unknown[], Record<string, unknown>][]) {
      let out = '';
      const doc = startJsonDocument((t) => (out += t), 'lint', 'files');
      entries.forEach((e) => doc.add(e));
      doc.end(after);
      expect(out).toBe(printJson('lint', { files: entries, ...after }));
    }
  });

  it('hands each entry on before the document ends, in pieces of bounded size', () => {
    const findings = Array.from({ length: 5_000 }, (_, i) => ({ code: 'RPT122', message: `finding ${i}` }));
    const pieces: string[] = [];
    const doc = startJsonDocument((t) => pieces.push(t), 'lint', 'files');
    for (let i = 0; i < 8; i++) {
      doc.add({ file: `f${i}`, findings });
    }
    // Eight files of about 300 KB each: written out while the run goes on, not held to the end.
    expect(pieces.length).toBeGreaterThan(1);
    doc.end();
    expect(pieces.every((p) => p.length < 2 * jsonChunkChars)).toBe(true);
  });
});
