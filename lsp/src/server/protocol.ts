/** The server's own requests and commands, shared with clients: methods are namespaced `stsInspector/…`. */
import type { ReportSummary } from '@sts-inspector/shared';
import { RequestType } from 'vscode-languageserver';

/** Parameters of the report preview: the report document. */
export interface ReportPreviewParams {
  uri: string;
}

/**
 * The preview: the summary the CLI's `report` prints, as Markdown (`markdown` is empty when the document is no
 * report), and the same summary as data (JSON-safe; null when there is none), from which a client can draw its own
 * tables and pictures. A report file that no editor has open (a `.json.gz` or an `.eml`) is read from disk:
 * `version` is then -1, and `error` says why there is no summary when the file could not be read as a report.
 */
export interface ReportPreviewResult {
  uri: string;
  version: number;
  markdown: string;
  summary: ReportSummary | null;
  error?: string;
}

/** `stsInspector/reportPreview`: the summary of a report document as Markdown. */
export const ReportPreviewRequest = {
  method: 'stsInspector/reportPreview',
  type: new RequestType<ReportPreviewParams, ReportPreviewResult, void>('stsInspector/reportPreview'),
} as const;

/** The command that returns the same preview (`workspace/executeCommand` with the uri as argument). */
export const previewCommand = 'stsInspector.previewReport';
