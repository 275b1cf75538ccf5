/**
 * A JSON-RPC client that drives the built language server over stdio as an editor does. Waits are for events:
 * every `publishDiagnostics` is recorded, and a wait resolves when a matching one arrives (or has arrived).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
  type TextEdit,
} from 'vscode-languageserver-protocol/node';

export const serverPath = fileURLToPath(new URL('../../../lsp/dist/server.js', import.meta.url));
export const cliPath = fileURLToPath(new URL('../../../lsp/dist/cli.cjs', import.meta.url));

/** A uri for a file name under a made-up folder (documents are opened with their text; nothing is read from disk). */
export const uriOf = (path: string): string => pathToFileURL(`/work/docs/${path}`).href;

/** Position of the n-th occurrence of `match` in `text` (plus `delta` characters). */
export function position(
  text: string,
  match: string,
  delta = 0,
  nth = 0,
): { line: number; character: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(match, at + 1);
    if (at < 0) {
      throw new Error(`${JSON.stringify(match)} not in text`);
    }
  }
  const before = text.slice(0, at + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

interface Waiter {
  uri: string;
  test: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

/** A running server and a client connection to it. */
export class LspClient {
  readonly connection: ProtocolConnection;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  stderr = '';

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    this.connection = createProtocolConnection(
      new StreamMessageReader(child.stdout),
      new StreamMessageWriter(child.stdin),
    );
    child.stderr.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', () => [this.settings]);
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      return null;
    });
    this.connection.listen();
  }

  settings: Record<string, unknown> = {};
  refreshes = 0;

  /** Start a server (`args` after the script: the CLI's `lsp --stdio`, or `--stdio`) and initialise it. */
  static async start(
    options: {
      command?: 'server' | 'cli';
      capabilities?: ClientCapabilities;
      settings?: Record<string, unknown>;
      env?: NodeJS.ProcessEnv;
    } = {},
  ): Promise<LspClient> {
    const script = options.command === 'cli' ? cliPath : serverPath;
    if (!existsSync(script)) {
      throw new Error(`${script} is missing: run \`npm run build\` first`);
    }
    const args = options.command === 'cli' ? [script, 'lsp', '--stdio'] : [script, '--stdio'];
    const child = spawn(process.execPath, args, {
      env: { PATH: process.env.PATH, ...options.env },
      stdio: 'pipe',
    });
    const client = new LspClient(child);
    client.settings = options.settings ?? {};
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: options.capabilities ?? {},
      initializationOptions: { settings: client.settings },
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  open(uri: string, languageId: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    return this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  /** Send changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: changes,
    });
    return version;
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** The first publishDiagnostics for `uri` (already received or to come) that passes `test`. */
  diagnostics(
    uri: string,
    test: (p: PublishDiagnosticsParams) => boolean = () => true,
  ): Promise<PublishDiagnosticsParams> {
    const known = this.published.find((p) => p.uri === uri && test(p));
    if (known) {
      return Promise.resolve(known);
    }
    return new Promise((resolve) => this.waiters.push({ uri, test, resolve }));
  }

  /** The diagnostics published for a given version of a document. */
  async diagnosticsOf(uri: string, version = this.version(uri)): Promise<Diagnostic[]> {
    return (await this.diagnostics(uri, (p) => p.version === version)).diagnostics;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params);
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // Already gone.
    }
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) {
        resolve();
      } else {
        this.child.once('exit', () => resolve());
      }
    });
    this.connection.dispose();
    await exited;
  }
}

/** Apply LSP text edits to a text (edits do not overlap). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits]
    .map((e) => ({ start: offset(e.range.start), end: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.start - a.start)
    .reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}
