/** The CLI in-process: argument handling, exit codes and the three output formats, on the core's fixtures. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cli } from './cli.test-helpers.js';
import { toDomain } from './commands/check.js';
import { UsageError } from './io.js';
import { verdicts } from '@sts-inspector/shared';
import { describe, expect, it } from 'vitest';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

function tempFile(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'sts-cli-'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const rfcPolicy =
  'version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n';

describe('sts-inspector usage', () => {
  it('takes in --fail-verdict exactly the verdicts the core gives', async () => {
    const wrong = await cli('check', 'example.com', '--fail-verdict', 'enforced,nonsense');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain(`--fail-verdict takes verdicts from ${verdicts.join(', ')}; got "nonsense"`);
  });

  it('prints usage and exits 2 without a command, 0 with --help', async () => {
    expect((await cli()).code).toBe(2);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('sts-inspector check <domain…>');
  });

  it('rejects unknown commands, options and values with exit 2 and one clear line', async () => {
    for (const argv of [
      ['frobnicate', 'x'],
      ['frobnicate'],
      ['lint', '--nope', 'x'],
      ['lint', '--format', 'xml', 'x'],
      ['lint', '--format'],
      ['check', '--kind', 'policy', 'example.com'],
      ['check'],
      ['check', 'example.com', '--fail-on', 'fatal'],
      ['check', 'example.com', '--fail-verdict', 'unknown,maybe'],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(/^sts-inspector: .+\n$/);
      expect(r.err, argv.join(' ')).not.toMatch(/ERR_|To specify a positional/);
    }
    expect((await cli('frobnicate')).err).toBe(
      'sts-inspector: unknown command "frobnicate"; the commands are check, lint and report; see sts-inspector --help\n',
    );
    expect((await cli('lint', '--foo', 'x')).err).toBe(
      'sts-inspector: unknown option --foo; see sts-inspector --help\n',
    );
    expect((await cli('lint', 'x', '--format')).err).toBe(
      'sts-inspector: --format needs a value; see sts-inspector --help\n',
    );
    expect((await cli('report', '--resolver', 'google', 'x')).err).toBe(
      'sts-inspector: --resolver does not apply to report; see sts-inspector --help\n',
    );
  });

  it('says which resolvers there are when --resolver is wrong', async () => {
    const r = await cli('check', 'example.com', '--resolver', 'foo');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^sts-inspector: --resolver: .*; give one of cloudflare, google, quad9 or the https:\/\/ URL/,
    );
  });

  it('escapes what a user gave when it echoes it back', async () => {
    const r = await cli('lint', '/nonexistent/\u001b]0;owned\u0007x.txt');
    expect(r.err).not.toMatch(/[\u0000-\u001f](?!$)/);
    expect(r.err).toContain('\\u001b]0;owned\\u0007x.txt');
  });

  it('exits 2 on a missing file and on a bad domain', async () => {
    const missing = await cli('lint', '/nonexistent/mta-sts.txt');
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(
      'sts-inspector: /nonexistent/mta-sts.txt: cannot read: no such file or folder\n',
    );
    const bad = await cli('check', 'not a domain');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('not a domain name');
    for (const sneaky of ['user@victim.example', 'a.example/x', 'a.example:99']) {
      expect((await cli('check', sneaky)).code, sneaky).toBe(2);
    }
    const local = await cli('check', 'http://localhost:3000/');
    expect(local.code).toBe(2);
    expect(local.err).toBe('sts-inspector: no mail domain to check in "http://localhost:3000/"\n');
    expect((await cli('check', 'a.example', '--pin', 'mta-sts.a.example=localhost')).err).toContain(
      'IP-address',
    );
  });
});

describe('sts-inspector check', () => {
  it('exits 2 with one clear line when the DoH resolver answers nothing', async () => {
    const r = await cli(
      'check',
      'example.com',
      '--resolver',
      'https://127.0.0.1:2/dns-query',
      '--dns-timeout',
      '2000',
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^sts-inspector: the DoH resolver https:\/\/127\.0\.0\.1:2\/dns-query gave no DNS answer/,
    );
    // The cause, not "fetch failed", and what to try; DNS011 says the same cause.
    expect(r.err).toMatch(
      /127\.0\.0\.1:2 refused the connection \(ECONNREFUSED\); try another resolver with --resolver/,
    );
    expect(r.out).toMatch(/DNS011 .*127\.0\.0\.1:2 refused the connection \(ECONNREFUSED\)/);
    expect(r.out).toContain('UNKNOWN');
    expect(r.out).not.toContain('STS102');
  });

  it('refuses a resolver that is not an https URL or preset', async () => {
    const r = await cli('check', 'example.com', '--resolver', 'http://127.0.0.1/dns-query');
    expect(r.code).toBe(2);
  });
});

describe('sts-inspector lint', () => {
  it('exits 0 on the RFC 8461 example policy and 1 on a policy with errors', async () => {
    expect((await cli('lint', tempFile('mta-sts.txt', rfcPolicy))).code).toBe(0);
    const bad = await cli(
      'lint',
      tempFile('mta-sts.txt', 'version: STSv1\nmode: enforce\nmax_age: 604800\n'),
    );
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('STS218');
  });

  it('prints one JSON document with schemaVersion and findings per file', async () => {
    const file = tempFile(
      'mta-sts.txt',
      'version: STSv1\nmode: Enforce\nmx: mail.example.com\nmax_age: 604800\n',
    );
    const r = await cli('lint', '--format', 'json', file);
    const doc = JSON.parse(r.out) as {
      schemaVersion: number;
      command: string;
      files: { file: string; kind: string; findings: Record<string, unknown>[] }[];
    };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.command).toBe('lint');
    expect(doc.files[0]!.kind).toBe('policy');
    const f = doc.files[0]!.findings.find((x) => x.code === 'STS211')!;
    expect(f).toMatchObject({
      severity: 'error',
      range: { start: { line: 1, character: 6 } },
      rfc: { rfc: 8461, section: '3.2' },
    });
    expect(typeof f.message).toBe('string');
  });

  it('writes SARIF 2.1.0 with 1-based regions', async () => {
    const file = tempFile(
      'mta-sts.txt',
      'version: STSv1\nmode: Enforce\nmx: mail.example.com\nmax_age: 604800\n',
    );
    const sarif = JSON.parse((await cli('lint', '--format', 'sarif', file)).out) as {
      version: string;
      runs: {
        results: {
          ruleId: string;
          level: string;
          locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[];
        }[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    const result = sarif.runs[0]!.results.find((r) => r.ruleId === 'STS211')!;
    expect(result.level).toBe('error');
    expect(result.locations[0]!.physicalLocation.region).toMatchObject({ startLine: 2, startColumn: 7 });
  });

  it('lints records by --kind and reports by content, gzip included', async () => {
    const rec = await cli(
      'lint',
      '--kind',
      'sts-record',
      '--format',
      'json',
      tempFile('record', 'v=STSv1; id=2024-01-01'),
    );
    expect(rec.code).toBe(1);
    expect(
      (JSON.parse(rec.out) as { files: { findings: { code: string }[] }[] }).files[0]!.findings.map(
        (f) => f.code,
      ),
    ).toContain('STS008');
    const folder = await cli('lint', '--format', 'json', `${fixtures}report`);
    const files = (JSON.parse(folder.out) as { files: { file: string; kind: string }[] }).files;
    expect(files.some((f) => f.file.endsWith('.json.gz'))).toBe(true);
    expect(files.every((f) => f.kind === 'report')).toBe(true);
  });

  it('skips unrecognised files found in a folder, and escapes control characters in names', async () => {
    const policy = tempFile('mta-sts.txt', rfcPolicy);
    const dir = policy.slice(0, policy.lastIndexOf('/'));
    writeFileSync(join(dir, 'notes.txt'), 'hello world');
    writeFileSync(join(dir, 'x\u001b[2Jy.mta-sts.txt'), rfcPolicy);
    const r = await cli('lint', dir);
    expect(r.code).toBe(0);
    expect(r.err).toBe('sts-inspector: skipped 1 file that lint does not read (--verbose names them)\n');
    expect(r.out).toContain('x\\u001b[2Jy.mta-sts.txt');
    expect(r.out).not.toContain('\u001b');
    const verbose = await cli('lint', '--verbose', dir);
    expect(verbose.err).toContain(
      `skipped ${join(dir, 'notes.txt')}: not a policy, record, report or report email\n`,
    );
  });

  it('fails on warnings with --fail-on warning, on infos with --fail-on info', async () => {
    // A policy in testing mode with a one-hour max_age: a warning and infos, no error.
    const file = tempFile(
      'mta-sts.txt',
      'version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 3600\n',
    );
    const plain = await cli('lint', '--format', 'json', file);
    const severities = (
      JSON.parse(plain.out) as { files: { findings: { severity: string }[] }[] }
    ).files[0]!.findings.map((f) => f.severity);
    expect(severities).toContain('warning');
    expect(severities).not.toContain('error');
    expect(plain.code).toBe(0);
    expect((await cli('lint', '--fail-on', 'warning', file)).code).toBe(1);
    expect((await cli('lint', '--fail-on', 'info', file)).code).toBe(1);
    expect((await cli('lint', '--fail-on', 'error', file)).code).toBe(0);
  });

  it('refuses a file it cannot classify, saying why and how to fix it', async () => {
    const r = await cli('lint', tempFile('notes.txt', 'hello world'));
    expect(r.code).toBe(2);
    expect(r.err).toContain('cannot tell what this file is (not a policy, record, report or report email)');
    expect(r.err).toContain('--kind');
  });
});

describe('a domain argument', () => {
  it('is a domain as given, or the mail domain of a site URL, as the core decides', () => {
    expect(toDomain('Mail.Example.CO.UK.')).toBe('mail.example.co.uk');
    expect(toDomain('https://www.example.co.uk/login')).toBe('example.co.uk');
    expect(() => toDomain('file:///etc/passwd')).toThrow(UsageError);
  });
});
