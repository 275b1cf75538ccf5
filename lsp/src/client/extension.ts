/**
 * The VS Code client: starts the bundled language server and carries the report preview. It holds no knowledge of
 * MTA-STS, TLS-RPT or DNS: diagnostics, hovers, fixes and the preview's numbers all come from the server.
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { PreviewPanels } from './preview-panels.js';

/** Languages the server reads; `json` and `plaintext` documents are recognised by content on the server side. */
const languages = ['mta-sts', 'mta-sts-record', 'tlsrpt-record', 'dns-zone', 'json', 'plaintext'];

let client: LanguageClient | undefined;

/** The settings as plain values (every `stsInspector.*` the manifest declares), for the server's first look. */
function currentSettings(context: vscode.ExtensionContext): Record<string, unknown> {
  const manifest = context.extension.packageJSON as {
    contributes: { configuration: { properties: Record<string, unknown> } };
  };
  const config = vscode.workspace.getConfiguration('stsInspector');
  return Object.fromEntries(
    Object.keys(manifest.contributes.configuration.properties).map((name) => {
      const key = name.slice('stsInspector.'.length);
      return [key, config.get(key)];
    }),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // stdio, with the editor's own Node (the `module` form forks it): the one transport every client of the server
  // uses (Neovim, `sts-inspector lsp --stdio`), so VS Code runs the same code path the protocol tests drive.
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.stdio },
    debug: { module, transport: TransportKind.stdio, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // The server reads `stsInspector.*` through workspace/configuration and is told when it changes.
    synchronize: { configurationSection: 'stsInspector' },
    initializationOptions: { settings: currentSettings(context) },
  };
  client = new LanguageClient('stsInspector', 'STS Inspector', serverOptions, clientOptions);
  const panels = new PreviewPanels(context, client);
  context.subscriptions.push(
    // Not `stsInspector.previewReport`: that id is the server's own command (workspace/executeCommand), which the
    // language client registers in VS Code by itself.
    vscode.commands.registerCommand('stsInspector.showReportPreview', () => panels.previewActiveEditor()),
    vscode.window.registerCustomEditorProvider('stsInspector.reportPreview', panels, {
      webviewOptions: { retainContextWhenHidden: false },
    }),
    panels,
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
