/**
 * Peak memory of reading one report, measured in a fresh process so nothing else is on the heap: the process's
 * peak resident set (`maxRSS`) minus its resident set before reading, set against the size of the report JSON.
 * Modes: `json-parse` (`readFileSync(file, 'utf8')`, `JSON.parse`: the floor), `ours` (what `sts-inspector report` does
 * with a `.json`: `readReportInput`, `readReportFile`), `ours-gz` (the same with the `.json.gz`), `cli` and `cli-gz`
 * (the whole `sts-inspector report` command: reading, summarising, printing; `findings` is then its exit code).
 * The parent (report-bench.ts) spawns this with `--memory <mode> <file> <jsonBytes>`; it prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { readReportFile, webGunzipStream } from '@sts-inspector/shared';
import { runReport } from '../../lsp/src/cli/commands/report.js';
import { readReportInput } from '../../lsp/src/cli/files.js';
import { reportReadLimits } from '../../lsp/src/cli/limits.js';

export type MemoryMode = 'json-parse' | 'ours' | 'ours-gz' | 'cli' | 'cli-gz';

/** What one measurement printed. */
export interface MemoryResult {
  mode: MemoryMode;
  jsonBytes: number;
  baselineBytes: number;
  peakBytes: number;
  findings: number;
}

const rss = (): number => process.memoryUsage().rss;
const maxRss = (): number => process.resourceUsage().maxRSS * 1024;

/** Measure one mode on one file (in this process, which should be a fresh one). */
export async function measureMemory(
  mode: MemoryMode,
  file: string,
  jsonBytes: number,
): Promise<MemoryResult> {
  (globalThis as { gc?: () => void }).gc?.();
  const baselineBytes = Math.max(rss(), maxRss());
  let findings = 0;
  let keep: unknown;
  if (mode === 'json-parse') {
    // The leanest way Node has: decode while reading (the buffer is freed at once), then `JSON.parse`.
    keep = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } else if (mode === 'cli' || mode === 'cli-gz') {
    // The whole command: read, summarise, print (the text output, thrown away as it is written).
    const sink = { write: (text: string): number => text.length };
    findings = await runReport(
      { files: [file], format: 'text', verbose: false, failOn: 'error' },
      { stdout: sink, stderr: sink, env: {} },
    );
    keep = findings;
  } else {
    // What `sts-inspector report` does: a plain .json decoded as it is read, a .json.gz decompressed as a stream.
    const read = await readReportFile(file, await readReportInput(file), {
      gunzipStream: webGunzipStream(),
      // The CLI's bounds (the core's default, 64 MiB, would refuse 100 MB: RPT129).
      ...reportReadLimits,
    });
    findings = read.findings.length;
    keep = read;
  }
  const peakBytes = maxRss();
  if (keep === undefined) {
    throw new Error('nothing read');
  }
  return { mode, jsonBytes, baselineBytes, peakBytes, findings };
}
