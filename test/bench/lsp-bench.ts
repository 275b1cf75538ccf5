/**
 * Language server latency, over stdio as an editor sees it: the time from sending `didChange` (a one-character
 * incremental edit) to receiving the diagnostics of that version, median and p95, for a policy, 1 MB and 10 MB
 * reports (clean: no flawed entry; dense: half the failure details flawed). Beside it, on the same documents and
 * edits, `vscode-json-language-server` (vscode-langservers-extracted) validating against a JSON Schema for RFC 8460
 * (report-schema.ts), what editors do today. That server waits a fixed 500 ms before it pushes diagnostics, so it
 * is timed through LSP 3.17 pull diagnostics (`textDocument/diagnostic` sent right after the change), which
 * leaves out its wait; ours pushes with `debounceMs: 0`. Prints figures; asserts nothing.
 * usage: npm run bench:lsp [-- --runs 15]
 */
import { spawn } from 'node:child_process';
import { cpus, release, type as osType } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { generateReport } from '../fixtures/report-generator.js';
import { rfc8460ReportSchema } from './report-schema.js';

const { values } = parseArgs({ options: { runs: { type: 'string' } } });
const runs = Number(values.runs ?? 15);
const serverPath = fileURLToPath(new URL('../../lsp/dist/server.js', import.meta.url));
const jsonServerPath = createRequire(import.meta.url).resolve(
  'vscode-langservers-extracted/bin/vscode-json-language-server',
);

interface Server {
  connection: ProtocolConnection;
  published: (uri: string, version: number) => Promise<PublishDiagnosticsParams>;
  stop(): Promise<void>;
}

async function startServer(script: string, settings: unknown, pull: boolean): Promise<Server> {
  const child = spawn(process.execPath, [script, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  const waiters = new Map<string, (p: PublishDiagnosticsParams) => void>();
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
    const key = `${p.uri}#${p.version}`;
    waiters.get(key)?.(p);
    waiters.delete(key);
  });
  connection.onRequest('workspace/configuration', () => [settings]);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: pull ? { textDocument: { diagnostic: {} } } : {},
    initializationOptions: {
      settings: (settings as { stsInspector?: unknown }).stsInspector,
      provideFormatter: false,
    },
  });
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('workspace/didChangeConfiguration', { settings });
  return {
    connection,
    published: (uri, version) => new Promise((resolve) => waiters.set(`${uri}#${version}`, resolve)),
    stop: async () => {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
      connection.dispose();
    },
  };
}

interface Doc {
  name: string;
  languageId: string;
  text: string;
}

/** Time `runs` one-character edits (insert, then delete, a space at the end of the first line). */
async function time(server: Server, doc: Doc, pull: boolean, uri: string): Promise<number[]> {
  const { connection } = server;
  let version = 1;
  const firstLineEnd = doc.text.indexOf('\n') < 0 ? doc.text.length : doc.text.indexOf('\n');
  const opened = pull ? undefined : server.published(uri, 1);
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: doc.languageId, version, text: doc.text },
  });
  if (pull) {
    await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  } else {
    await opened;
  }
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    version++;
    const at = { line: 0, character: firstLineEnd };
    const change =
      i % 2 === 0
        ? { range: { start: at, end: at }, text: ' ' }
        : { range: { start: at, end: { line: 0, character: firstLineEnd + 1 } }, text: '' };
    const waiting = pull ? undefined : server.published(uri, version);
    const start = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    if (pull) {
      await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    } else {
      await waiting;
    }
    // The first two edits warm up (JIT, caches).
    if (i >= 2) {
      times.push(performance.now() - start);
    }
  }
  await connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  return times;
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};
const ms = (n: number): string => (n < 10 ? n.toFixed(1) : n.toFixed(0));

const policy =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n';
const docs: Doc[] = [
  { name: 'policy', languageId: 'mta-sts', text: policy },
  {
    name: '1 MB report, clean',
    languageId: 'json',
    text: generateReport({ seed: 1, targetBytes: 1_000_000, findingRate: 0, indent: 1 }),
  },
  {
    name: '1 MB report, dense',
    languageId: 'json',
    text: generateReport({ seed: 2, targetBytes: 1_000_000, findingRate: 0.5, indent: 1 }),
  },
  {
    name: '10 MB report, clean',
    languageId: 'json',
    text: generateReport({ seed: 3, targetBytes: 10_000_000, findingRate: 0, indent: 1 }),
  },
  {
    name: '10 MB report, dense',
    languageId: 'json',
    text: generateReport({ seed: 4, targetBytes: 10_000_000, findingRate: 0.5, indent: 1 }),
  },
];

console.log(
  `lsp bench: ${runs} edits per document; node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${osType()} ${release()}`,
);
const ours = await startServer(serverPath, { stsInspector: { debounceMs: 0 } }, false);
const theirs = await startServer(
  jsonServerPath,
  {
    json: {
      validate: { enable: true },
      schemas: [{ fileMatch: ['*.json'], uri: rfc8460ReportSchema.$id, schema: rfc8460ReportSchema }],
    },
  },
  true,
);
console.log(
  '| document | ours median | ours p95 | JSON server median | JSON server p95 | JSON server / ours (median) |',
);
console.log('|---|---|---|---|---|---|');
let n = 0;
for (const doc of docs) {
  const uri = `file:///bench/${n++}/${doc.languageId === 'mta-sts' ? 'mta-sts.txt' : 'report.json'}`;
  const a = await time(ours, doc, false, uri);
  if (doc.languageId === 'mta-sts') {
    console.log(`| ${doc.name} | ${ms(quantile(a, 0.5))} ms | ${ms(quantile(a, 0.95))} ms | – | – | – |`);
    continue;
  }
  const b = await time(theirs, doc, true, uri);
  const ratio = quantile(b, 0.5) / quantile(a, 0.5);
  console.log(
    `| ${doc.name} | ${ms(quantile(a, 0.5))} ms | ${ms(quantile(a, 0.95))} ms | ${ms(quantile(b, 0.5))} ms | ${ms(quantile(b, 0.95))} ms | ${ratio.toFixed(1)}x |`,
  );
}
await ours.stop();
await theirs.stop();
