/**
 * `sts-inspector report <file|folder…>`: one summary of many TLS-RPT reports, whatever they came as: `.json`,
 * `.json.gz` or saved report emails (`.eml`), given one by one or as folders mixing all kinds.
 */
import {
  readReportFile,
  summarizeReports,
  webGunzipStream,
  type ReportEmail,
  type SummaryInput,
} from '@sts-inspector/shared';
import { createZlibDecompressor } from '../../node/zlib-decompressor.js';
import { EXIT_OK, exitCodeForCounts } from '../exit-code.js';
import { expandInputs, MAX_FILE_BYTES, readReportInput } from '../files.js';
import { UsageError, type CliIo } from '../io.js';
import { SCHEMA_VERSION, toJsonFinding } from '../output/json.js';
import { formatSummary, MAX_FINDINGS, type ReportFileResult } from '../output/summary-text.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface ReportArgs {
  files: string[];
  format: 'text' | 'json';
}

/** What a folder contributes: reports (`.json`, `.json.gz`) and saved report emails (`.eml`). */
const reportFile = (name: string): boolean => /\.(json|json\.gz|eml)$/i.test(name);

export async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  const files = await expandInputs(args.files, reportFile);
  if (files.length === 0) {
    throw new UsageError('no report files (.json, .json.gz, .eml) found');
  }
  // Streamed where the runtime can (Node 18+: DecompressionStream), so a large .json.gz is never held twice.
  const decompress = createZlibDecompressor();
  const gunzipStream = webGunzipStream();
  const perFile: (ReportFileResult & { email?: ReportEmail })[] = [];
  const inputs: SummaryInput[] = [];
  let exitCode = EXIT_OK;
  for (const file of files) {
    const read = await readReportFile(file, await readReportInput(file), {
      decompress,
      gunzipStream,
      // A report may decompress to as much as a plain report file may hold (100 MB reports fit).
      maxDecompressedBytes: MAX_FILE_BYTES,
      maxEmailBytes: MAX_FILE_BYTES,
    });
    exitCode = Math.max(exitCode, exitCodeForCounts(read.counts));
    perFile.push({
      file,
      kind: read.kind,
      // Text shows the first findings of a file and counts the rest: only those are kept, so that a folder of
      // large reports with many findings each is not held in memory whole.
      findings: args.format === 'json' ? read.findings : read.findings.slice(0, MAX_FINDINGS),
      counts: { ...read.counts, info: read.counts.info + read.counts.hint },
      parsed: read.value !== undefined,
      ...(read.email ? { email: read.email } : {}),
    });
    if (read.value) {
      inputs.push({ report: read.value, source: file });
    }
  }
  const summary = summarizeReports(inputs);
  if (args.format === 'json') {
    // Written in pieces: the findings of one large report can be longer than a string may be.
    writeJson((text) => io.stdout.write(text), 'report', {
      files: perFile.map((f) => ({
        file: f.file,
        kind: f.kind,
        parsed: f.parsed,
        ...(f.email ? { email: f.email } : {}),
        findings: f.findings.map(toJsonFinding),
      })),
      summary,
    });
  } else {
    io.stdout.write(formatSummary(summary, perFile, createStyle(wantsColour(io.stdout, io.env))));
  }
  return exitCode;
}

// The JSON output contract (output/json.ts) written piece by piece: the same text as `printJson`, but never built
// as one string, since a large report's findings can pass the longest string V8 makes (about 512 MiB). Containers
// near the top are streamed element by element; everything deeper goes through `JSON.stringify` as usual.

/** Containers this deep are written whole (findings, summary rows, email metadata). */
const streamedDepth = 4;
/** Text is handed to `write` in pieces of about this many characters. */
const chunk = 1 << 20;

function streamValue(value: unknown, pad: string, depth: number, out: (text: string) => void): void {
  if (typeof value !== 'object' || value === null || depth >= streamedDepth) {
    const json = JSON.stringify(value, null, 2);
    out(pad === '' ? json : json.replace(/\n/g, `\n${pad}`));
    return;
  }
  const inner = `${pad}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out('[]');
      return;
    }
    out('[\n');
    value.forEach((element: unknown, i) => {
      out(inner);
      // As JSON.stringify: holes, undefined and functions in arrays are written as null.
      streamValue(
        element === undefined || typeof element === 'function' ? null : element,
        inner,
        depth + 1,
        out,
      );
      out(i < value.length - 1 ? ',\n' : '\n');
    });
    out(`${pad}]`);
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined && typeof v !== 'function',
  );
  if (entries.length === 0) {
    out('{}');
    return;
  }
  out('{\n');
  entries.forEach(([key, v], i) => {
    out(`${inner}${JSON.stringify(key)}: `);
    streamValue(v, inner, depth + 1, out);
    out(i < entries.length - 1 ? ',\n' : '\n');
  });
  out(`${pad}}`);
}

/** Write `printJson(command, body)` through `write`, in pieces. */
export function writeJson(
  write: (text: string) => unknown,
  command: string,
  body: Record<string, unknown>,
): void {
  let buffer = '';
  const out = (text: string): void => {
    buffer += text;
    if (buffer.length >= chunk) {
      write(buffer);
      buffer = '';
    }
  };
  streamValue({ schemaVersion: SCHEMA_VERSION, tool: 'sts-inspector', command, ...body }, '', 0, out);
  write(`${buffer}\n`);
}
