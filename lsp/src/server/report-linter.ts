/**
 * Where report documents are linted: in a worker thread (the built server), so a 50 MB report never holds up
 * typing in another document, or in this thread (unit tests, where no worker bundle exists). Jobs run one at a
 * time in order; callers drop results of stale versions.
 */
import { Worker } from 'node:worker_threads';
import type { ReportOutlineEntry, ReportSummary } from '@sts-inspector/shared';
import { readReportInput } from '../cli/files.js';
import { ReportStore, type FileSummary, type ReportJob, type ReportJobResult } from './report-work.js';

/** Lints reports and summarises them for the preview. */
export interface ReportLinter {
  lint(job: ReportJob): Promise<ReportJobResult>;
  summary(uri: string, version: number): Promise<ReportSummary | undefined>;
  /** The summary of a report file no editor has open, read from disk within the CLI's bounds. */
  summaryOfFile(path: string): Promise<FileSummary>;
  outline(uri: string, version: number): Promise<ReportOutlineEntry[]>;
  forget(uri: string): void;
  dispose(): Promise<void>;
}

/** A message to the worker. */
export type WorkerRequest =
  | { id: number; op: 'lint'; job: ReportJob }
  | { id: number; op: 'summary'; uri: string; version: number }
  | { id: number; op: 'summaryOfFile'; path: string }
  | { id: number; op: 'outline'; uri: string; version: number }
  | { id: number; op: 'forget'; uri: string };

/**
 * A message from the worker. The value travels as JSON text: copying one string across threads and parsing it is
 * several times faster than the structured clone of a thousand findings' objects.
 */
export type WorkerResponse =
  { id: number; ok: true; json: string | undefined } | { id: number; ok: false; error: string };

/** Linting in this thread. */
export function createInThreadLinter(): ReportLinter {
  const store = new ReportStore();
  return {
    lint: (job) => store.lint(job),
    summary: (uri, version) => Promise.resolve(store.summary(uri, version)),
    summaryOfFile: (path) => summaryOfFile(store, path),
    outline: (uri, version) => Promise.resolve(store.outline(uri, version)),
    forget: (uri) => store.forget(uri),
    dispose: () => Promise.resolve(),
  };
}

/** Linting in a worker thread running `source` (the bundled `lint-worker.ts`, as CommonJS). */
export function createWorkerLinter(source: string): ReportLinter {
  let worker: Worker | undefined;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const failAll = (error: Error): void => {
    for (const p of pending.values()) {
      p.reject(error);
    }
    pending.clear();
    worker = undefined;
  };
  const start = (): Worker => {
    const w = new Worker(source, { eval: true });
    w.on('message', (m: WorkerResponse) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.ok) {
        p?.resolve(m.json === undefined ? undefined : JSON.parse(m.json));
      } else {
        p?.reject(new Error(m.error));
      }
    });
    w.on('error', (error) => failAll(error));
    w.on('exit', () => failAll(new Error('the lint worker stopped')));
    // The server exits when its client goes; the worker does not keep it alive.
    w.unref();
    return w;
  };
  type Request = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;
  const send = <T>(message: Request): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ ...message, id });
    });
  return {
    lint: (job) => send<ReportJobResult>({ op: 'lint', job }),
    summary: (uri, version) => send<ReportSummary | undefined>({ op: 'summary', uri, version }),
    summaryOfFile: (path) => send<FileSummary>({ op: 'summaryOfFile', path }),
    outline: (uri, version) => send<ReportOutlineEntry[]>({ op: 'outline', uri, version }),
    forget: (uri) => {
      if (worker) {
        void send({ op: 'forget', uri }).catch(() => undefined);
      }
    },
    dispose: async () => {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}

/** Read a report file from disk and summarise it; a file that cannot be read says why, as the CLI does. */
export async function summaryOfFile(store: ReportStore, path: string): Promise<FileSummary> {
  let content: Uint8Array | string;
  try {
    content = await readReportInput(path);
  } catch (error) {
    return { summary: undefined, error: error instanceof Error ? error.message : String(error) };
  }
  return store.summaryOfFile(path, content);
}
