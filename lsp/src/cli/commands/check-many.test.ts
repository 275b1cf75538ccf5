/**
 * `check --from-file`: the list is read as the checks go (never whole), at most N checks run at once, each result
 * is written once as its check ends, and the exit code is the worst of the domains'. The checks are the core's
 * `checkDomain` over a fake resolver (a unit test: the lab e2e test uses real servers).
 */
import { checkDomain, type DnsResult, type Fetcher, type Resolver } from '@sts-inspector/shared';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli.test-helpers.js';
import { defaultFailPolicy } from '../exit-code.js';
import type { CliIo } from '../io.js';
import { listLines, runCheckMany, type CheckManyArgs, type ListLine } from './check-many.js';
import { toDomain } from './check.js';

/** Every name is NXDOMAIN (verdict `absent`), except names starting `silent` (every lookup times out). */
const resolver: Resolver = {
  query: (name, type) => {
    const question = { name, type };
    const result: DnsResult = name.replace(/^_mta-sts\.|^_smtp\._tls\./, '').startsWith('silent')
      ? { ok: false, question, kind: 'timeout', message: 'No answer.', elapsedMs: 1 }
      : {
          ok: true,
          question,
          rcode: 'NXDOMAIN',
          ad: false,
          tc: false,
          cnames: [],
          canonicalName: name,
          records: [],
          ttl: 300,
          elapsedMs: 1,
        };
    // A real resolver answers later, not in the same turn.
    return new Promise((resolve) => setTimeout(() => resolve(result), 0));
  },
};
const fetcher: Fetcher = {
  get: () => Promise.resolve({ kind: 'network', message: 'unreachable', elapsedMs: 1 }),
};

async function* chunksOf(...texts: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const text of texts) {
    await Promise.resolve();
    yield text;
  }
}

async function collect(input: AsyncIterable<string | Uint8Array>, max?: number): Promise<ListLine[]> {
  const lines: ListLine[] = [];
  for await (const line of listLines(input, max)) {
    lines.push(line);
  }
  return lines;
}

interface Captured {
  out: string[];
  err: string;
  io: CliIo;
}

function capture(keepOutput = true): Captured & { count: () => number } {
  const captured: Captured & { count: () => number } = {
    out: [],
    err: '',
    io: {
      stdout: {
        write: (t: string) => {
          n += t.split('\n').length - 1;
          if (keepOutput) {
            captured.out.push(t);
          }
          return true;
        },
        isTTY: false,
      },
      stderr: { write: (t: string) => (captured.err += t), isTTY: false },
      env: {},
    },
    count: () => n,
  };
  let n = 0;
  return captured;
}

function args(input: AsyncIterable<string | Uint8Array>, over: Partial<CheckManyArgs> = {}): CheckManyArgs {
  return {
    source: 'list.txt',
    input,
    concurrency: 4,
    format: 'json',
    resolver: 'https://doh.test/dns-query',
    fail: defaultFailPolicy,
    toDomain,
    check: (domain, signal) => checkDomain(domain, { resolver, fetcher }, { signal }),
    ...over,
  };
}

describe('the list of --from-file', () => {
  it('takes one domain a line: comments, blank lines, CRLF, a last line without an end', async () => {
    expect(
      await collect(chunksOf('# my domains\r\na.test\r\n\r\n  b.test   # the second\n#c.test\nd.te', 'st')),
    ).toEqual([
      { line: 2, text: 'a.test' },
      { line: 4, text: 'b.test' },
      { line: 6, text: 'd.test' },
    ]);
  });

  it('joins lines and characters split across chunks', async () => {
    const bytes = new TextEncoder().encode('bücher.test\nx.test\n');
    expect(await collect(chunksOf(bytes.subarray(0, 2), bytes.subarray(2, 9), bytes.subarray(9)))).toEqual([
      { line: 1, text: 'bücher.test' },
      { line: 2, text: 'x.test' },
    ]);
  });

  it('reports a line longer than the bound without holding it, and goes on', async () => {
    const long = 'a'.repeat(100);
    expect(await collect(chunksOf(long, long, '\nok.test\n', long), 64)).toEqual([
      { line: 1, error: 'the line is longer than 64 characters' },
      { line: 2, text: 'ok.test' },
      { line: 3, error: 'the line is longer than 64 characters' },
    ]);
  });
});

