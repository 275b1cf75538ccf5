/**
 * The report viewer: open or drop TLS-RPT reports (`.json`, `.json.gz`, saved report emails `.eml`), read one at
 * a time by a worker, shown as one summary with each file's state and findings. Nothing leaves the browser: the
 * files go to the worker, and the worker only to the core.
 */
import type { ReportPhase, ReportSummary } from '@sts-inspector/shared';
import { formatCount, formatDay } from '@sts-inspector/shared';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FileOutcome, FromWorker, ToWorker, ViewFinding } from './protocol.js';
import { SummaryView } from './summary.js';

/**
 * What the page needs of its worker (a real `Worker`, or the session in-process in tests): its answers, and its
 * `error` (it could not start, or it died) and `messageerror` (an answer was lost) events.
 */
export interface WorkerPort {
  postMessage(message: ToWorker): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  removeEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
}

/** Why the worker failed, in words: the error's own message where the browser gives one. */
function workerFailure(event: Event): string {
  const message = event.type === 'error' ? (event as ErrorEvent).message : '';
  const what =
    event.type === 'messageerror' ? 'an answer of the report reader was lost' : 'the report reader stopped';
  return typeof message === 'string' && message.trim() !== '' ? `${what} (${message.trim()})` : what;
}

/** The outcome of a file the worker will never answer about. */
const notRead = (error: string): FileOutcome => ({
  parsed: false,
  error,
  findings: [],
  counts: { error: 0, warning: 0, info: 0, hint: 0 },
});

/** One file the viewer was given. */
interface FileEntry {
  id: number;
  name: string;
  size: number;
  phase?: ReportPhase;
  done?: number | undefined;
  total?: number | undefined;
  outcome?: FileOutcome;
}

const phaseWords: Record<ReportPhase, string> = {
  read: 'reading the file',
  message: 'reading the email',
  decompress: 'decompressing',
  decode: 'decoding',
  parse: 'parsing and checking',
  summarise: 'adding to the summary',
};

const plural = (n: number, word: string): string => `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : bytes >= 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${bytes} bytes`;
}

function where(f: ViewFinding): string {
  const at = f.line === undefined ? '' : `line ${f.line}, column ${f.column ?? 1}`;
  return [at, f.path ?? ''].filter((x) => x !== '').join(' · ');
}

function Findings({ outcome }: { outcome: FileOutcome }) {
  const { counts, findings } = outcome;
  const total = counts.error + counts.warning + counts.info + counts.hint;
  if (total === 0) {
    return null;
  }
  const line = [
    counts.error > 0 ? plural(counts.error, 'error') : '',
    counts.warning > 0 ? plural(counts.warning, 'warning') : '',
    counts.info + counts.hint > 0 ? `${formatCount(counts.info + counts.hint)} info` : '',
  ]
    .filter((x) => x !== '')
    .join(', ');
  return (
    <details class="findings" open={counts.error > 0}>
      <summary>{line}</summary>
      <ul>
        {findings.map((f, i) => (
          <li key={i} class={`finding ${f.severity}`} data-code={f.code}>
            <span class="severity">{f.severity}</span> <code>{f.code}</code>{' '}
            {where(f) === '' ? null : <span class="where">{where(f)}: </span>}
            <span class="message">{f.message}</span>
          </li>
        ))}
      </ul>
      {total > findings.length ? (
        <p class="note">{plural(total - findings.length, 'more finding')} counted, not listed.</p>
      ) : null}
    </details>
  );
}

function FileRow({ entry }: { entry: FileEntry }) {
  const { outcome } = entry;
  let state: string;
  if (outcome === undefined) {
    const percent =
      entry.done !== undefined && entry.total !== undefined && entry.total > 0
        ? ` ${Math.min(100, Math.floor((entry.done / entry.total) * 100))}%`
        : '';
    state = entry.phase === undefined ? 'waiting' : `${phaseWords[entry.phase]}${percent}`;
  } else if (outcome.error !== undefined) {
    state = `not read: ${outcome.error}`;
  } else if (!outcome.parsed) {
    state = 'no report could be read from it';
  } else {
    const from = [
      outcome.kind === 'report-email' ? 'email' : 'report',
      outcome.organization ?? 'unknown organisation',
      outcome.dateRange
        ? `${formatDay(outcome.dateRange.startMs)} to ${formatDay(outcome.dateRange.endMs)}`
        : 'no dates',
    ];
    state = from.join(' · ');
  }
  const status = outcome === undefined ? 'busy' : outcome.parsed ? 'read' : 'failed';
  return (
    <li class={`file ${status}`} data-file={entry.name} data-status={status}>
      <div class="file-line">
        <span class="file-name">{entry.name}</span>
        <span class="file-size">{sizeText(entry.size)}</span>
        <span class="file-state">{state}</span>
        {outcome === undefined && entry.phase !== undefined ? (
          <progress
            max={entry.total ?? 1}
            value={entry.total === undefined ? undefined : (entry.done ?? 0)}
            aria-label={`Progress of ${entry.name}`}
          />
        ) : null}
      </div>
      {outcome === undefined ? null : <Findings outcome={outcome} />}
    </li>
  );
}

