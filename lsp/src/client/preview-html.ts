/** The preview page for one webview: its own nonce and the webview URIs of the bundled script and style sheet. */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { previewPage } from './preview-page.js';

export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const dist = vscode.Uri.joinPath(extensionUri, 'dist');
  return previewPage({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview.js')).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'preview-style.css')).toString(),
    nonce: randomBytes(18).toString('base64url'),
  });
}
