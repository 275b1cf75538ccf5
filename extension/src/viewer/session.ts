/**
 * The report viewer's reading session, run in its worker: files are read one at a time with the core's report
 * reader (gzip through the browser's `DecompressionStream` behind the core's streaming gunzip port, with the core's
 * size bounds), each report is added to one incremental summary and then let go, and only a bounded number of
 * findings is kept. Progress is told per file and phase, at most about once per percent. No DOM: it runs in a
 * worker, and in tests in-process.
 */
import {
  createSummarizer,
  formatCount,
  limits,
  readReportFile,
  webGunzipStream,
  type Finding,
  type ReportProgress,
  type ReportSummary,
} from '@sts-inspector/shared';
import type { FileOutcome, FromWorker, ToWorker, ViewFinding } from './protocol.js';

/** The bounds of a session. */
export interface SessionLimits {
  /** Largest file read (the core's input bound). */
  fileBytes: number;
  /** Findings listed per file; the others are counted by severity. */
  findingsPerFile: number;
  /** Findings held across all files of the session; past it files list none, only their counts. */
  findingsHeld: number;
}

export const defaultSessionLimits: SessionLimits = {
  fileBytes: limits.inputBytes,
  findingsPerFile: 200,
  findingsHeld: 5000,
};

const MiB = 1024 * 1024;
const sizeText = (bytes: number): string =>
  bytes >= MiB ? `${formatCount(Math.round(bytes / MiB))} MiB` : `${formatCount(bytes)} bytes`;

/** A JSON path as people write it: `policies[0]["failure-details"][3]`. */
function pathText(path: readonly (string | number)[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_$][\w$]*$/.test(part)
          ? `${i === 0 ? '' : '.'}${part}`
          : `[${JSON.stringify(part)}]`,
    )
    .join('');
}

function viewFinding(f: Finding): ViewFinding {
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    ...(f.range ? { line: f.range.start.line + 1, column: f.range.start.character + 1 } : {}),
    ...(f.path && f.path.length > 0 ? { path: pathText(f.path) } : {}),
  };
}

/** The bytes of a file, read in chunks so progress can be told. */
async function readBytes(file: Blob, tell: (p: ReportProgress) => void): Promise<Uint8Array> {
  const total = file.size;
  tell({ phase: 'read', done: 0, total });
  if (typeof file.stream !== 'function') {
    const bytes = new Uint8Array(await file.arrayBuffer());
    tell({ phase: 'read', done: bytes.length, total });
    return bytes;
  }
  const out = new Uint8Array(total);
  const reader = file.stream().getReader();
  let done = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) {
      break;
    }
    if (done + chunk.value.length > total) {
      // The file grew while it was read: keep what its size said.
      await reader.cancel();
      break;
    }
    out.set(chunk.value, done);
    done += chunk.value.length;
    tell({ phase: 'read', done, total });
  }
  return out.subarray(0, done);
}

/** Progress events thinned to phase changes and steps of about 1 % (or 1 MiB when the total is unknown). */
function thinned(send: (p: ReportProgress) => void): (p: ReportProgress) => void {
  let phase = '';
  let last = 0;
  return (p) => {
    const step = p.total !== undefined && p.total > 0 ? p.total / 100 : MiB;
    const done = p.done ?? 0;
    if (p.phase !== phase || done - last >= step || (p.total !== undefined && done === p.total)) {
      phase = p.phase;
      last = done;
      send(p);
    }
  };
}

/** A session: answers each message with what the page shows. */
export interface ReportSession {
  handle(message: ToWorker): Promise<void>;
}

/** A session that sends its answers through `post`. */
export function createReportSession(
  post: (message: FromWorker) => void,
  bounds: Partial<SessionLimits> = {},
): ReportSession {
  const { fileBytes, findingsPerFile, findingsHeld } = { ...defaultSessionLimits, ...bounds };
  const gunzipStream = webGunzipStream();
  let summarizer = createSummarizer();
  let held = 0;
  /** How many clears were asked for: files sent before the last one are not read. */
  let cleared = 0;
  // Files are read strictly one after another, however fast they are sent.
  let queue: Promise<void> = Promise.resolve();

  const readOne = async (id: number, file: Blob, name: string): Promise<FileOutcome> => {
    const tell = thinned((p) => post({ type: 'progress', id, ...p }));
    if (file.size > fileBytes) {
      return {
        parsed: false,
        error: `${sizeText(file.size)}, larger than the ${sizeText(fileBytes)} read`,
        findings: [],
        counts: { error: 0, warning: 0, info: 0, hint: 0 },
      };
    }
    const bytes = await readBytes(file, tell);
    const read = await readReportFile(name, bytes, {
      gunzipStream,
      maxDecompressedBytes: limits.reportBytes,
      maxEmailBytes: limits.emailBytes,
      maxFindings: Math.min(findingsPerFile, Math.max(0, findingsHeld - held)),
      onProgress: tell,
    });
    held += read.findings.length;
    const report = read.value;
    if (report) {
      tell({ phase: 'summarise' });
      summarizer.add(report, name);
    }
    const email = read.email;
    return {
      kind: read.kind,
      parsed: report !== undefined,
      findings: read.findings.map(viewFinding),
      counts: read.counts,
      ...(report?.organizationName ? { organization: report.organizationName } : {}),
      ...(report?.reportId ? { reportId: report.reportId } : {}),
      ...(report?.dateRange?.startMs !== undefined && report.dateRange.endMs !== undefined
        ? { dateRange: { startMs: report.dateRange.startMs, endMs: report.dateRange.endMs } }
        : {}),
      ...(email?.subject ? { subject: email.subject } : {}),
      ...(email?.from ? { from: email.from } : {}),
    };
  };

  const add = async (id: number, file: Blob, name: string): Promise<void> => {
    let outcome: FileOutcome;
    try {
      outcome = await readOne(id, file, name);
    } catch (error) {
      // The core never throws on bad input; this is the browser failing to read the file.
      outcome = {
        parsed: false,
        error: `could not be read: ${error instanceof Error ? error.message : String(error)}`,
        findings: [],
        counts: { error: 0, warning: 0, info: 0, hint: 0 },
      };
    }
    const summary: ReportSummary = summarizer.result();
    post({ type: 'file', id, outcome, summary });
  };

  return {
    handle(message) {
      // A clear drops the files still waiting at once; the one being read finishes into the old summary.
      const generation = message.type === 'clear' ? ++cleared : cleared;
      queue = queue.then(async () => {
        if (message.type === 'clear') {
          summarizer = createSummarizer();
          held = 0;
          post({ type: 'cleared', summary: summarizer.result() });
        } else if (generation === cleared) {
          await add(message.id, message.file, message.name);
        }
      });
      return queue;
    },
  };
}
