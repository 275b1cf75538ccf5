/**
 * `sts-inspector`: argv → command. The only place that knows about process arguments; commands get parsed
 * arguments and an I/O object, and return an exit code (0 clean, 1 error findings, 2 usage or I/O error).
 */
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { documentKinds, type DocumentKind } from '@sts-inspector/shared';
import { runCheck } from './commands/check.js';
import { runLint } from './commands/lint.js';
import { runReport } from './commands/report.js';
import { EXIT_USAGE } from './exit-code.js';
import { UsageError, type CliIo } from './io.js';

declare const STS_INSPECTOR_VERSION: string | undefined;
const version = typeof STS_INSPECTOR_VERSION === 'string' ? STS_INSPECTOR_VERSION : '0.0.0-dev';

export const usage = `sts-inspector ${version}: MTA-STS, TLS-RPT and DANE posture checker

Usage:
  sts-inspector check <domain…> [--resolver cloudflare|google|quad9|URL] [--method get|post] [--format text|json]
  sts-inspector lint <file|folder…> [--kind policy|sts-record|tlsrpt-record|report|report-email] [--format text|json|sarif]
  sts-inspector report <file|folder…> [--format text|json]     (.json, .json.gz, .eml)

check options:
  --resolver <name|URL>    DNS-over-HTTPS endpoint (default cloudflare)
  --method get|post        DoH request method (default get)
  --dns-timeout <ms>       per DNS lookup (default 5000)
  --policy-timeout <ms>    for the policy fetch (default 10000)
  --ca <file>              extra trusted CA (PEM) for the resolver and policy hosts, e.g. a test lab's
  --allow-private          fetch policies from loopback/private addresses (lab tests only)
  --pin <host=address>     connect to host at address without a lookup (tests; repeatable)

Exit codes: 0 no errors, 1 findings of severity error, 2 usage or I/O error.
Colour on a terminal unless NO_COLOR is set.
`;

function oneOf<T extends string>(
  value: string | undefined,
  allowed: readonly T[],
  flag: string,
  fallback: T,
): T {
  if (value === undefined) {
    return fallback;
  }
  const v = value.toLowerCase() as T;
  if (!allowed.includes(v)) {
    throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return v;
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n <= 0 || n > 600_000) {
    throw new UsageError(`${flag} must be milliseconds between 1 and 600000`);
  }
  return n;
}

/** Run the CLI with arguments (without `node` and the script), returning the exit code. */
export async function main(argv: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        resolver: { type: 'string' },
        method: { type: 'string' },
        format: { type: 'string' },
        kind: { type: 'string' },
        'dns-timeout': { type: 'string' },
        'policy-timeout': { type: 'string' },
        ca: { type: 'string' },
        'allow-private': { type: 'boolean' },
        pin: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
    if (values.version) {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout.write(usage);
      return values.help || command === 'help' ? 0 : EXIT_USAGE;
    }
    if (rest.length === 0) {
      throw new UsageError(`${command}: give at least one ${command === 'check' ? 'domain' : 'file'}`);
    }
    switch (command) {
      case 'check': {
        const pins: Record<string, string> = {};
        for (const pin of values.pin ?? []) {
          const [host, address] = pin.split('=');
          if (!host || !address || isIP(address) === 0) {
            throw new UsageError(`--pin wants host=IP-address; got ${JSON.stringify(pin)}`);
          }
          pins[host.toLowerCase()] = address;
        }
        return await runCheck(
          {
            domains: rest,
            resolver: values.resolver ?? 'cloudflare',
            method:
              oneOf(values.method, ['get', 'post'] as const, '--method', 'get') === 'post' ? 'POST' : 'GET',
            format: oneOf(values.format, ['text', 'json'] as const, '--format', 'text'),
            dnsTimeoutMs: positiveInt(values['dns-timeout'], '--dns-timeout', 5000),
            policyTimeoutMs: positiveInt(values['policy-timeout'], '--policy-timeout', 10_000),
            allowPrivate: values['allow-private'] ?? false,
            pins,
            caFile: values.ca,
          },
          io,
          signal,
        );
      }
      case 'lint':
        return await runLint(
          {
            files: rest,
            kind:
              values.kind === undefined
                ? undefined
                : oneOf<DocumentKind>(values.kind, documentKinds, '--kind', 'policy'),
            format: oneOf(values.format, ['text', 'json', 'sarif'] as const, '--format', 'text'),
            version,
          },
          io,
        );
      case 'report':
        return await runReport(
          { files: rest, format: oneOf(values.format, ['text', 'json'] as const, '--format', 'text') },
          io,
        );
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}; try check, lint or report`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    ) {
      io.stderr.write(`sts-inspector: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Error && error.name === 'AbortError') {
      io.stderr.write('sts-inspector: interrupted\n');
      return 130;
    }
    throw error;
  }
}
