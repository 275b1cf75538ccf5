/** `sts-inspector report <file…>`: one summary of many TLS-RPT reports, per sending source and per result type. */
import { readReportBytes, summarizeReports, type Finding, type SummaryInput } from '@sts-inspector/shared';
import { createZlibDecompressor } from '../../node/zlib-decompressor.js';
import { exitCodeFor } from '../exit-code.js';
import { expandInputs, readInput } from '../files.js';
import { UsageError, type CliIo } from '../io.js';
import { printJson, toJsonFinding } from '../output/json.js';
import { formatSummary } from '../output/summary-text.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface ReportArgs {
  files: string[];
  format: 'text' | 'json';
}

const reportFile = (name: string): boolean => /\.json(\.gz)?$/i.test(name);

export async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  const files = await expandInputs(args.files, reportFile);
  if (files.length === 0) {
    throw new UsageError('no report files (.json, .json.gz) found');
  }
  const decompress = createZlibDecompressor();
  const perFile: { file: string; findings: Finding[]; parsed: boolean }[] = [];
  const inputs: SummaryInput[] = [];
  for (const file of files) {
    const read = await readReportBytes(await readInput(file), { decompress });
    perFile.push({ file, findings: read.findings, parsed: read.value !== undefined });
    if (read.value) {
      inputs.push({ report: read.value, source: file });
    }
  }
  const summary = summarizeReports(inputs);
  if (args.format === 'json') {
    io.stdout.write(
      printJson('report', {
        files: perFile.map((f) => ({
          file: f.file,
          parsed: f.parsed,
          findings: f.findings.map(toJsonFinding),
        })),
        summary,
      }),
    );
  } else {
    io.stdout.write(formatSummary(summary, perFile, createStyle(wantsColour(io.stdout, io.env))));
  }
  return Math.max(...perFile.map((f) => exitCodeFor(f.findings)));
}
