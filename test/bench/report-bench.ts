/**
 * Benchmarks of the TLS-RPT report pipeline, in one run, each figure beside its yardstick and ratio:
 *
 * 1. parse + validate + locate (`parseReport`) against `JSON.parse` of the same text, on seeded generated reports
 *    of 1, 20 and 100 MB with 1 % and 50 % of the failure-detail entries carrying a finding (targets: at most 1.5x
 *    with 1 %, 3x with 50 %); the positioned path (a jsonc-parser tree of everything) beside it up to 20 MB;
 * 2. our validation against vscode-json-languageservice validating the same text with a JSON Schema for RFC 8460
 *    (report-schema.ts), what editors do today (target: 5x faster);
 * 3. summarising 1,000 daily reports, a year of three senders (target: under 1 s);
 * 4. peak memory of reading a report, and of the whole `sts-inspector report` command on it, in a fresh process,
 *    against the size of its JSON (target: under 3x).
 *
 * Ratios are medians of per-pair ratios: the two sides run in alternation, so a slow spell of the machine
 * weighs on both. Prints figures; asserts nothing. usage: npm run bench:reports [-- --sizes 1,20,100 --runs 3 --no-memory]
 * Generated inputs are cached in test/fixtures/generated/ (git-ignored); the first run writes them.
 * (`npm run bench:reports` bundles this file to test/dist/, one folder below test/ like its sources.)
 */
import { spawnSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { getLanguageService, TextDocument } from 'vscode-json-languageservice';
import { parseReport, summarizeReports, type SummaryInput } from '@sts-inspector/shared';
import { ensureGeneratedReport, type GeneratedReport } from '../fixtures/generate-reports.js';
import { generateYear } from '../fixtures/report-generator.js';
import { measureMemory, type MemoryMode, type MemoryResult } from './report-memory.js';
import { rfc8460ReportSchema } from './report-schema.js';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]!
      : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1)).padStart(7) + ' ms';
const ratio = (x: number): string => `${x.toFixed(2)}x`.padStart(7);
const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const verdict = (ok: boolean): string => (ok ? 'meets target' : 'misses target');

/** Untimed calls before timing, so compiled code is measured, not the interpreter (none for large inputs). */
let warmUp = 0;

/** Time `runs` calls, each after a GC, keeping every result alive until it is timed. */
function time(runs: number, f: () => unknown): { median: number; result: unknown } {
  const times: number[] = [];
  let result: unknown;
  for (let i = 0; i < warmUp; i++) {
    result = f();
  }
  for (let i = 0; i < runs; i++) {
    result = undefined;
    gc();
    const start = performance.now();
    result = f();
    times.push(performance.now() - start);
  }
  return { median: median(times), result };
}

/**
 * Time `a` and `b` in alternation, `runs` pairs, each call after a GC: the ratio b/a is taken per pair, and its
 * median reported, so that a slow spell of a shared machine weighs on both sides of a ratio instead of on one.
 */
async function timePairs(
  runs: number,
  a: () => unknown,
  b: () => unknown,
): Promise<{ a: number; b: number; ratio: number; resultA: unknown; resultB: unknown }> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  let resultA: unknown;
  let resultB: unknown;
  for (let i = 0; i < warmUp; i++) {
    resultA = await a();
    resultB = await b();
  }
  for (let i = 0; i < runs; i++) {
    resultA = resultB = undefined;
    gc();
    let start = performance.now();
    resultA = await a();
    const ta = performance.now() - start;
    gc();
    start = performance.now();
    resultB = await b();
    const tb = performance.now() - start;
    as.push(ta);
    bs.push(tb);
    ratios.push(tb / ta);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios), resultA, resultB };
}

const runsFor = (megabytes: number, base: number): number =>
  megabytes <= 1 ? base * 5 : megabytes <= 20 ? base : Math.max(1, base - 1);

function machine(): string {
  const cpu = cpus();
  return `${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${osType()} ${release()}, Node ${process.version}`;
}

