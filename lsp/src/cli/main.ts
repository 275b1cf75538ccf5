/**
 * `sts-inspector`: argv → command. The only place that knows about process arguments; commands get parsed
 * arguments and an I/O object, and return an exit code (0 clean, 1 error findings, 2 usage or I/O error).
 * Each command's module (and with it the core's parsers, the HTTP client) is loaded only when that command runs, so
 * `--version`, `--help` and a usage error load none of them, and `lint` loads no HTTP client.
 */
import { parseArgs } from 'node:util';
import type { DocumentKind } from '@sts-inspector/shared';
import { verdicts, type Verdict } from '@sts-inspector/shared/verdicts';
import { defaultConcurrency, maxConcurrency } from './check-bounds.js';
import { defaultFailVerdicts, EXIT_INTERRUPTED, EXIT_USAGE, failOnLevels } from './exit-status.js';
import { UsageError, type CliIo } from './io.js';
import { maxShownLineChars, safeText } from './output/safe-text.js';

declare const STS_INSPECTOR_VERSION: string | undefined;
const version = typeof STS_INSPECTOR_VERSION === 'string' ? STS_INSPECTOR_VERSION : '0.0.0-dev';

export const usage = `sts-inspector ${version}: MTA-STS, TLS-RPT and DANE posture checker

Usage:
  sts-inspector check <domain…> [--resolver cloudflare|google|quad9|URL] [--method get|post] [--format text|json]
  sts-inspector check --from-file <file|-> [--concurrency N] [check options]
  sts-inspector lint <file|folder…> [--kind policy|sts-record|tlsrpt-record|report|report-email] [--format text|json|sarif]
  sts-inspector report <file|folder…> [--format text|json]     (.json, .json.gz, .eml)

check options:
  <domain>                 a domain name (IDNs allowed), or a site's http(s):// URL, whose mail domain
                           (its registrable domain, e.g. example.co.uk for https://www.example.co.uk/) is checked
  --resolver <name|URL>    DNS-over-HTTPS endpoint (default cloudflare)
  --method get|post        DoH request method (default get)
  --dns-timeout <ms>       per DNS lookup (default 5000)
  --policy-timeout <ms>    for the policy fetch (default 10000)
  --ca <file>              extra trusted CA (PEM) for the resolver and policy hosts, e.g. a test lab's
  --allow-private          fetch policies from loopback/private addresses (lab tests only)
  --pin <host=address>     connect to host at address without a lookup (tests; repeatable)
  --from-file <file|->     check the domains of a file, one a line (# comments; - reads standard input),
                           printing each result as it ends (one JSON line each with --format json)
  --concurrency <n>        with --from-file, checks at once (default ${defaultConcurrency}, at most ${maxConcurrency})
  --fail-verdict <list>    verdicts that exit 1 (default ${defaultFailVerdicts.join(',')}; any of
                           ${verdicts.join(', ')}; empty for none)

lint and report options:
  --verbose                name each file of a folder that is skipped, and why

all commands:
  --fail-on error|warning|info   the least severity of finding that exits 1 (default error)

Exit codes:
  0  nothing to fail on
  1  a finding at or above --fail-on; for check also a verdict in --fail-verdict
  2  usage or I/O error: bad argument, a file that could not be read, a resolver that answered nothing
  130  interrupted (Ctrl-C)
Colour on a terminal unless NO_COLOR is set.
`;

const see = '; see sts-inspector --help';

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

/** `--fail-verdict unknown,broken` (empty: no verdict fails). */
function verdictList(value: string | undefined): readonly Verdict[] {
  if (value === undefined) {
    return defaultFailVerdicts;
  }
  const list = value
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  for (const v of list) {
    if (!(verdicts as readonly string[]).includes(v)) {
      throw new UsageError(
        `--fail-verdict takes verdicts from ${verdicts.join(', ')}; got ${JSON.stringify(v)}`,
      );
    }
  }
  return list as Verdict[];
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

const options = {
  resolver: { type: 'string' },
  method: { type: 'string' },
  format: { type: 'string' },
  kind: { type: 'string' },
  'dns-timeout': { type: 'string' },
  'policy-timeout': { type: 'string' },
  ca: { type: 'string' },
  'allow-private': { type: 'boolean' },
  pin: { type: 'string', multiple: true },
  'fail-on': { type: 'string' },
  'fail-verdict': { type: 'string' },
  'from-file': { type: 'string' },
  concurrency: { type: 'string' },
  verbose: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;
type OptionName = keyof typeof options;

const commands = ['check', 'lint', 'report'] as const;
type Command = (typeof commands)[number];

/** The options each command takes (beside --help and --version). */
const commandOptions: Record<Command, readonly OptionName[]> = {
  check: [
    'resolver',
    'method',
    'format',
    'dns-timeout',
    'policy-timeout',
    'ca',
    'allow-private',
    'pin',
    'fail-on',
    'fail-verdict',
    'from-file',
    'concurrency',
  ],
  lint: ['kind', 'format', 'verbose', 'fail-on'],
  report: ['format', 'verbose', 'fail-on'],
};

/** `parseArgs`'s errors in our words: the option, what is wrong, where to look. */
function argumentError(error: TypeError & { code?: unknown }): UsageError {
  const option = /'(?:-\w, )?(--?[^' ]+)/.exec(error.message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option ?? ''}${see}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return new UsageError(
        /argument missing/.test(error.message)
          ? `${option ?? 'an option'} needs a value${see}`
          : `${option ?? 'an option'} takes no value${see}`,
      );
    default:
      return new UsageError(`${error.message}${see}`);
  }
}

