/**
 * `sts-inspector report <file|folder…>`: one summary of many TLS-RPT reports, whatever they came as: `.json`,
 * `.json.gz` or saved report emails (`.eml`), given one by one or as folders mixing all kinds. Each report is
 * added to the summary as it is read and then let go; a file that cannot be read is that file's error, and the
 * others are still summarised.
 */
import {
  createSummarizer,
  detectFileKind,
  documentKindNames,
  isReportKind,
  readReportFile,
  webGunzipStream,
  type ReportEmail,
} from '@sts-inspector/shared';
import { createZlibDecompressor } from '../../node/zlib-decompressor.js';
import { EXIT_OK, EXIT_USAGE, exitCodeForCounts, type FailOn } from '../exit-code.js';
import { expandInputs, readHead, readReportInput } from '../files.js';
import { createInputTally, eachInput } from '../inputs.js';
import { UsageError, type CliIo } from '../io.js';
import { reportReadLimits } from '../limits.js';
import { toJsonFinding } from '../output/json.js';
import { startJsonDocument } from '../output/json-stream.js';
import { severityCounts } from '../output/findings-text.js';
import { formatSummary, MAX_FINDINGS, type ReportFileResult } from '../output/summary-text.js';
import { sinkOf } from '../output/sink.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface ReportArgs {
  files: string[];
  format: 'text' | 'json';
  verbose: boolean;
  failOn: FailOn;
}

export async function runReport(args: ReportArgs, io: CliIo): Promise<number> {
  const entries = await expandInputs(args.files);
  const tally = createInputTally(io, args.verbose, 'report');
  // Streamed where the runtime can (Node 18+: DecompressionStream), so a large .json.gz is never held twice.
  const decompress = createZlibDecompressor();
  const gunzipStream = webGunzipStream();
  const summarizer = createSummarizer();
  // JSON: each file is written when read. Text: the summary comes first, so the files' first findings are kept.
  const sink = sinkOf(io.stdout);
  const json = args.format === 'json' ? await startJsonDocument(sink, 'report', 'files') : undefined;
  const perFile: ReportFileResult[] = [];
  let read = 0;
  let exitCode = EXIT_OK;
  const failed = async (file: string, message: string): Promise<void> => {
    tally.failed(file, message);
    if (json) {
      await json.add({ file, error: message, parsed: false, findings: [] });
    } else {
      perFile.push({ file, error: message, counts: severityCounts([]), findings: [], parsed: false });
    }
  };
  await eachInput(entries, tally, failed, async (entry) => {
    const decision = detectFileKind(entry.path, await readHead(entry.path));
    if (!isReportKind(decision.kind)) {
      const what = decision.kind === undefined ? decision.reason : documentKindNames[decision.kind];
      if (!entry.explicit) {
        tally.skip(entry.path, what);
        return;
      }
      if (decision.kind !== undefined) {
        // Named on the command line but surely not a report: say which command reads it.
        await failed(entry.path, `${what}, not a report (sts-inspector lint reads it)`);
        return;
      }
      // Named on the command line: read as the report it was given as, and say what is wrong with it.
    }
    const file = entry.path;
    const result = await readReportFile(file, await readReportInput(file), {
      decompress,
      gunzipStream,
      ...reportReadLimits,
    });
    read++;
    exitCode = Math.max(exitCode, exitCodeForCounts(result.counts, args.failOn));
    if (result.value) {
      summarizer.add(result.value, file);
    }
    const email: { email?: ReportEmail } = result.email ? { email: result.email } : {};
    const parsed = result.value !== undefined;
    if (json) {
      // The core lists at most its cap of findings per file; the counts are of all of them.
      await json.add({
        file,
        kind: result.kind,
        parsed,
        ...email,
        counts: result.counts,
        findings: result.findings.map(toJsonFinding),
      });
    } else {
      // Text shows the first findings of a file and counts the rest: only those are kept.
      perFile.push({
        file,
        kind: result.kind,
        findings: result.findings.slice(0, MAX_FINDINGS),
        counts: { ...result.counts, info: result.counts.info + result.counts.hint },
        parsed,
      });
    }
  });
  if (read === 0 && tally.failures === 0) {
    tally.end();
    throw new UsageError('no reports (.json, .json.gz, .eml) among the files given');
  }
  const summary = summarizer.result();
  if (json) {
    await json.end({ summary });
  } else {
    await sink.write(formatSummary(summary, perFile, createStyle(wantsColour(io.stdout, io.env))));
  }
  tally.end();
  return tally.failures > 0 ? EXIT_USAGE : exitCode;
}
