/**
 * The client's side of the custom request the server answers, and of the messages between the extension host and
 * the preview webview. Types only: the client carries these values and never computes them.
 */
import type { ReportSummary } from '@sts-inspector/shared';

/** `stsInspector/reportPreview`: the summary of the report at `textDocument.uri` (open, or read from disk). */
export const reportPreviewMethod = 'stsInspector/reportPreview';

export interface ReportPreviewParams {
  textDocument: { uri: string };
}

/**
 * What the server returns: the summary as Markdown (any client can show it) and, for clients that draw it, the
 * same summary as data. `summary` is null (or absent) when the document is not a readable report.
 */
export interface ReportPreviewResult {
  markdown: string;
  summary?: ReportSummary | null;
}

/** Extension host → webview. */
export type ToPreview =
  | { type: 'preview'; title: string; result: ReportPreviewResult }
  | { type: 'error'; title: string; message: string };

/** Webview → extension host: the script is ready for the latest state. */
export type FromPreview = { type: 'ready' };