/** The arguments parsed, or a usage error in our words. */
function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, strict: true, options });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      throw argumentError(error);
    }
    throw error;
  }
}

/**
 * The whole output of `--version` alone, as scripts and package managers ask, or undefined for any other
 * arguments. It is answered before Node's argument parser loads (about a fifteenth of Node's own start); with
 * anything beside it, the parser reads `--version` as usual.
 */
export function loneVersionAnswer(argv: readonly string[]): string | undefined {
  return argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V') ? `${version}\n` : undefined;
}

/** Run the CLI with arguments (without `node` and the script), returning the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const versionAnswer = loneVersionAnswer(argv);
  if (versionAnswer !== undefined) {
    io.stdout.write(versionAnswer);
    return 0;
  }
  try {
    const { values, positionals } = parse(argv);
    if (values.version) {
      io.stdout.write(`${version}\n`);
      return 0;
    }
    const [command, ...rest] = positionals;
    if (values.help || command === undefined || command === 'help') {
      io.stdout.write(usage);
      return values.help || command === 'help' ? 0 : EXIT_USAGE;
    }
    if (!(commands as readonly string[]).includes(command)) {
      throw new UsageError(
        `unknown command ${JSON.stringify(command)}; the commands are check, lint and report${see}`,
      );
    }
    const name = command as Command;
    for (const option of Object.keys(values) as OptionName[]) {
      if (option !== 'help' && option !== 'version' && !commandOptions[name].includes(option)) {
        throw new UsageError(`--${option} does not apply to ${name}${see}`);
      }
    }
    const fromFile = values['from-file'];
    if (name === 'check' && fromFile !== undefined && rest.length > 0) {
      throw new UsageError(`check: give domains or --from-file, not both${see}`);
    }
    if (values.concurrency !== undefined && fromFile === undefined) {
      throw new UsageError(`--concurrency applies with --from-file${see}`);
    }
    if (rest.length === 0 && fromFile === undefined) {
      throw new UsageError(`${name}: give at least one ${name === 'check' ? 'domain' : 'file or folder'}`);
    }
    const failOn = oneOf(values['fail-on'], failOnLevels, '--fail-on', 'error');
    switch (name) {
      case 'check': {
        const { runCheck, parsePins } = await import('./commands/check.js');
        const pins = parsePins(values.pin ?? []);
        const concurrency =
          values.concurrency === undefined ? defaultConcurrency : Number(values.concurrency);
        if (!/^\d+$/.test(values.concurrency ?? '1') || concurrency < 1 || concurrency > maxConcurrency) {
          throw new UsageError(`--concurrency must be a whole number from 1 to ${maxConcurrency}`);
        }
        const signal = io.trapInterrupt?.() ?? new AbortController().signal;
        return await runCheck(
          {
            domains: rest,
            fromFile,
            concurrency,
            resolver: values.resolver ?? 'cloudflare',
            method:
              oneOf(values.method, ['get', 'post'] as const, '--method', 'get') === 'post' ? 'POST' : 'GET',
            format: oneOf(values.format, ['text', 'json'] as const, '--format', 'text'),
            dnsTimeoutMs: positiveInt(values['dns-timeout'], '--dns-timeout', 5000),
            policyTimeoutMs: positiveInt(values['policy-timeout'], '--policy-timeout', 10_000),
            allowPrivate: values['allow-private'] ?? false,
            pins,
            caFile: values.ca,
            fail: { failOn, failVerdicts: verdictList(values['fail-verdict']) },
          },
          io,
          signal,
        );
      }
      case 'lint': {
        const { runLint, documentKinds } = await import('./commands/lint.js');
        return await runLint(
          {
            files: rest,
            kind:
              values.kind === undefined
                ? undefined
                : oneOf<DocumentKind>(values.kind, documentKinds, '--kind', 'policy'),
            format: oneOf(values.format, ['text', 'json', 'sarif'] as const, '--format', 'text'),
            version,
            verbose: values.verbose ?? false,
            failOn,
          },
          io,
        );
      }
      case 'report': {
        const { runReport } = await import('./commands/report.js');
        return await runReport(
          {
            files: rest,
            format: oneOf(values.format, ['text', 'json'] as const, '--format', 'text'),
            verbose: values.verbose ?? false,
            failOn,
          },
          io,
        );
      }
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`sts-inspector: ${safeText(error.message, maxShownLineChars)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof Error && error.name === 'AbortError') {
      io.stderr.write('sts-inspector: interrupted\n');
      return EXIT_INTERRUPTED;
    }
    throw error;
  }
}
