/**
 * `startServer(connection, runtime)`: registers every handler on a connection. Knows no transport (see main.ts);
 * the runtime gives the report linter, the DoH resolver and the clock. Each handler runs inside `runSafe`: a bug
 * is logged and answered with a safe default, and a cancelled request is answered as cancelled.
 */
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  DocumentDiagnosticReportKind,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type DiagnosticServerCancellationData,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { policyDomainOfPath, zoneOriginOfFileName, type Resolver } from '@sts-inspector/shared';
import { Analyses, pathOf, type Analysis } from './documents.js';
import { codeActionsFor } from './features/code-actions.js';
import { completionAt } from './features/completion.js';
import { diagnosticsOf, PushScheduler } from './features/diagnostics.js';
import { formatPolicyEdits } from './features/formatting.js';
import { hoverAt } from './features/hover.js';
import { LiveChecker } from './features/live-check.js';
import { summaryMarkdown } from './features/preview.js';
import { reportSymbols, symbolsOf } from './features/symbols.js';
import { previewCommand, ReportPreviewRequest, type ReportPreviewResult } from './protocol.js';
import type { ReportLinter } from './report-linter.js';
import { defaultSettings, readSettings, type ServerSettings } from './settings.js';

/** What the server needs from its host. */
export interface ServerRuntime {
  reportLinter: ReportLinter;
  /** A DoH resolver for a preset name or URL (the live check). */
  createResolver(endpoint: string): Resolver;
  nowMs(): number;
}

