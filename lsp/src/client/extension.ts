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

/** The settings as plain values, for the server's first look before it asks through workspace/configuration. */
function currentSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('stsInspector');
  return {
    resolver: config.get<string>('resolver'),
    liveCheck: config.get<boolean>('liveCheck'),
    severity: config.get<Record<string, string>>('severity'),
    maxFindings: config.get<number>('maxFindings'),
  };
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
    initializationOptions: { settings: currentSettings() },
  };
  client = new LanguageClient('stsInspector', 'STS Inspector', serverOptions, clientOptions);
  const panels = new PreviewPanels(context, client);
  context.subscriptions.push(
    vscode.commands.registerCommand('stsInspector.previewReport', () => panels.previewActiveEditor()),
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