describe('check --from-file', () => {
  it('checks a large list at most N at a time, reading it only as checks can start, each domain once', async () => {
    const total = 10_000;
    const concurrency = 16;
    let produced = 0;
    let finished = 0;
    let running = 0;
    let mostRunning = 0;
    let mostAhead = 0;
    async function* generated(): AsyncGenerator<string> {
      for (let i = 0; i < total; i++) {
        produced++;
        mostAhead = Math.max(mostAhead, produced - finished);
        yield `d${i}.example.test\n`;
        await Promise.resolve();
      }
    }
    const out = capture(false);
    const code = await runCheckMany(
      args(generated(), {
        concurrency,
        check: async (domain, signal) => {
          running++;
          mostRunning = Math.max(mostRunning, running);
          try {
            return await checkDomain(domain, { resolver, fetcher }, { signal });
          } finally {
            running--;
            finished++;
          }
        },
      }),
      out.io,
      new AbortController().signal,
    );
    expect(code).toBe(0);
    expect(finished).toBe(total);
    // One line per domain and the summary.
    expect(out.count()).toBe(total + 1);
    expect(mostRunning).toBe(concurrency);
    // Lines are taken from the input only when a check can start: what is read ahead stays bounded.
    expect(mostAhead).toBeLessThanOrEqual(concurrency + 2);
  });

  it('writes one JSON line per domain as it ends, then a summary', async () => {
    const out = capture();
    const code = await runCheckMany(args(chunksOf('a.test\nb.test\n')), out.io, new AbortController().signal);
    const lines = out.out
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(code).toBe(0);
    expect(lines.map((l) => [l.type, l.domain, l.verdict])).toEqual(
      expect.arrayContaining([
        ['domain', 'a.test', 'absent'],
        ['domain', 'b.test', 'absent'],
      ]),
    );
    expect(lines.at(-1)).toMatchObject({
      type: 'summary',
      schemaVersion: 1,
      checked: 2,
      invalid: 0,
      verdicts: { absent: 2, enforced: 0 },
    });
  });

  it('writes a text line per domain and the summary in text', async () => {
    const out = capture();
    await runCheckMany(args(chunksOf('a.test\n'), { format: 'text' }), out.io, new AbortController().signal);
    const text = out.out.join('');
    expect(text).toMatch(/^a\.test {2}ABSENT {2}0 errors, 0 warnings, \d+ infos?\n/);
    expect(text).toMatch(/\n1 domain checked \(1 absent\) in [\d.]+ s, [\d.]+ domains\/s\n$/);
  });

  it('a line that is not a domain is its error: the others are checked, and the run exits 2', async () => {
    const out = capture();
    const code = await runCheckMany(
      args(chunksOf('a.test\nnot a domain\nuser@b.test\nc.test\n')),
      out.io,
      new AbortController().signal,
    );
    expect(code).toBe(2);
    expect(out.err).toContain('list.txt:2: not a domain name: "not a domain"');
    expect(out.err).toContain('list.txt:3:');
    const lines = out.out.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === 'domain')).toHaveLength(2);
    expect(lines.filter((l) => l.type === 'error').map((l) => l.line)).toEqual([2, 3]);
    expect(lines.at(-1)).toMatchObject({ type: 'summary', checked: 2, invalid: 2 });
  });

  it('exits 1 when a domain has a verdict in --fail-verdict, as check of several domains does', async () => {
    const out = capture();
    const code = await runCheckMany(
      args(chunksOf('a.test\nb.test\n'), { fail: { failOn: 'error', failVerdicts: ['absent'] } }),
      out.io,
      new AbortController().signal,
    );
    expect(code).toBe(1);
  });

  it('gives up on a resolver that answers nothing, says so, and exits 2', async () => {
    const out = capture();
    let checks = 0;
    const list = Array.from({ length: 50 }, (_, i) => `silent${i}.test\n`);
    const code = await runCheckMany(
      args(chunksOf(...list), {
        concurrency: 2,
        check: (domain, signal) => {
          checks++;
          return checkDomain(domain, { resolver, fetcher }, { signal });
        },
      }),
      out.io,
      new AbortController().signal,
    );
    expect(code).toBe(2);
    expect(out.err).toContain('gave no DNS answer');
    expect(checks).toBeLessThan(50);
  });

  it('a list with no domain is a usage error', async () => {
    const out = capture();
    expect(await runCheckMany(args(chunksOf('# nothing\n\n')), out.io, new AbortController().signal)).toBe(2);
    expect(out.err).toContain('list.txt holds no domain');
  });

  it('an abort (Ctrl-C) stops reading and rejects with an AbortError', async () => {
    const controller = new AbortController();
    let started = 0;
    async function* endless(): AsyncGenerator<string> {
      for (let i = 0; ; i++) {
        yield `d${i}.test\n`;
        await Promise.resolve();
      }
    }
    const out = capture(false);
    await expect(
      runCheckMany(
        args(endless(), {
          check: (domain, signal) => {
            if (++started === 10) {
              controller.abort();
            }
            return checkDomain(domain, { resolver, fetcher }, { signal });
          },
        }),
        out.io,
        controller.signal,
      ),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBeLessThan(20);
  });
});

describe('check --from-file arguments', () => {
  it('refuses domains and a list together, --concurrency without a list or out of range, a missing file', async () => {
    const cases: [string[], string][] = [
      [['check', 'a.test', '--from-file', 'list.txt'], 'give domains or --from-file, not both'],
      [['check', 'a.test', '--concurrency', '4'], '--concurrency applies with --from-file'],
      [['check', '--from-file', 'list.txt', '--concurrency', '0'], '--concurrency must be a whole number'],
      [['check', '--from-file', 'list.txt', '--concurrency', '2.5'], '--concurrency must be a whole number'],
      [['check', '--from-file', 'list.txt', '--concurrency', '257'], '--concurrency must be a whole number'],
      [['check', '--from-file', '/nonexistent/list.txt'], 'cannot read --from-file /nonexistent/list.txt'],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(...argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.err, argv.join(' ')).toContain(message);
    }
  });
});
