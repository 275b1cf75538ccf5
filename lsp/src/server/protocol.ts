/** The server's own requests and commands, shared with clients: methods are namespaced `stsInspector/…`. */
import { RequestType } from 'vscode-languageserver';

/** Parameters of the report preview: the report document. */
export interface ReportPreviewParams {
  uri: string;
}

/** The preview: the summary the CLI's `report` prints, as Markdown; `markdown` is empty when the document is no report. */
export interface ReportPreviewResult {
  uri: string;
  version: number;
  markdown: string;
}

/** `stsInspector/reportPreview`: the summary of a report document as Markdown. */
export const ReportPreviewRequest = {
  method: 'stsInspector/reportPreview',
  type: new RequestType<ReportPreviewParams, ReportPreviewResult, void>('stsInspector/reportPreview'),
} as const;

/** The command that returns the same preview (`workspace/executeCommand` with the uri as argument). */
export const previewCommand = 'stsInspector.previewReport';
