/**
 * The server over stdio: the only file that knows the process's streams. stdout carries the protocol, so every
 * `console` call goes to the client's log instead.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { createDohResolver, type Resolver } from '@sts-inspector/shared';
import { createNodeDohFetch } from '../node/doh-fetch.js';
import { createInThreadLinter, createWorkerLinter } from './report-linter.js';
import { startServer } from './server.js';

/** The lint worker's code (CommonJS), put in by the build; absent when run from source. */
declare const STS_LINT_WORKER: string | undefined;

/** A resolver that answers every query with a failure (an endpoint setting that is no DoH URL). */
const failingResolver = (message: string): Resolver => ({
  query: (name, type) =>
    Promise.resolve({ ok: false, question: { name, type }, kind: 'network', message, elapsedMs: 0 }),
});

/** Start the language server on stdin/stdout. */
export function runStdioServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  const toLog =
    (send: (message: string) => void) =>
    (...args: unknown[]): void =>
      send(format(...args));
  console.log = toLog((m) => connection.console.log(m));
  console.info = toLog((m) => connection.console.info(m));
  console.warn = toLog((m) => connection.console.warn(m));
  console.error = toLog((m) => connection.console.error(m));
  console.debug = toLog((m) => connection.console.log(m));
  let dohFetch: typeof fetch | undefined;
  startServer(connection, {
    reportLinter:
      typeof STS_LINT_WORKER === 'string' ? createWorkerLinter(STS_LINT_WORKER) : createInThreadLinter(),
    createResolver: (endpoint) => {
      try {
        return createDohResolver({ endpoint, fetch: (dohFetch ??= createNodeDohFetch()) });
      } catch (error) {
        return failingResolver(error instanceof Error ? error.message : String(error));
      }
    },
    nowMs: () => Date.now(),
  });
}
