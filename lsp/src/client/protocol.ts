/**
 * The client's side of the custom request the server answers, and of the messages between the extension host and
 * the preview webview. Types only: the client carries these values and never computes them.
 */
import type { ReportSummary } from '@sts-inspector/shared';

/** `stsInspector/reportPreview`: the summary of the report at `uri`. */
export const reportPreviewMethod = 'stsInspector/reportPreview';

export interface ReportPreviewParams {
  uri: string;
}

/**
 * What the server returns: the summary as Markdown (any client can show it; empty when the document is no report)
 * and, where the server gives it, the same summary as data, from which the preview draws its tables and pictures.
 */
export interface ReportPreviewResult {
  uri: string;
  version: number;
  markdown: string;
  summary?: ReportSummary | null;
  /** Why there is no summary of a report file read from disk (its first error, or that it could not be read). */
  error?: string;
}

/** Extension host → webview. */
export type ToPreview =
  | { type: 'preview'; title: string; result: ReportPreviewResult }
  | { type: 'error'; title: string; message: string };

/** Webview → extension host: the script is ready for the latest state. */
export type FromPreview = { type: 'ready' };
