/**
 * The preview webview's page: a fixed shell holding no report data, a strict Content-Security-Policy (scripts only
 * with this page's nonce, styles and images only from the extension), and the bundled script and style sheet. The
 * report reaches the page later as a message and is rendered as text by `preview/main.ts`.
 */

export interface PreviewPageInput {
  /** The webview's source expression for the extension's files (`webview.cspSource`). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  /** Fresh per page: the only script that runs is the one carrying it. */
  nonce: string;
}

export function previewPage({ cspSource, scriptUri, styleUri, nonce }: PreviewPageInput): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${styleUri}">
<title>Report preview</title>
</head>
<body>
<main id="root"><p class="status">Reading the report…</p></main>
<script nonce="${nonce}" src="${scriptUri}"></script>
</body>
</html>`;
}
