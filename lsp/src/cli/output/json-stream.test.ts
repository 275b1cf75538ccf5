/** JSON written in pieces: the same text as `printJson`, handed out in bounded pieces at the reader's pace. */
import { describe, expect, it } from 'vitest';
import { printJson } from './json.js';
import { jsonChunkChars, startJsonDocument, writeJson } from './json-stream.js';
import { sinkOf, type Sink } from './sink.js';

/** A sink that keeps what it is given, piece by piece. */
function collect(): Sink & { pieces: string[]; text: () => string } {
  const pieces: string[] = [];
  return {
    pieces,
    text: () => pieces.join(''),
    write: (text) => {
      pieces.push(text);
      return Promise.resolve();
    },
  };
}

describe('the JSON output written in pieces', () => {
  it('is exactly what printJson writes, at every depth', async () => {
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
      const sink = collect();
      await writeJson(sink, 'report', body);
      expect(sink.text()).toBe(printJson('report', body));
    }
  });

  it('hands the text out in pieces of bounded size', async () => {
    const findings = Array.from({ length: 20_000 }, (_, i) => ({
      code: 'RPT122',
      message: `finding ${i}`,
      path: ['p', i],
    }));
    const sink = collect();
    await writeJson(sink, 'report', { files: [{ findings }] });
    expect(sink.pieces.length).toBeGreaterThan(1);
    expect(sink.pieces.every((p) => p.length < 2 * jsonChunkChars)).toBe(true);
    expect(sink.text()).toBe(printJson('report', { files: [{ findings }] }));
  });

  it('writes a document whose list comes entry by entry, then the members after it', async () => {
    const files = [{ file: 'a', findings: [{ code: 'X', range: { start: { line: 0 } } }] }, { file: 'b' }];
    for (const [entries, after] of [
      [[], {}],
      [files, {}],
      [files, { summary: { reports: 2, rows: [{ key: null }] } }],
      [[], { summary: {} }],
    ] as [unknown[], Record<string, unknown>][]) {
      const sink = collect();
      const doc = await startJsonDocument(sink, 'lint', 'files');
      for (const e of entries) {
        await doc.add(e);
      }
      await doc.end(after);
      expect(sink.text()).toBe(printJson('lint', { files: entries, ...after }));
    }
  });

  it('hands each entry on before the document ends', async () => {
    const findings = Array.from({ length: 5_000 }, (_, i) => ({ code: 'RPT122', message: `finding ${i}` }));
    const sink = collect();
    const doc = await startJsonDocument(sink, 'lint', 'files');
    for (let i = 0; i < 8; i++) {
      await doc.add({ file: `f${i}`, findings });
    }
    // Eight files of about 300 KB each: written out while the run goes on, not held to the end.
    expect(sink.pieces.length).toBeGreaterThan(1);
    await doc.end();
    expect(sink.pieces.every((p) => p.length < 2 * jsonChunkChars)).toBe(true);
  });

  it('waits for a reader that is slower: nothing more is written until the stream drains', async () => {
    const written: string[] = [];
    let drain: (() => void) | undefined;
    // A stream whose buffer is always full, as a pipe whose reader has not read yet.
    const stream = {
      write: (text: string) => written.push(text) < 0,
      once: (_event: 'drain', listener: () => void) => (drain = listener),
    };
    const findings = Array.from({ length: 20_000 }, (_, i) => ({ code: 'RPT122', message: `finding ${i}` }));
    let done = false;
    const writing = writeJson(sinkOf(stream), 'lint', { files: [{ findings }] }).then(() => (done = true));
    await Promise.resolve();
    expect(written).toHaveLength(1);
    while (!done) {
      const before = written.length;
      const go = drain;
      drain = undefined;
      go?.();
      await new Promise((resolve) => setImmediate(resolve));
      expect(written.length).toBeLessThanOrEqual(before + 1);
    }
    await writing;
    expect(written.join('')).toBe(printJson('lint', { files: [{ findings }] }));
  });
});
