/**
 * The built CLI loads what a command needs when it runs: a copy of lsp/dist/ in which every chunk the command must
 * not load throws as soon as it is evaluated. `--version`, `--help` and a usage error load no chunk larger than a
 * few KiB (no core, no HTTP client, no language server); `lint` of a policy loads no HTTP client.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../../helpers/run-cli.js';

const dist = join(cliPath, '..');
const policy = 'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmax_age: 604800\r\n';

/** A copy of dist/ where each chunk `forbidden` says yes to throws when loaded. */
function distWithout(forbidden: (name: string, text: string) => boolean): { dir: string; trapped: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sts-startup-'));
  cpSync(join(dist, 'cli.js'), join(dir, 'cli.js'));
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
  const child = spawnSync(process.execPath, [join(dir, 'cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('the built CLI loads only what the command needs', () => {
  const made: string[] = [];
  afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('--version, --help and a usage error load no chunk over 8 KiB', () => {
    const { dir, trapped } = distWithout((name) => statSync(join(dist, 'cli-chunks', name)).size > 8 * 1024);
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
    expect(run(dir, 'lint', join(dir, 'cli.js')).stderr).toContain('loaded ');
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