/** Register the handlers and start listening. */
export function startServer(connection: Connection, runtime: ServerRuntime): void {
  const documents = new TextDocuments(TextDocument);
  let settings: ServerSettings = defaultSettings;
  let pull = false;
  let configurable = false;
  let resolver: Resolver | undefined;

  const domainOf = (uri: string): string => settings.domain || policyDomainOfPath(pathOf(uri));
  const analyses = new Analyses(runtime.reportLinter, () => ({
    maxFindings: settings.maxFindings,
    domainOf,
  }));
  const live = new LiveChecker(
    () => (resolver ??= runtime.createResolver(settings.resolver)),
    () => runtime.nowMs(),
    (uri, version) => {
      if (pull) {
        void connection.languages.diagnostics.refresh().catch(() => undefined);
      } else if (documents.get(uri)?.version === version) {
        void publish(uri);
      }
    },
  );
  /** Documents that have diagnostics on the client (so that clearing them means something). */
  const published = new Set<string>();
  const scheduler = new PushScheduler((uri) => void publish(uri));

  const log = (what: string, error: unknown): void => {
    connection.console.error(
      `${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  };
  const cancelled = <D>(): ResponseError<D> =>
    new ResponseError<D>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
  /** Run a request handler: cancellation answered as such, a bug logged and answered with `fallback`. */
  const runSafe =
    <P, R, D = void>(
      what: string,
      fallback: R,
      handler: (params: P, token: CancellationToken) => Promise<R> | R,
    ) =>
    async (params: P, token: CancellationToken): Promise<R | ResponseError<D>> => {
      if (token.isCancellationRequested) {
        return cancelled<D>();
      }
      try {
        const result = await handler(params, token);
        return token.isCancellationRequested ? cancelled<D>() : result;
      } catch (error) {
        log(what, error);
        return fallback;
      }
    };

  /** The current analysis of an open document, or undefined (not ours, closed, or superseded meanwhile). */
  const current = async (uri: string): Promise<{ text: string; analysis: Analysis } | undefined> => {
    const doc = documents.get(uri);
    if (!doc) {
      return undefined;
    }
    const analysis = await analyses.get(doc);
    const now = documents.get(uri);
    return analysis && now && now.version === analysis.version
      ? { text: now.getText(), analysis }
      : undefined;
  };

  const startLiveCheck = (text: string, analysis: Analysis): void => {
    const domain = domainOf(analysis.uri);
    if (settings.liveCheck && analysis.policy && domain && !live.has(analysis.uri, analysis.version)) {
      live.request(analysis.uri, analysis.version, text, analysis.policy, domain);
    }
  };

  const diagnosticsFor = (text: string, analysis: Analysis) => {
    startLiveCheck(text, analysis);
    return diagnosticsOf(analysis, live.findings(analysis.uri, analysis.version), settings);
  };

  async function publish(uri: string): Promise<void> {
    try {
      const got = await current(uri);
      if (got) {
        published.add(uri);
        await connection.sendDiagnostics({
          uri,
          version: got.analysis.version,
          diagnostics: diagnosticsFor(got.text, got.analysis),
        });
      } else if (published.has(uri) && documents.get(uri) && !(await analyses.get(documents.get(uri)!))) {
        // No longer a document we lint, e.g. JSON that stopped being a report.
        published.delete(uri);
        await connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    } catch (error) {
      log('diagnostics', error);
    }
  }

  const refreshAll = (): void => {
    analyses.clear();
    if (pull) {
      void connection.languages.diagnostics.refresh().catch(() => undefined);
    } else {
      for (const doc of documents.all()) {
        void publish(doc.uri);
      }
    }
  };

  const loadSettings = async (fallback?: unknown): Promise<void> => {
    const before = settings.resolver;
    try {
      settings = readSettings(
        configurable ? await connection.workspace.getConfiguration('stsInspector') : (fallback ?? {}),
      );
    } catch (error) {
      log('settings', error);
    }
    if (settings.resolver !== before) {
      resolver = undefined;
      live.clearCache();
    }
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pull = caps.textDocument?.diagnostic !== undefined;
    configurable = caps.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    settings = readSettings(init?.settings);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '"'] },
        codeActionProvider: {
          codeActionKinds: [
            CodeActionKind.QuickFix,
            CodeActionKind.SourceFixAll,
            CodeActionKind.RefactorRewrite,
          ],
        },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        executeCommandProvider: { commands: [previewCommand] },
        ...(pull
          ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } }
          : {}),
      },
      serverInfo: { name: 'sts-inspector' },
    };
  });

  connection.onInitialized(() => {
    if (configurable) {
      void loadSettings().then(refreshAll);
    }
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as { stsInspector?: unknown } | undefined)?.stsInspector;
    // A client that pushes settings without our section (or with another server's) changes nothing of ours.
    if (configurable || section !== undefined) {
      void loadSettings(section).then(refreshAll);
    }
  });

  documents.onDidChangeContent((event) => {
    const doc = event.document;
    analyses.touch(doc.uri, doc.version);
    live.cancel(doc.uri);
    if (!pull) {
      scheduler.schedule(doc.uri, doc.getText().length, settings.debounceMs);
    }
  });

  documents.onDidClose((event) => {
    const uri = event.document.uri;
    scheduler.cancel(uri);
    analyses.forget(uri);
    live.forget(uri);
    if (!pull && published.delete(uri)) {
      void connection.sendDiagnostics({ uri, diagnostics: [] }).catch(() => undefined);
    }
  });

  connection.languages.diagnostics.on(
    runSafe<DocumentDiagnosticParams, DocumentDiagnosticReport, DiagnosticServerCancellationData>(
      'pull diagnostics',
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
      async (params) => {
        const got = await current(params.textDocument.uri);
        return {
          kind: DocumentDiagnosticReportKind.Full,
          items: got ? diagnosticsFor(got.text, got.analysis) : [],
        };
      },
    ),
  );

  connection.onHover(
    runSafe('hover', null, async (params) => {
      const got = await current(params.textDocument.uri);
      const value = got && hoverAt(got.text, got.analysis, params.position);
      return value ? { contents: { kind: 'markdown' as const, value } } : null;
    }),
  );

  connection.onCompletion(
    runSafe('completion', [], async (params) => {
      const got = await current(params.textDocument.uri);
      if (!got) {
        return [];
      }
      return completionAt(got.text, got.analysis, params.position, {
        nowMs: runtime.nowMs(),
        mxHosts: live.hosts(domainOf(params.textDocument.uri)),
      });
    }),
  );

  connection.onCodeAction(
    runSafe('code actions', [], async (params) => {
      const got = await current(params.textDocument.uri);
      if (!got) {
        return [];
      }
      const uri = params.textDocument.uri;
      const withLive: Analysis = {
        ...got.analysis,
        findings: [...got.analysis.findings, ...live.findings(uri, got.analysis.version)],
      };
      return codeActionsFor(
        got.text,
        withLive,
        params.range,
        params.context.diagnostics,
        params.context.only,
        runtime.nowMs(),
        zoneOriginOfFileName(pathOf(uri)),
      );
    }),
  );

  connection.onDocumentFormatting(
    runSafe('formatting', [], async (params) => {
      const got = await current(params.textDocument.uri);
      return got?.analysis.kind === 'policy' ? formatPolicyEdits(got.text, settings.lineEnding) : [];
    }),
  );

  connection.onDocumentSymbol(
    runSafe('symbols', [], async (params) => {
      const got = await current(params.textDocument.uri);
      if (got?.analysis.kind === 'report') {
        return reportSymbols(await runtime.reportLinter.outline(got.analysis.uri, got.analysis.version));
      }
      return got ? symbolsOf(got.text, got.analysis) : [];
    }),
  );

  const preview = async (uri: string): Promise<ReportPreviewResult> => {
    const got = await current(uri);
    if (!got) {
      const path = reportFilePath(uri);
      if (path === undefined) {
        return { uri, version: -1, markdown: '', summary: null };
      }
      // A report no editor holds as text (VS Code opens `.json.gz` and `.eml` in the preview itself): from disk.
      const read = await runtime.reportLinter.summaryOfFile(path);
      return {
        uri,
        version: -1,
        markdown: read.summary ? summaryMarkdown(read.summary) : '',
        summary: read.summary ?? null,
        ...(read.error === undefined ? {} : { error: read.error }),
      };
    }
    const kind = got.analysis.kind;
    if (kind !== 'report' && kind !== 'report-email') {
      return { uri, version: got.analysis.version, markdown: '', summary: null };
    }
    const summary = await runtime.reportLinter.summary(uri, got.analysis.version);
    return {
      uri,
      version: got.analysis.version,
      markdown: summary ? summaryMarkdown(summary) : '',
      summary: summary ?? null,
    };
  };

  connection.onRequest(
    ReportPreviewRequest.type,
    runSafe('report preview', { uri: '', version: -1, markdown: '', summary: null }, (params) =>
      preview(params.uri),
    ),
  );

  connection.onExecuteCommand(
    runSafe('command', null, async (params) => {
      const uri: unknown = params.arguments?.[0];
      return params.command === previewCommand && typeof uri === 'string' ? await preview(uri) : null;
    }),
  );

  connection.onShutdown(async () => {
    scheduler.dispose();
    await runtime.reportLinter.dispose();
  });

  documents.listen(connection);
  connection.listen();
}

/** The local path of a `file:` URI named like a report file (`.json`, `.json.gz`, `.eml`), or undefined. */
function reportFilePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) {
    return undefined;
  }
  let path: string;
  try {
    path = fileURLToPath(uri);
  } catch {
    return undefined;
  }
  return /\.(json|json\.gz|eml)$/i.test(path) ? path : undefined;
}
