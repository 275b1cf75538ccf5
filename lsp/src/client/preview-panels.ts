/**
 * The report preview: a webview beside a report opened as text ("STS Inspector: Preview report"), and the same view
 * as a read-only custom editor for `.json.gz` and `.eml` reports. Asks the server for the summary and hands it to
 * the webview as data; the webview renders every string as text.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  reportPreviewMethod,
  type FromPreview,
  type ReportPreviewParams,
  type ReportPreviewResult,
  type ToPreview,
} from './protocol.js';
import { previewHtml } from './preview-html.js';

/** Edits come in bursts while typing: ask again once they pause. */
const UPDATE_DELAY_MS = 300;

/** One webview showing the preview of one report. */
class PreviewView implements vscode.Disposable {
  private latest: ToPreview | undefined;
  private asked = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly client: LanguageClient,
    private readonly webview: vscode.Webview,
    private readonly uri: vscode.Uri,
    extensionUri: vscode.Uri,
  ) {
    webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    };
    webview.html = previewHtml(webview, extensionUri);
    this.disposables.push(
      webview.onDidReceiveMessage((message: FromPreview) => {
        if (message.type === 'ready' && this.latest !== undefined) {
          void this.webview.postMessage(this.latest);
        }
      }),
    );
    this.refresh();
  }

  /** Asks again after a pause; an answer to an older question than the last one asked is dropped. */
  scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), UPDATE_DELAY_MS);
  }

  refresh(): void {
    const asked = ++this.asked;
    const title = this.uri.path.slice(this.uri.path.lastIndexOf('/') + 1);
    const params: ReportPreviewParams = { uri: this.uri.toString() };
    this.client.sendRequest<ReportPreviewResult | null>(reportPreviewMethod, params).then(
      (result) => {
        if (asked === this.asked) {
          this.show(
            result === null
              ? { type: 'error', title, message: 'The server gave no preview for this file.' }
              : { type: 'preview', title, result },
          );
        }
      },
      (error: unknown) => {
        if (asked === this.asked) {
          this.show({
            type: 'error',
            title,
            message: error instanceof Error ? error.message : String(error),
          });
        }
      },
    );
  }

  private show(message: ToPreview): void {
    this.latest = message;
    void this.webview.postMessage(message);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** Opens previews (command and custom editor) and keeps each one following its document. */
export class PreviewPanels implements vscode.CustomReadonlyEditorProvider, vscode.Disposable {
  private readonly views = new Map<string, Set<PreviewView>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
  ) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => this.each(e.document.uri, (v) => v.scheduleRefresh())),
    );
  }

  /** "STS Inspector: Preview report" on the active editor's document, in a panel beside it. */
  previewActiveEditor(): void {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined) {
      void vscode.window.showInformationMessage('Open a TLS report first, then preview it.');
      return;
    }
    const uri = editor.document.uri;
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
    const panel = vscode.window.createWebviewPanel(
      'stsInspector.preview',
      `Preview ${name}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      { enableScripts: true },
    );
    this.attach(panel, uri);
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    // A saved email is text: open it (without showing it) so the server has the document it summarises.
    // A .json.gz is not text; the server reads that one from the file.
    if (!document.uri.path.endsWith('.gz')) {
      await vscode.workspace.openTextDocument(document.uri);
    }
    const view = this.attach(panel, document.uri);
    // A file that is not open as text changes on disk: follow it there.
    const folder = vscode.Uri.joinPath(document.uri, '..');
    const name = document.uri.path.slice(document.uri.path.lastIndexOf('/') + 1);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, name));
    watcher.onDidChange(() => view.scheduleRefresh());
    watcher.onDidCreate(() => view.scheduleRefresh());
    panel.onDidDispose(() => {
      watcher.dispose();
    });
  }

  private attach(panel: vscode.WebviewPanel, uri: vscode.Uri): PreviewView {
    const view = new PreviewView(this.client, panel.webview, uri, this.context.extensionUri);
    const key = uri.toString();
    const set = this.views.get(key) ?? new Set<PreviewView>();
    set.add(view);
    this.views.set(key, set);
    panel.onDidDispose(() => {
      view.dispose();
      set.delete(view);
      if (set.size === 0) {
        this.views.delete(key);
      }
    });
    return view;
  }

  private each(uri: vscode.Uri, f: (view: PreviewView) => void): void {
    for (const view of this.views.get(uri.toString()) ?? []) {
      f(view);
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
