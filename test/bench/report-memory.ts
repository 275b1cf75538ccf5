/**
 * Peak memory of reading one report, measured in a fresh process so nothing else is on the heap: the process's
 * peak resident set (`maxRSS`) minus its resident set before reading, set against the size of the report JSON.
 * Modes: `json-parse` (read the file, decode, `JSON.parse`: the floor), `ours` (read the file, `readReportBytes`:
 * what `sts-inspector report` does with a `.json`), `ours-gz` (the `.json.gz`, decompressed as a stream).
 * The parent (report-bench.ts) spawns this with `--memory <mode> <file> <jsonBytes>`; it prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { readReportBytes, webGunzipStream } from '@sts-inspector/shared';

export type MemoryMode = 'json-parse' | 'ours' | 'ours-gz';

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
    const text = new TextDecoder().decode(readFileSync(file));
    keep = JSON.parse(text) as unknown;
  } else {
    // The bound `sts-inspector report` uses (the core's default, 64 MiB, would refuse 100 MB: RPT129).
    // As the CLI reads a file (`readInput`): a view of the bytes read, not a copy.
    const bytes = readFileSync(file);
    const read = await readReportBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      gunzipStream: webGunzipStream(),
      maxDecompressedBytes: 256 * 1024 * 1024,
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
