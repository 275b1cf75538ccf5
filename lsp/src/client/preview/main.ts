/**
 * The preview webview's script: waits for the extension's message with the server's answer and replaces the page
 * with it, rendered as text. Runs under the page's Content-Security-Policy (this script only, by nonce).
 */
import type { FromPreview, ToPreview } from '../protocol.js';
import { el } from './dom.js';
import { renderPreview } from './render.js';

declare function acquireVsCodeApi(): { postMessage(message: FromPreview): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent<ToPreview>) => {
  const message = event.data;
  if (root === null) {
    return;
  }
  switch (message.type) {
    case 'preview':
      root.replaceChildren(...renderPreview(message.title, message.result));
      break;
    case 'error':
      root.replaceChildren(el('h1', undefined, message.title), el('p', 'error', message.message));
      break;
  }
  root.dataset.state = message.type;
});

vscode.postMessage({ type: 'ready' });