export function Viewer({ worker }: { worker: WorkerPort }) {
  const [files, setFiles] = useState<FileEntry[]>([]);
  const [summary, setSummary] = useState<ReportSummary | null>(null);
  const [dragging, setDragging] = useState(false);
  /** Why the worker cannot read anything any more; null while it works. */
  const [failure, setFailure] = useState<string | null>(null);
  const failed = useRef<string | null>(null);
  const nextId = useRef(1);
  /** The ids of the files listed now. */
  const known = useRef(new Set<number>());

  useEffect(() => {
    const listener = (event: MessageEvent<FromWorker>): void => {
      const message = event.data;
      if (message.type === 'cleared') {
        setSummary(null);
        return;
      }
      // Answers about files cleared away, or from a worker given up for dead, are late news: drop them.
      if (failed.current !== null || !known.current.has(message.id)) {
        return;
      }
      setFiles((current) =>
        current.map((f) => {
          if (f.id !== message.id) {
            return f;
          }
          if (message.type === 'progress') {
            return { ...f, phase: message.phase, done: message.done, total: message.total };
          }
          return { ...f, outcome: message.outcome };
        }),
      );
      if (message.type === 'file') {
        setSummary(message.summary);
      }
    };
    // A worker that could not start, or died, answers nothing more: every file still waiting says so.
    const onFailure = (event: Event): void => {
      if (failed.current !== null) {
        return;
      }
      const why = workerFailure(event);
      failed.current = why;
      setFailure(why);
      setFiles((current) =>
        current.map((f) => (f.outcome === undefined ? { ...f, outcome: notRead(why) } : f)),
      );
    };
    worker.addEventListener('message', listener);
    worker.addEventListener('error', onFailure);
    worker.addEventListener('messageerror', onFailure);
    return () => {
      worker.removeEventListener('message', listener);
      worker.removeEventListener('error', onFailure);
      worker.removeEventListener('messageerror', onFailure);
    };
  }, [worker]);

  const add = (list: FileList | readonly File[] | null): void => {
    if (list === null) {
      return;
    }
    const added: FileEntry[] = [];
    for (const file of Array.from(list)) {
      const id = nextId.current++;
      if (failed.current !== null) {
        added.push({ id, name: file.name, size: file.size, outcome: notRead(failed.current) });
        continue;
      }
      added.push({ id, name: file.name, size: file.size });
      known.current.add(id);
      worker.postMessage({ type: 'add', id, file, name: file.name });
    }
    setFiles((current) => current.concat(added));
  };
  const clear = (): void => {
    worker.postMessage({ type: 'clear' });
    known.current.clear();
    setFiles([]);
    setSummary(null);
  };

  // Files dropped anywhere on the page (listeners by their DOM names, as every DOM spells them).
  const mainRef = useRef<HTMLElement>(null);
  const addRef = useRef(add);
  addRef.current = add;
  useEffect(() => {
    const main = mainRef.current;
    if (main === null) {
      return undefined;
    }
    const over = (e: Event): void => {
      e.preventDefault();
      setDragging(true);
    };
    const leave = (): void => setDragging(false);
    const drop = (e: Event): void => {
      e.preventDefault();
      setDragging(false);
      addRef.current((e as DragEvent).dataTransfer?.files ?? null);
    };
    main.addEventListener('dragover', over);
    main.addEventListener('dragleave', leave);
    main.addEventListener('drop', drop);
    return () => {
      main.removeEventListener('dragover', over);
      main.removeEventListener('dragleave', leave);
      main.removeEventListener('drop', drop);
    };
  }, []);

  const busy = files.filter((f) => f.outcome === undefined).length;
  // The same element while the summary is the same: progress of the next file does not redraw its tables.
  const shown = useMemo(
    () =>
      summary === null ? null : summary.reports === 0 ? (
        <p class="note" data-empty-summary>
          No report read yet.
        </p>
      ) : (
        <SummaryView summary={summary} />
      ),
    [summary],
  );
  return (
    <main class={dragging ? 'viewer dragging' : 'viewer'} data-busy={busy} ref={mainRef}>
      <header>
        <h1>TLS reports</h1>
        <p class="private">Reports are read in this browser tab. Nothing is sent anywhere.</p>
      </header>
      {failure === null ? null : (
        <p class="error" role="alert" data-worker-error>
          Reports cannot be read: {failure}. Reload the page to try again.
        </p>
      )}
      <section class="opener" aria-label="Open reports">
        <label class="drop">
          <span>
            Open or drop TLS-RPT reports: <code>.json</code>, <code>.json.gz</code> or saved report emails{' '}
            <code>.eml</code>, one or many.
          </span>
          <input
            type="file"
            multiple
            accept=".json,.gz,.eml,application/json,application/gzip,application/tlsrpt+json,application/tlsrpt+gzip,message/rfc822"
            onChange={(e) => {
              const input = e.target as HTMLInputElement;
              add(input.files);
              input.value = '';
            }}
          />
        </label>
        {files.length > 0 ? (
          <button type="button" class="clear" onClick={clear}>
            Clear
          </button>
        ) : null}
      </section>
      {files.length > 0 ? (
        <section class="files" aria-label="Files">
          <h2>
            Files{' '}
            <span class="count">
              {plural(files.length, 'file')}
              {busy > 0 ? `, ${formatCount(busy)} to go` : ''}
            </span>
          </h2>
          <ul>
            {files.map((f) => (
              <FileRow key={f.id} entry={f} />
            ))}
          </ul>
        </section>
      ) : null}
      {shown}
    </main>
  );
}
