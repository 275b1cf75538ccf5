/**
 * The built CLI loads what a command needs when it runs: a copy of lsp/dist/ in which every command bundle the run
 * must not load throws as soon as it is evaluated. `--version`, `--help` and a usage error load no bundle at all,
 * and start no ES module loader (the entry is CommonJS); `lint` loads no HTTP client; and `lint` of a policy
 * evaluates none of the report parsers, the MIME parser of report emails, the DoH client or the posture check (its
 * bundle is built again with those modules made to throw). Each command bundle runs with the code cache the build
 * made for it, and a cache that does not belong to the bundle is ignored.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build, type Plugin } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { commandBundleOptions, commandEntries } from '../../../lsp/cli-bundle.mjs';
import { cliPath } from '../../helpers/run-cli.js';

const dist = join(cliPath, '..');
const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';

/** A copy of the built CLI (the entry, the command bundles and their code caches). */
function copyOfDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sts-startup-'));
  cpSync(join(dist, 'cli.cjs'), join(dir, 'cli.cjs'));
  cpSync(join(dist, 'cli-commands'), join(dir, 'cli-commands'), { recursive: true });
  return dir;
}

/** A copy of the built CLI where each command bundle `forbidden` says yes to throws when loaded. */
function distWithout(forbidden: (name: string, text: string) => boolean): { dir: string; trapped: string[] } {
  const dir = copyOfDist();
  const trapped: string[] = [];
  for (const name of readdirSync(join(dir, 'cli-commands')).filter((n) => n.endsWith('.cjs'))) {
    const file = join(dir, 'cli-commands', name);
    if (forbidden(name, readFileSync(file, 'utf8'))) {
      trapped.push(name);
      writeFileSync(file, `throw new Error('loaded ${name}');\n`);
    }
  }
  return { dir, trapped };
}