async function parseSection(reports: GeneratedReport[], runs: number): Promise<void> {
  console.log('\n1. parse + validate + locate (parseReport) vs JSON.parse of the same text');
  console.log(
    '   size     findings-rate  findings   JSON.parse        ours   ratio   target   positioned   ratio',
  );
  for (const r of reports) {
    const text = readFileSync(r.json, 'utf8');
    const n = runsFor(r.megabytes, runs);
    warmUp = r.megabytes <= 1 ? 30 : r.megabytes <= 20 ? 2 : 0;
    const pair = await timePairs(
      n,
      () => JSON.parse(text) as unknown,
      () => parseReport(text),
    );
    const floor = { median: pair.a };
    const ours = { median: pair.b };
    const findings = (pair.resultB as ReturnType<typeof parseReport>).findings.length;
    const target = r.findingRate <= 0.01 ? 1.5 : 3;
    const rate = pair.ratio;
    let positioned = '';
    if (r.megabytes <= 20) {
      const tree = time(Math.max(1, Math.ceil(n / 2)), () => parseReport(text, { positioned: true }));
      positioned = `${ms(tree.median)} ${ratio(tree.median / floor.median)}`;
    }
    console.log(
      `   ${mb(r.bytes).padEnd(9)}${`${Math.round(r.findingRate * 100)} %`.padStart(8)}  ${String(findings).padStart(9)} ${ms(floor.median)} ${ms(ours.median)} ${ratio(rate)}  ≤${target}x ${verdict(rate <= target).padEnd(14)} ${positioned}`,
    );
  }
}

async function schemaSection(reports: GeneratedReport[], runs: number): Promise<void> {
  console.log(
    '\n2. our validation vs vscode-json-languageservice with a JSON Schema for RFC 8460 (same text)',
  );
  console.log(
    '   size     findings-rate   json-ls  (diagnostics)       ours  (findings)   json-ls / ours   target',
  );
  const service = getLanguageService({});
  service.configure({
    validate: true,
    schemas: [{ uri: rfc8460ReportSchema.$id, fileMatch: ['*.json'], schema: rfc8460ReportSchema }],
  });
  for (const r of reports) {
    const text = readFileSync(r.json, 'utf8');
    const n = r.megabytes >= 100 ? 1 : runsFor(r.megabytes, runs);
    warmUp = r.megabytes <= 1 ? 30 : 0;
    const pair = await timePairs(
      n,
      () => parseReport(text),
      async () => {
        const document = TextDocument.create('file:///report.json', 'json', 1, text);
        return service.doValidation(document, service.parseJSONDocument(document), {
          schemaValidation: 'error',
        });
      },
    );
    const editor = { median: pair.b, result: pair.resultB };
    const ours = { median: pair.a, result: pair.resultA };
    const x = pair.ratio;
    console.log(
      `   ${mb(r.bytes).padEnd(9)}${`${Math.round(r.findingRate * 100)} %`.padStart(8)}  ${ms(editor.median)} ${String((editor.result as unknown[]).length).padStart(10)}  ${ms(ours.median)} ${String((ours.result as ReturnType<typeof parseReport>).findings.length).padStart(10)}   ${`${x.toFixed(1)}x faster`.padStart(14)}   ≥5x ${verdict(x >= 5)}`,
    );
  }
}

