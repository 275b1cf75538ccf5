/**
 * The built CLI loads what a command needs when it runs: a copy of lsp/dist/ in which every chunk the command must
 * not load throws as soon as it is evaluated. `--version`, `--help` and a usage error load no chunk at all, and
 * start no ES module loader (the entry is CommonJS); `lint` of a policy loads no HTTP client, and none of the
 * report parsers, the MIME parser of report emails, the DoH client or the posture check (which chunks hold these
 * is read from the build's metafile, dist/cli-meta.json).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/run-cli.js';

const dist = join(cliPath, '..');
const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';

/** A copy of dist/ where each chunk `forbidden` says yes to throws when loaded. */
function distWithout(forbidden: (name: string, text: string) => boolean): { dir: string; trapped: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sts-startup-'));
  cpSync(join(dist, 'cli.cjs'), join(dir, 'cli.cjs'));
  cpSync(join(dist, 'cli-chunks'), join(dir, 'cli-chunks'), { recursive: true });
  const trapped: string[] = [];
  for (const name of readdirSync(join(dir, 'cli-chunks')).filter((n) => n.endsWith('.js'))) {
    const file = join(dir, 'cli-chunks', name);
    const text = readFileSync(file, 'utf8');
    if (forbidden(name, text)) {
      trapped.push(name);
      // The same exports, so that linking succeeds; evaluating it is what fails.
      const exports = [...text.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) =>
        m[1]!.split(',').map((e) =>
          e
            .trim()
            .split(/\s+as\s+/)
            .at(-1)!,
        ),
      );
      writeFileSync(
        file,
        `throw new Error('loaded ${name}');\n${exports.map((e, i) => `const x${i} = 0; export { x${i} as ${e} };`).join('\n')}\n`,
      );
    }
  }
  return { dir, trapped };
}

function run(dir: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [join(dir, 'cli.cjs'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

interface Metafile {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/** The chunks (file names) of the commands' build that hold any input matching `pattern`. */
function chunksHolding(pattern: RegExp): Set<string> {
  const meta = JSON.parse(readFileSync(join(dist, 'cli-meta.json'), 'utf8')) as { commands: Metafile };
  return new Set(
    Object.entries(meta.commands.outputs)
      .filter(([file, out]) => file.endsWith('.js') && Object.keys(out.inputs).some((i) => pattern.test(i)))
      .map(([file]) => basename(file)),
  );
}

describe('the built CLI loads only what the command needs', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('--version, --help and a usage error load no chunk', () => {
    const { dir, trapped } = distWithout(() => true);
    made.push(dir);
    // The core, the HTTP client and the language server are among what is kept out.
    expect(trapped.length).toBeGreaterThanOrEqual(3);
    const version = run(dir, '--version');
    expect([version.code, version.stderr]).toEqual([0, '']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(dir, '--help');
    expect([help.code, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toContain('sts-inspector check');
    const usage = run(dir, 'frobnicate');
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown command');
    // The trap works: a command that needs the core fails on it.
    expect(run(dir, 'lint', join(dir, 'cli.cjs')).stderr).toContain('loaded ');
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
    const file = join(dir, 'mta-sts.txt');
    writeFileSync(file, policy);
    const lint = run(dir, 'lint', file);
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('mta-sts.txt (policy)');
    // The trap works: check needs the HTTP client.
    expect(run(dir, 'check', 'example.com', '--resolver', 'https://127.0.0.1:9/dns-query').stderr).toContain(
      'loaded ',
    );
  });
});

describe('lint of a policy loads the policy parser alone', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('loads no report parser, MIME parser, DoH client or posture check', () => {
    const heavy = chunksHolding(
      /node_modules\/(postal-mime|@dnsquery\/dns-packet|jsonc-parser)\/|shared\/src\/(tls-rpt\/(report|email)\.ts|dns\/doh\.ts|posture\/check-domain\.ts)$/,
    );
    // Each of these is in some chunk (the report command and the server need them).
    expect(heavy.size).toBeGreaterThanOrEqual(1);
    const { dir, trapped } = distWithout((name) => heavy.has(name));
    made.push(dir);
    expect(trapped.sort()).toEqual([...heavy].sort());
    const file = join(dir, 'mta-sts.txt');
    writeFileSync(file, policy);
    const lint = run(dir, 'lint', file);
    expect(lint.stderr).toBe('');
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('mta-sts.txt (policy)');
    // A record too; a report is what trips the trap.
    const record = join(dir, '_mta-sts.txt');
    writeFileSync(record, 'v=STSv1; id=20260101\n');
    expect(run(dir, 'lint', record).code).toBe(0);
    const report = join(dir, 'report.json');
    writeFileSync(report, '{}');
    expect(run(dir, 'lint', '--kind', 'report', report).stderr).toContain('loaded ');
  });
});
