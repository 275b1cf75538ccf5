/**
 * The preview webview's page: a fixed shell holding no report data, a strict Content-Security-Policy (scripts only
 * with this page's nonce, styles and images only from the extension), and the bundled script and style sheet. The
 * report reaches the page later as a message and is rendered as text by `preview/main.ts`.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(18).toString('base64url');
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString();
  const style = webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview-style.css')).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style}">
<title>Report preview</title>
</head>
<body>
<main id="root"><p class="status">Reading the report…</p></main>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
