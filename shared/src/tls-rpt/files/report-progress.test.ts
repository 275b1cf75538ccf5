/** Progress per phase while a report file is read: the phases in order, decompressed bytes as they arrive. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { testGunzip } from '../../gzip/node-gunzip.test-helpers.js';
import { readReportFile } from './report-file.js';
import type { ReportProgress } from '../stream/report-progress.js';
import { webGunzipStream } from '../stream/report-stream.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const read = (path: string): Uint8Array => new Uint8Array(readFileSync(`${fixtures}${path}`));
const mailRu = read('report/ok--sample-mail-ru.json');
const google = read('report-msg/ok--sample-google-com-tlsrpt.eml');
const gunzipStream = webGunzipStream()!;

/** The phases in order, each once however many events it had. */
const phases = (events: ReportProgress[]): string[] =>
  events.map((e) => e.phase).filter((phase, i, all) => all[i - 1] !== phase);

describe('report reading progress per phase', () => {
  it('plain JSON: decode, then parse', async () => {
    const events: ReportProgress[] = [];
    const read = await readReportFile('mail.ru.json', mailRu, { onProgress: (p) => events.push(p) });
    expect(read.value).toBeDefined();
    expect(phases(events)).toEqual(['decode', 'parse']);
    expect(events[0]).toEqual({ phase: 'decode', total: mailRu.length });
  });

  it('streamed gzip: decompressed bytes grow to the trailer size, then decode and parse', async () => {
    // Large and varied enough to come out of the stream in several chunks.
    const text = JSON.stringify({
      ...JSON.parse(new TextDecoder().decode(mailRu)),
      padding: Array.from({ length: 40_000 }, (_, i) => `entry ${i * 7919}`),
    });
    const events: ReportProgress[] = [];
    const read = await readReportFile('r.json.gz', gzipSync(text), {
      gunzipStream,
      onProgress: (p) => events.push(p),
    });
    expect(read.value).toBeDefined();
    expect(phases(events)).toEqual(['decompress', 'decode', 'parse']);
    const size = Buffer.byteLength(text);
    const decompress = events.filter((e) => e.phase === 'decompress');
    expect(decompress.length).toBeGreaterThan(2);
    expect(decompress.every((e) => e.total === size)).toBe(true);
    const done = decompress.map((e) => e.done ?? -1);
    expect(done[0]).toBe(0);
    expect(done.at(-1)).toBe(size);
    expect(done.every((d, i) => i === 0 || d > (done[i - 1] ?? 0))).toBe(true);
  });

  it('buffered gzip: one decompress event, then decode and parse', async () => {
    const events: ReportProgress[] = [];
    await readReportFile('r.json.gz', gzipSync(mailRu), {
      decompress: testGunzip,
      onProgress: (p) => events.push(p),
    });
    expect(events).toEqual([
      { phase: 'decompress' },
      { phase: 'decode', total: mailRu.length },
      { phase: 'parse' },
    ]);
  });

  it('an email: the message first, then its gzip report', async () => {
    const events: ReportProgress[] = [];
    const read = await readReportFile('google.eml', google, {
      gunzipStream,
      onProgress: (p) => events.push(p),
    });
    expect(read.value).toBeDefined();
    expect(phases(events)).toEqual(['message', 'decompress', 'decode', 'parse']);
    expect(events[0]).toEqual({ phase: 'message', total: google.length });
  });

  it('a refused file stops early: corrupt gzip never reaches parse', async () => {
    const events: ReportProgress[] = [];
    const broken = gzipSync(mailRu).subarray(0, 40);
    const read = await readReportFile('r.json.gz', broken, {
      gunzipStream,
      onProgress: (p) => events.push(p),
    });
    expect(read.value).toBeUndefined();
    expect(read.findings[0]?.code).toBe('RPT130');
    expect(phases(events)).toEqual(['decompress']);
  });

  it('a listener that throws changes nothing', async () => {
    const quiet = await readReportFile('r.json.gz', gzipSync(mailRu), { gunzipStream });
    const noisy = await readReportFile('r.json.gz', gzipSync(mailRu), {
      gunzipStream,
      onProgress: () => {
        throw new Error('listener bug');
      },
    });
    expect(noisy).toEqual(quiet);
  });
});