function aggregationSection(runs: number, largest: GeneratedReport | undefined): void {
  console.log('\n3. summarising a year of daily reports from three senders, and one large report');
  const year = generateYear(2024);
  const bytes = year.reduce((n, r) => n + r.text.length, 0);
  const start = performance.now();
  const inputs: SummaryInput[] = year.map((r) => ({ report: parseReport(r.text).value!, source: r.name }));
  const readMs = performance.now() - start;
  warmUp = 1;
  const summary = time(runs, () => summarizeReports(inputs));
  const s = summary.result as ReturnType<typeof summarizeReports>;
  console.log(
    `   ${year.length} reports (${mb(bytes)}): read ${ms(readMs)}; summarised in ${ms(summary.median)} (target < 1000 ms: ${verdict(summary.median < 1000)})`,
  );
  console.log(
    `   ${s.reports} distinct, ${s.duplicates} duplicates counted once; ${s.byDay.length} days, ${s.bySendingSource.length} sending sources, ${s.byPolicyDomain.length} policy domains`,
  );
  if (largest) {
    const report = parseReport(readFileSync(largest.json, 'utf8')).value!;
    const details = report.policies.reduce((n, p) => n + p.failureDetails.length, 0);
    warmUp = 0;
    const one = time(Math.max(1, Math.ceil(runs / 2)), () => summarizeReports([{ report }]));
    console.log(
      `   one report of ${mb(largest.bytes)} (${details} failure details): summarised in ${ms(one.median)}`,
    );
  }
}

function memorySection(reports: GeneratedReport[]): void {
  console.log(
    '\n4. peak memory of reading one report, and of the whole `report` command on it (cli: read, summarise, print;',
  );
  console.log('   each in a fresh process; peak RSS − RSS before)');
  console.log('   file                 mode           JSON size     peak extra   × JSON size   target');
  const self = fileURLToPath(import.meta.url);
  for (const r of reports) {
    const cases: [MemoryMode, string][] = [
      ['json-parse', r.json],
      ['ours', r.json],
      ['ours-gz', r.gzip],
      ['cli', r.json],
      ['cli-gz', r.gzip],
    ];
    for (const [mode, file] of cases) {
      const child = spawnSync(
        process.execPath,
        ['--expose-gc', self, '--memory', mode, file, String(r.bytes)],
        { encoding: 'utf8', maxBuffer: 1 << 20 },
      );
      const line = child.stdout.trim().split('\n').pop() ?? '';
      let m: MemoryResult;
      try {
        m = JSON.parse(line) as MemoryResult;
      } catch {
        console.log(`   ${mode}: failed (${child.stderr.trim().split('\n').pop() ?? child.status})`);
        continue;
      }
      const extra = m.peakBytes - m.baselineBytes;
      const x = extra / m.jsonBytes;
      const name = `${r.megabytes} MB, ${Math.round(r.findingRate * 100)} %`;
      console.log(
        `   ${name.padEnd(20)} ${mode.padEnd(12)} ${mb(m.jsonBytes).padStart(10)} ${mb(extra).padStart(14)} ${ratio(x).padStart(12)}   ${mode === 'json-parse' ? '(floor)' : `<3x ${verdict(x < 3)}`}`,
      );
    }
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '1,20,100' },
      runs: { type: 'string', default: '3' },
      'no-memory': { type: 'boolean', default: false },
      memory: { type: 'string' },
    },
    allowPositionals: true,
    strict: false,
  });
  if (typeof values.memory === 'string') {
    const [file = '', bytes = '0'] = process.argv.slice(process.argv.indexOf(values.memory) + 1);
    const result = await measureMemory(values.memory as MemoryMode, file, Number(bytes));
    console.log(JSON.stringify(result));
    return;
  }
  const sizes = String(values.sizes)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const runs = Math.max(1, Number(values.runs) || 3);
  console.log(`TLS-RPT report benchmarks on ${machine()}`);
  const started = performance.now();
  const reports = sizes.flatMap((size) => [0.01, 0.5].map((rate) => ensureGeneratedReport(size, rate)));
  console.log(
    `inputs ready in ${ms(performance.now() - started)} (seeded, cached in test/fixtures/generated/)`,
  );
  await parseSection(reports, runs);
  await schemaSection(reports, runs);
  aggregationSection(runs * 2, reports.filter((r) => r.findingRate <= 0.01).at(-1));
  if (!values['no-memory']) {
    memorySection(reports.filter((r) => r.megabytes === Math.max(...sizes)));
  }
  console.log(
    `\ndone in ${(performance.now() - started) / 1000 > 0 ? ((performance.now() - started) / 1000).toFixed(0) : '0'} s`,
  );
}

await main();