function run(
  dir: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [join(dir, 'cli.cjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Lint a clean policy written into `dir` with the CLI there: it must pass quietly and say what it linted. */
function expectPolicyLintsClean(dir: string): void {
  const file = join(dir, 'mta-sts.txt');
  writeFileSync(file, policy);
  const lint = run(dir, ['lint', file]);
  expect(lint.stderr).toBe('');
  expect(lint.code).toBe(0);
  expect(lint.stdout).toContain('mta-sts.txt (policy)');
}

describe('the built CLI loads only what the command needs', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('--version, --help and a usage error load no command bundle', () => {
    const { dir, trapped } = distWithout(() => true);
    made.push(dir);
    expect(trapped.sort()).toEqual(
      Object.keys(commandEntries)
        .map((c) => `${c}.cjs`)
        .sort(),
    );
    const version = run(dir, ['--version']);
    expect([version.code, version.stderr]).toEqual([0, '']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(dir, ['--help']);
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('sts-inspector check');
    const usage = run(dir, ['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown command');
    // The trap works: a command that needs the core fails on it.
    expect(run(dir, ['lint', join(dir, 'cli.cjs')]).stderr).toContain('loaded ');
  });

  it('--version starts no ES module loader and opens no standard input', () => {
    // Node's own modules loaded by the end of the run, beside those a bare `node -e 0` loads.
    const dir = mkdtempSync(join(tmpdir(), 'sts-startup-'));
    made.push(dir);
    const hook = join(dir, 'loaded.cjs');
    writeFileSync(
      hook,
      "process.on('exit', () => require('node:fs').writeSync(2, JSON.stringify(process.moduleLoadList)));\n",
    );
    const loaded = (args: string[]): string[] => {
      const child = spawnSync(process.execPath, ['--require', hook, ...args], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(child.status).toBe(0);
      return JSON.parse(child.stderr) as string[];
    };
    const bare = new Set(loaded(['-e', 'process.stdout.write("")']));
    const extra = loaded([cliPath, '--version']).filter((m) => !bare.has(m));
    expect(extra.filter((m) => /esm|stream|readline|tty|net/.test(m))).toEqual([]);
  });

  it('lint of a policy loads no HTTP client', () => {
    const { dir, trapped } = distWithout((_name, text) => /["']node:(https|http2|tls)["']/.test(text));
    made.push(dir);
    expect(trapped.length).toBeGreaterThanOrEqual(1);
    expectPolicyLintsClean(dir);
    // The trap works: check needs the HTTP client.
    expect(
      run(dir, ['check', 'example.com', '--resolver', 'https://127.0.0.1:9/dns-query']).stderr,
    ).toContain('loaded check.cjs');
  });
});

describe('lint of a policy evaluates the policy parser alone', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('evaluates no report parser, MIME parser, DoH client or posture check', async () => {
    const heavy =
      /node_modules\/(postal-mime|@dnsquery\/dns-packet|jsonc-parser)\/|shared\/src\/(tls-rpt\/(parse\/[\w-]+|files\/(email|report-file))|dns\/doh|posture\/check-domain)\.ts$/;
    const trapped = new Set<string>();
    const trap: Plugin = {
      name: 'trap',
      setup(b) {
        b.onLoad({ filter: heavy }, (args) => {
          trapped.add(args.path);
          return { contents: `throw new Error(${JSON.stringify(`loaded ${args.path}`)});`, loader: 'js' };
        });
      },
    };
    const built = await build(
      commandBundleOptions(commandEntries.lint, {
        define: { STS_INSPECTOR_VERSION: '"0.0.0"' },
        plugins: [trap],
      }),
    );
    // The report parsers and the reader of report emails are in the bundle, for reports (the MIME parser is
    // imported by the latter alone); the check's modules are not.
    expect([...trapped].some((p) => p.includes('tls-rpt/parse/'))).toBe(true);
    expect([...trapped].some((p) => p.endsWith('tls-rpt/files/email.ts'))).toBe(true);
    expect([...trapped].some((p) => /dns\/doh|check-domain/.test(p))).toBe(false);
    const dir = copyOfDist();
    made.push(dir);
    // Without a code cache: that of the real bundle belongs to another build.
    rmSync(join(dir, 'cli-commands', 'lint.cjs.cache'));
    writeFileSync(
      join(dir, 'cli-commands', 'lint.cjs'),
      built.outputFiles.find((f) => f.path.endsWith('.cjs'))!.text,
    );
    expectPolicyLintsClean(dir);
    // A record too; a report is what trips the trap.
    const record = join(dir, '_mta-sts.txt');
    writeFileSync(record, 'v=STSv1; id=20260101\n');
    expect(run(dir, ['lint', record]).code).toBe(0);
    const report = join(dir, 'report.json');
    writeFileSync(report, '{}');
    expect(run(dir, ['lint', '--kind', 'report', report]).stderr).toContain('loaded ');
  });
});

describe('the command bundles run with their code cache', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const trace = { ...process.env, STS_INSPECTOR_TRACE_CODE_CACHE: '1' };

  it('each command takes the cache the build made for it', () => {
    const dir = copyOfDist();
    made.push(dir);
    const file = join(dir, 'mta-sts.txt');
    writeFileSync(file, policy);
    for (const [args, name] of [
      [['lint', file], 'lint'],
      [['report', file], 'report'],
      [
        ['check', 'example.com', '--resolver', 'https://127.0.0.1:9/dns-query', '--dns-timeout', '2000'],
        'check',
      ],
    ] as const) {
      const result = run(dir, [...args], trace);
      expect(result.stderr).toContain(`code cache of ${join(dir, 'cli-commands', `${name}.cjs`)}: accepted`);
    }
  });

  it('a cache of another build, one V8 refuses or none at all is ignored, and the command works', () => {
    const dir = copyOfDist();
    made.push(dir);
    const file = join(dir, 'mta-sts.txt');
    writeFileSync(file, policy.replace('mode: enforce', 'mode: sometimes'));
    const cache = join(dir, 'cli-commands', 'lint.cjs.cache');
    const good = readFileSync(cache);
    const expected = run(dir, ['lint', file]);
    expect(expected.code).toBe(1);
    expect(expected.stdout).toContain('sometimes');
    const cases: [string, Buffer | undefined][] = [
      [
        'of another build',
        Buffer.concat([Buffer.from('0123456789abcdef\n'), good.subarray(good.indexOf(10) + 1)]),
      ],
      ['refused by V8', Buffer.concat([good.subarray(0, good.indexOf(10) + 1), Buffer.alloc(4096, 7)])],
      ['missing', undefined],
    ];
    for (const [use, content] of cases) {
      rmSync(cache, { force: true });
      if (content !== undefined) {
        writeFileSync(cache, content);
      }
      const result = run(dir, ['lint', file], trace);
      expect(result.stderr).toContain(`: ${use}`);
      expect([result.code, result.stdout]).toEqual([expected.code, expected.stdout]);
    }
  });
});
