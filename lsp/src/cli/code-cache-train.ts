/**
 * Build step (lsp/build.mjs): make one command bundle's code cache. The bundle is loaded without a cache and run
 * on typical work, so that the functions a run needs are compiled, and then its compiled code is written beside it
 * (see code-cache.ts). Output goes nowhere; the exit code of the work does not matter, only that it ran.
 *
 * usage: node code-cache-train.cjs <bundle.cjs> check|lint|report|lsp <samples folder>
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CheckArgs } from './commands/check.js';
import type { LintArgs } from './commands/lint.js';
import type { ReportArgs } from './commands/report.js';
import type { CliIo } from './io.js';
import { loadBundle, writeCodeCache } from './code-cache.js';

const [bundle, command, samples] = process.argv.slice(2);
if (bundle === undefined || command === undefined || samples === undefined) {
  throw new Error('usage: code-cache-train <bundle.cjs> <command> <samples folder>');
}

const quiet: CliIo = {
  stdout: { write: () => true, isTTY: false },
  stderr: { write: () => true, isTTY: false },
  env: {},
};

async function train(bundle: string, command: string, samples: string): Promise<void> {
  const scratch = mkdtempSync(join(tmpdir(), 'sts-inspector-code-cache-'));
  try {
    const loaded = loadBundle(bundle, { useCache: false });
    const { exports } = loaded;
    const reports = [join(samples, 'mail.ru.json'), join(samples, 'google.com-tlsrpt.eml')];
    if (command === 'lint') {
      const policy = join(scratch, 'mta-sts.txt');
      writeFileSync(
        policy,
        'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmax_age: 604800\r\n',
      );
      const record = join(scratch, '_mta-sts.example.com.txt');
      writeFileSync(record, 'v=STSv1; id=20260101T000000\n');
      const runLint = exports.runLint as (args: LintArgs, io: CliIo) => Promise<number>;
      for (const format of ['text', 'json', 'sarif'] as const) {
        await runLint(
          {
            files: [policy, record, ...reports],
            kind: undefined,
            format,
            version: '0',
            verbose: false,
            failOn: 'error',
          },
          quiet,
        );
      }
    } else if (command === 'report') {
      const runReport = exports.runReport as (args: ReportArgs, io: CliIo) => Promise<number>;
      for (const format of ['text', 'json'] as const) {
        await runReport({ files: reports, format, verbose: false, failOn: 'error' }, quiet);
      }
    } else if (command === 'check') {
      // A resolver that refuses the connection: the run goes through the DoH client and the HTTP client's set-up
      // and ends at once, with no network.
      const runCheck = exports.runCheck as (
        args: CheckArgs,
        io: CliIo,
        signal: AbortSignal,
      ) => Promise<number>;
      await runCheck(
        {
          domains: ['example.com'],
          fromFile: undefined,
          concurrency: 1,
          resolver: 'https://127.0.0.1:9/dns-query',
          method: 'GET',
          format: 'text',
          dnsTimeoutMs: 5000,
          policyTimeoutMs: 5000,
          allowPrivate: false,
          pins: {},
          caFile: undefined,
          fail: { failOn: 'error', failVerdicts: [] },
        },
        quiet,
        new AbortController().signal,
      );
    } else if (command !== 'lsp') {
      // The language server runs for a session, not a command; its cache holds what loading it compiles.
      throw new Error(`no training for ${command}`);
    }
    writeCodeCache(bundle, loaded);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// Ends at once when written: the HTTP client of `check` may still hold a connection.
train(bundle, command, samples).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `code-cache-train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
