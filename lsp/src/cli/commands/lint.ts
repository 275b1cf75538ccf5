/**
 * `sts-inspector lint <file|folder…>`: policies, records, reports and report emails, each told by name or content
 * (the core's `detectFileKind`) or by `--kind`. Each file's result is written when it is linted and then let go; a
 * file that cannot be read is that file's error, and the others are still linted.
 */
import {
  detectFileKind,
  lintDocument,
  type DocumentKind,
  type Finding,
  type FindingCounts,
} from '@sts-inspector/shared/lint';
export { documentKinds } from '@sts-inspector/shared/lint';
import { createZlibDecompressor } from '../../node/zlib-decompressor.js';
import { EXIT_OK, EXIT_USAGE, exitCodeForCounts, type FailOn } from '../exit-code.js';
import { expandInputs, readHead, readInput } from '../files.js';
import { createInputTally, eachInput } from '../inputs.js';
import { UsageError, type CliIo } from '../io.js';
import { reportReadLimits } from '../limits.js';
import { countLine, formatFindingLine, maxShownLineChars, safeText } from '../output/findings-text.js';
import { toJsonFinding } from '../output/json.js';
import { pipeText, startJsonDocument } from '../output/json-stream.js';
import { startSarif } from '../output/sarif.js';
import { sinkOf } from '../output/sink.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface LintArgs {
  files: string[];
  kind: DocumentKind | undefined;
  format: 'text' | 'json' | 'sarif';
  version: string;
  verbose: boolean;
  failOn: FailOn;
}

/** Where each file's result goes, in the chosen format. */
interface LintOutput {
  result: (
    file: string,
    kind: DocumentKind,
    findings: readonly Finding[],
    counts: FindingCounts,
  ) => Promise<void>;
  error: (file: string, message: string) => Promise<void>;
  end: () => Promise<void>;
}

async function outputFor(args: LintArgs, io: CliIo): Promise<LintOutput> {
  const sink = sinkOf(io.stdout);
  switch (args.format) {
    case 'json': {
      const doc = await startJsonDocument(sink, 'lint', 'files');
      return {
        result: (file, kind, findings, counts) =>
          doc.add({ file, kind, counts, findings: findings.map(toJsonFinding) }),
        error: (file, message) => doc.add({ file, error: message, findings: [] }),
        end: () => doc.end(),
      };
    }
    case 'sarif': {
      const sarif = await startSarif(sink, args.version);
      return {
        result: (file, _kind, findings) => sarif.file(file, findings),
        error: (file, message) => {
          sarif.fileError(file, message);
          return Promise.resolve();
        },
        end: sarif.end,
      };
    }
    case 'text': {
      const style = createStyle(wantsColour(io.stdout, io.env));
      const name = (file: string): string => style.bold(safeText(file, maxShownLineChars));
      return {
        result: (file, kind, findings, counts) =>
          pipeText(
            (function* () {
              yield `${name(file)} ${style.dim(`(${kind})`)}\n`;
              for (const f of findings) {
                yield formatFindingLine(f, style, true) + '\n';
              }
              yield `  ${style.dim(countLine({ ...counts, info: counts.info + counts.hint }))}\n\n`;
            })(),
            sink,
          ),
        error: (file, message) =>
          sink.write(`${name(file)}\n  ${style.severity('error', 'error')}  ${safeText(message)}\n\n`),
        end: () => Promise.resolve(),
      };
    }
  }
}

export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  const entries = await expandInputs(args.files);
  const tally = createInputTally(io, args.verbose, 'lint');
  const decompress = createZlibDecompressor();
  let output: LintOutput | undefined;
  // Opened at the first file to show, so that a run with nothing to lint writes no empty document.
  const out = async (): Promise<LintOutput> => (output ??= await outputFor(args, io));
  let linted = 0;
  let exitCode = EXIT_OK;
  const failed = async (file: string, message: string): Promise<void> => {
    tally.failed(file, message);
    await (await out()).error(file, message);
  };
  await eachInput(entries, tally, failed, async (entry) => {
    let kind = args.kind;
    if (kind === undefined) {
      const decision = detectFileKind(entry.path, await readHead(entry.path));
      if (decision.kind === undefined) {
        if (entry.explicit) {
          await failed(
            entry.path,
            `cannot tell what this file is (${decision.reason}); name a policy mta-sts.txt or pass --kind policy|sts-record|tlsrpt-record|report|report-email`,
          );
        } else {
          tally.skip(entry.path, decision.reason);
        }
        return;
      }
      kind = decision.kind;
    }
    const bytes = await readInput(entry.path);
    // The core lists at most its cap of findings per file and counts all of them.
    const { findings, counts } = await lintDocument(kind, bytes, {
      decompress,
      fileName: entry.path,
      ...reportReadLimits,
    });
    linted++;
    exitCode = Math.max(exitCode, exitCodeForCounts(counts, args.failOn));
    await (await out()).result(entry.path, kind, findings, counts);
  });
  if (linted === 0 && tally.failures === 0) {
    tally.end();
    throw new UsageError('no policy, record, report or report email among the files given');
  }
  await (await out()).end();
  tally.end();
  return tally.failures > 0 ? EXIT_USAGE : exitCode;
}
