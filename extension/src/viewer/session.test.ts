/// <reference types="node" />
/**
 * The viewer's reading session (the worker's code): files read strictly in order, progress per file and phase,
 * the cap on findings held across files, the file size bound, and one summary that grows a file at a time.
 */
import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol.js';
import { createReportSession } from './session.js';
import { fileOf, gzip, sample } from './viewer.test-helpers.js';

/** A report with `n` failure details whose result type is free text (a warning each). */
function flawed(n: number, id: string): string {
  return JSON.stringify({
    'organization-name': 'Flawed',
    'date-range': { 'start-datetime': '2024-05-01T00:00:00Z', 'end-datetime': '2024-05-01T23:59:59Z' },
    'contact-info': 'tlsrpt@flawed.example',
    'report-id': id,
    policies: [
      {
        policy: { 'policy-type': 'no-policy-found', 'policy-domain': 'flawed.example' },
        summary: { 'total-successful-session-count': 10, 'total-failure-session-count': n },
        'failure-details': Array.from({ length: n }, (_, i) => ({
          'result-type': `odd failure ${i}`,
          'sending-mta-ip': `192.0.2.${(i % 250) + 1}`,
          'failed-session-count': 1,
        })),
      },
    ],
  });
}

function collect() {
  const messages: FromWorker[] = [];
  return { messages, post: (m: FromWorker) => messages.push(structuredClone(m)) };
}

describe('report reading session', () => {
  it('reads files in the order given, telling each phase, and grows one summary a file at a time', async () => {
    const { messages, post } = collect();
    const session = createReportSession(post);
    const big = gzip(flawed(3000, 'big'));
    void session.handle({ type: 'add', id: 1, file: fileOf('big.json.gz', big), name: 'big.json.gz' });
    await session.handle({
      type: 'add',
      id: 2,
      file: fileOf('x.eml', sample('google.com-tlsrpt.eml')),
      name: 'x.eml',
    });
    const phasesOf = (id: number): string[] =>
      messages
        .filter((m): m is Extract<FromWorker, { type: 'progress' }> => m.type === 'progress' && m.id === id)
        .map((m) => m.phase)
        .filter((p, i, all) => all[i - 1] !== p);
    expect(phasesOf(1)).toEqual(['read', 'decompress', 'decode', 'parse', 'summarise']);
    expect(phasesOf(2)).toEqual(['read', 'message', 'decompress', 'decode', 'parse', 'summarise']);
    // Every event of file 1 comes before any of file 2, and each file ends with its outcome.
    const order = messages.map((m) => (m.type === 'cleared' ? 0 : m.id));
    expect(order.lastIndexOf(1)).toBeLessThan(order.indexOf(2));
    const files = messages.filter((m): m is Extract<FromWorker, { type: 'file' }> => m.type === 'file');
    expect(files.map((f) => [f.id, f.summary.reports])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(files[0]?.summary.totals.failed).toBe(3000);
    // Decompression progress is thinned: about one event per percent, not one per chunk.
    const decompress = messages.filter(
      (m) => m.type === 'progress' && m.id === 1 && m.phase === 'decompress',
    );
    expect(decompress.length).toBeLessThanOrEqual(102);
  });

  it('holds at most the findings cap per file and across files, and counts the rest', async () => {
    const { messages, post } = collect();
    const session = createReportSession(post, { findingsPerFile: 20, findingsHeld: 30 });
    for (const id of [1, 2, 3]) {
      await session.handle({
        type: 'add',
        id,
        file: fileOf(`${id}.json`, flawed(50, `r${id}`)),
        name: `${id}.json`,
      });
    }
    const outcomes = messages.flatMap((m) => (m.type === 'file' ? [m.outcome] : []));
    expect(outcomes.map((o) => o.findings.length)).toEqual([20, 10, 0]);
    for (const o of outcomes) {
      expect(o.parsed).toBe(true);
      expect(o.counts.warning).toBeGreaterThanOrEqual(50);
    }
    await session.handle({ type: 'clear' });
    await session.handle({ type: 'add', id: 4, file: fileOf('4.json', flawed(50, 'r4')), name: '4.json' });
    const last = messages.at(-1);
    expect(last?.type === 'file' && [last.outcome.findings.length, last.summary.reports]).toEqual([20, 1]);
  });

  it('on clear, drops the files still waiting and starts a new summary', async () => {
    const messages: FromWorker[] = [];
    let started = (): void => undefined;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const session = createReportSession((m) => {
      messages.push(structuredClone(m));
      if (m.type === 'progress') {
        started();
      }
    });
    const add = (id: number) =>
      session.handle({
        type: 'add',
        id,
        file: fileOf(`${id}.json`, flawed(5, `c${id}`)),
        name: `${id}.json`,
      });
    void add(1);
    void add(2);
    void add(3);
    await firstStarted;
    void session.handle({ type: 'clear' });
    await add(4);
    const answers = messages.filter((m) => m.type !== 'progress');
    // File 1 was being read when the clear came; 2 and 3 were waiting.
    expect(answers.map((m) => (m.type === 'file' ? [m.id, m.summary.reports] : [m.type]))).toEqual([
      [1, 1],
      ['cleared'],
      [4, 1],
    ]);
  });

  it('refuses a file over the size bound before reading it', async () => {
    const { messages, post } = collect();
    const session = createReportSession(post, { fileBytes: 100 });
    await session.handle({ type: 'add', id: 1, file: fileOf('a.json', flawed(5, 'a')), name: 'a.json' });
    const [file] = messages;
    expect(file?.type).toBe('file');
    expect(file?.type === 'file' && file.outcome).toMatchObject({ parsed: false });
    expect(file?.type === 'file' && file.outcome.error).toMatch(/larger than the 100 bytes read/);
  });
});
