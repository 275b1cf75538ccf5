/**
 * `parseReport` of this tree against `parseReport` of another commit, in one process, on the generated reports of
 * `npm run bench:reports`: each pair times both on the same text after a GC, in an order that alternates from pair
 * to pair, and the median of the per-pair ratios (this tree / the other) is printed with their spread, so a change
 * to the parsers can show that it costs nothing (or what it costs) on a machine busy with other work.
 * usage: bash test/bench/report-compare.sh <commit> [--sizes 1,20,100 --runs 9]
 * Prints figures; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseReport } from '@sts-inspector/shared';
// Bundled from the other commit's `shared/src` (see report-compare.sh).
import { parseReport as parseReportBase } from '@base/shared';
import { ensureGeneratedReport } from '../fixtures/generate-reports.js';
import { pairedRatios, percentile } from './paired.js';

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Time one call after a GC, keeping its result alive until it is timed. */
function timed(f: () => unknown): number {
  gc();
  const start = performance.now();
  const result = f();
  const elapsed = performance.now() - start;
  void result;
  return elapsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '1,20,100' }, runs: { type: 'string', default: '9' } },
    strict: false,
  });
  const sizes = String(values.sizes)
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const base = Math.max(1, Number(values.runs) || 9);
  console.log('parseReport of this tree / of the base commit (median of alternating pairs; spread p10–p90)');
  console.log('   size     findings-rate   pairs      base       this   this/base        p10–p90');
  for (const size of sizes) {
    for (const rate of [0.01, 0.5]) {
      const r = ensureGeneratedReport(size, rate);
      const text = readFileSync(r.json, 'utf8');
      const runs = size <= 1 ? base * 5 : size <= 20 ? base : Math.max(3, Math.ceil(base / 3));
      const warm = size <= 1 ? 30 : size <= 20 ? 2 : 0;
      for (let i = 0; i < warm; i++) {
        parseReport(text);
        parseReportBase(text);
      }
      const pairs = await pairedRatios(
        runs,
        () => Promise.resolve(timed(() => parseReport(text))),
        () => Promise.resolve(timed(() => parseReportBase(text))),
      );
      const ratios = pairs.map((p) => p.ratio);
      const ms = (x: number): string => `${x.toFixed(x >= 100 ? 0 : 1)} ms`.padStart(10);
      console.log(
        `   ${`${(r.bytes / 1e6).toFixed(1)} MB`.padEnd(9)}${`${Math.round(rate * 100)} %`.padStart(8)}  ${String(runs).padStart(10)} ${ms(
          percentile(
            pairs.map((p) => p.b),
            0.5,
          ),
        )} ${ms(
          percentile(
            pairs.map((p) => p.a),
            0.5,
          ),
        )} ${`${percentile(ratios, 0.5).toFixed(2)}x`.padStart(11)}   ${percentile(ratios, 0.1).toFixed(2)}–${percentile(ratios, 0.9).toFixed(2)}x`,
      );
    }
  }
}

await main();
