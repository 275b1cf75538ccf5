/** `sts-inspector lint <file…>`: policies, records and reports, each by name or content. */
import {
  detectKind,
  lintDocument,
  type DocumentKind,
  type Finding,
  type FindingCounts,
} from '@sts-inspector/shared';
import { createZlibDecompressor } from '../../node/zlib-decompressor.js';
import { exitCodeForCounts } from '../exit-code.js';
import { expandInputs, readInput } from '../files.js';
import { UsageError, type CliIo } from '../io.js';
import { countLine, formatFindingLine, safeText } from '../output/findings-text.js';
import { printJson, toJsonFinding } from '../output/json.js';
import { toSarif } from '../output/sarif.js';
import { createStyle, wantsColour } from '../output/style.js';

export interface LintArgs {
  files: string[];
  kind: DocumentKind | undefined;
  format: 'text' | 'json' | 'sarif';
  version: string;
}

const lintable = (name: string): boolean => /(^mta-sts\.txt$|\.txt$|\.json$|\.json\.gz$)/i.test(name);

export async function runLint(args: LintArgs, io: CliIo): Promise<number> {
  const files = await expandInputs(args.files, lintable);
  if (files.length === 0) {
    throw new UsageError('no files to lint');
  }
  const explicit = new Set(args.files);
  const decompress = createZlibDecompressor();
  const results: { file: string; kind: DocumentKind; findings: Finding[]; counts: FindingCounts }[] = [];
  for (const file of files) {
    const bytes = await readInput(file);
    const kind = args.kind ?? detectKind(file, bytes);
    if (!kind) {
      if (!explicit.has(file)) {
        // Found by walking a folder: other text files may live beside policies and reports.
        io.stderr.write(`sts-inspector: skipped ${safeText(file)}: not a policy, record or report\n`);
        continue;
      }
      throw new UsageError(
        `${file}: cannot tell what this file is; name policies mta-sts.txt or pass --kind policy|sts-record|tlsrpt-record|report`,
      );
    }
    const result = await lintDocument(kind, bytes, { decompress, fileName: file });
    results.push({ file, kind, findings: result.findings, counts: result.counts });
  }
  if (results.length === 0) {
    throw new UsageError('no policy, record or report among the files given');
  }
  if (args.format === 'json') {
    io.stdout.write(
      printJson('lint', {
        files: results.map((r) => ({ file: r.file, kind: r.kind, findings: r.findings.map(toJsonFinding) })),
      }),
    );
  } else if (args.format === 'sarif') {
    io.stdout.write(toSarif(results, args.version));
  } else {
    const style = createStyle(wantsColour(io.stdout, io.env));
    for (const r of results) {
      io.stdout.write(`${style.bold(safeText(r.file))} ${style.dim(`(${r.kind})`)}\n`);
      for (const f of r.findings) {
        io.stdout.write(formatFindingLine(f, style, true) + '\n');
      }
      io.stdout.write(`  ${style.dim(countLine({ ...r.counts, info: r.counts.info + r.counts.hint }))}\n\n`);
    }
  }
  return Math.max(...results.map((r) => exitCodeForCounts(r.counts)));
}
