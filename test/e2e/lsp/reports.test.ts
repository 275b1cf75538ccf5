import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CancellationTokenSource,
  type CodeAction,
  type DocumentSymbol,
  type Hover,
  type CompletionItem,
} from 'vscode-languageserver-protocol';
import { readReportText, summarizeReports, type ReportSummary } from '@sts-inspector/shared';
import { generateReport } from '../../fixtures/report-generator.js';
import { applyEdits, LspClient, position, uriOf } from './lsp-client.js';

const samples = fileURLToPath(new URL('../../fixtures/samples/', import.meta.url));
const sample = (name: string): string => readFileSync(`${samples}${name}`, 'utf8');
const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';

/** Offset range of a diagnostic in a text, as the text it covers. */
function covered(
  text: string,
  range: { start: { line: number; character: number }; end: { line: number; character: number } },
): string {
  const lines = text.split('\n');
  const at = (p: { line: number; character: number }): number =>
    lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return text.slice(at(range.start), at(range.end));
}

describe('RFC 8460 §4.4 reports in the built server', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({ settings: { maxFindings: 100 } });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('lints a report opened as JSON, hovers members and result types, and previews its summary', async () => {
    const text = sample('empty-failure-detail-fields.json');
    const uri = uriOf('reports/empty-failure-detail-fields.json');
    await client.open(uri, 'json', text);
    const ds = await client.diagnosticsOf(uri);
    expect(ds.map((d) => d.code)).toContain('RPT122');
    const key = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, '"result-type"', 2),
    });
    expect(hoverText(key)).toContain('**result-type**');
    const preview = await client.request<{ markdown: string; version: number }>(
      'stsInspector/reportPreview',
      { uri },
    );
    expect(preview.version).toBe(1);
    expect(preview.markdown).toMatch(/success rate/);
    expect(preview.markdown).toContain('### Per result type');
    expect(preview.markdown).toContain('### Failure details');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.length).toBeGreaterThan(0);
    const first = symbols[0]!;
    expect(
      covered(text, {
        start: first.range.start,
        end: { line: first.range.start.line, character: first.range.start.character + 1 },
      }),
    ).toBe('{');
    expect(first.children?.length).toBeGreaterThan(0);
    expect(text.split('\n')[first.children![0]!.range.start.line]).toContain('{');
    const viaCommand = await client.request<{ markdown: string }>('workspace/executeCommand', {
      command: 'stsInspector.previewReport',
      arguments: [uri],
    });
    expect(viaCommand.markdown).toBe(preview.markdown);
  });

  it('previews a .json.gz and an .eml no editor has open, from disk, with the summary as data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sts-preview-'));
    try {
      const text = sample('mail.ru.json');
      const gz = join(dir, 'mail.ru.json.gz');
      writeFileSync(gz, gzipSync(text));
      const preview = await client.request<{
        version: number;
        markdown: string;
        summary: ReportSummary | null;
        error?: string;
      }>('stsInspector/reportPreview', { uri: pathToFileURL(gz).href });
      const expected = summarizeReports([{ report: readReportText(text).value!, source: gz }]);
      expect(preview.version).toBe(-1);
      expect(preview.error).toBeUndefined();
      expect(preview.summary?.totals).toEqual(expected.totals);
      expect(preview.summary?.byResultType).toEqual(expected.byResultType);
      expect(preview.markdown).toContain('### Per result type');

      const eml = join(dir, 'google.eml');
      writeFileSync(eml, sample('google.com-tlsrpt.eml'));
      const mail = await client.request<{ summary: ReportSummary | null }>('stsInspector/reportPreview', {
        uri: pathToFileURL(eml).href,
      });
      expect(mail.summary?.byOrganization.map((r) => r.key)).toContain('Google Inc.');

      // Not gzip under a gzip name, and a file that is not there: no summary, and why.
      const bad = join(dir, 'broken.json.gz');
      writeFileSync(bad, 'not gzip');
      const broken = await client.request<{ summary: unknown; error?: string }>(
        'stsInspector/reportPreview',
        {
          uri: pathToFileURL(bad).href,
        },
      );
      expect(broken.summary).toBeNull();
      expect(broken.error).toMatch(/^RPT130/);
      const missing = await client.request<{ summary: unknown; error?: string }>(
        'stsInspector/reportPreview',
        {
          uri: pathToFileURL(join(dir, 'gone.json.gz')).href,
        },
      );
      expect(missing.summary).toBeNull();
      expect(missing.error).toMatch(/no such file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('completes result-type values in a report', async () => {
    const text = '{ "policies": [ { "failure-details": [ { "result-type": "" } ] } ], "report-id": "x" }';
    const uri = uriOf('reports/typing.json');
    await client.open(uri, 'json', text);
    await client.diagnosticsOf(uri);
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: position(text, '"result-type": "', 16),
    });
    expect(items.map((i) => i.label)).toContain('certificate-expired');
  });

  it('lints a saved report email', async () => {
    const uri = uriOf('reports/google.eml');
    await client.open(uri, 'plaintext', sample('google.com-tlsrpt.eml'));
    const ds = await client.diagnosticsOf(uri);
    expect(Array.isArray(ds)).toBe(true);
    const preview = await client.request<{ markdown: string }>('stsInspector/reportPreview', { uri });
    expect(preview.markdown).toContain('Google Inc');
  });

  it('keeps typing in a policy ahead of a 10 MB report, drops stale versions and caps findings', async () => {
    const big = generateReport({ seed: 7, targetBytes: 10_000_000, findingRate: 0.5 });
    const bigUri = uriOf('reports/big.json');
    const policyUri = uriOf('typing/mta-sts.txt');
    const policy = 'version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n';
    await client.open(policyUri, 'mta-sts', policy);
    await client.diagnosticsOf(policyUri);
    await client.open(bigUri, 'json', big);
    // Two edits of the report right away: only the last version's diagnostics may be published.
    await client.change(bigUri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' },
    ]);
    const last = await client.change(bigUri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '' },
    ]);
    const typed = await client.change(policyUri, [
      { range: { start: { line: 1, character: 6 }, end: { line: 1, character: 13 } }, text: 'Enforce' },
    ]);
    const policyDiagnostics = await client.diagnostics(policyUri, (p) => p.version === typed);
    const bigDiagnostics = await client.diagnostics(bigUri, (p) => p.version === last);
    expect(client.published.indexOf(policyDiagnostics)).toBeLessThan(
      client.published.indexOf(bigDiagnostics),
    );
    expect(policyDiagnostics.diagnostics.map((d) => d.code)).toEqual(['STS211']);
    expect(client.published.filter((p) => p.uri === bigUri).map((p) => p.version)).toEqual([last]);
    // 100 findings and one line saying how many more there are.
    expect(bigDiagnostics.diagnostics).toHaveLength(101);
    expect(bigDiagnostics.diagnostics[100]!.message).toMatch(/more findings are not shown/);

    // A cancelled request is answered as cancelled.
    const source = new CancellationTokenSource();
    await client.change(bigUri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: ' ' },
    ]);
    const pending = client.connection.sendRequest(
      'stsInspector/reportPreview',
      { uri: bigUri },
      source.token,
    );
    source.cancel();
    await expect(pending).rejects.toMatchObject({ code: -32800 });
  }, 120_000);
});

describe('RFC 1035 §5.1 zone files: records linted in place', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(async () => {
    await client.stop();
  });

  const zone = [
    '$ORIGIN example.com.',
    '$TTL 3600',
    '@          IN SOA ns1 hostmaster ( 2024060101 7200 900 1209600 300 )',
    '_mta-sts   IN TXT ( "v=STSv1; "',
    '                    "id=2024-06-01" )',
    '_smtp._tls.example.com. IN TXT "v=TLSRPTv1; rua=mailto:tls\\"reports@example.com"',
    '           TXT "v=spf1 -all"',
  ].join('\n');

  it('maps ranges through quoted strings, parentheses and escapes', async () => {
    const uri = uriOf('zones/db.example.com');
    await client.open(uri, 'plaintext', zone);
    const ds = await client.diagnosticsOf(uri);
    const sts008 = ds.find((d) => d.code === 'STS008');
    expect(sts008).toBeDefined();
    expect(covered(zone, sts008!.range)).toBe('2024-06-01');
    const rpt = ds.find((d) => d.code === 'RPT009');
    expect(rpt).toBeDefined();
    expect(covered(zone, rpt!.range)).toContain('tls\\"reports@example.com');
  });

  it('offers a fresh id for the _mta-sts record, and the edit fixes STS008', async () => {
    const uri = uriOf('zones/example.com.zone');
    await client.open(uri, 'dns-zone', zone);
    await client.diagnosticsOf(uri);
    const at = position(zone, 'id=2024', 4);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: at, end: at },
      context: { diagnostics: [], only: ['refactor.rewrite'] },
    });
    expect(actions.map((a) => a.title)[0]).toMatch(/^New policy id \d{8}T\d{6}Z$/);
    const v = await client.change(uri, [{ text: applyEdits(zone, actions[0]!.edit!.changes![uri]!) }]);
    expect((await client.diagnosticsOf(uri, v)).map((d) => d.code)).not.toContain('STS008');
  });
});

describe('LSP 3.17 pull diagnostics and settings', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({
      command: 'cli',
      capabilities: { textDocument: { diagnostic: {} }, workspace: { configuration: true } },
      settings: { severity: { STS216: 'off', STS211: 'warning' } },
    });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('answers textDocument/diagnostic with the overrides applied, and pushes nothing', async () => {
    const text = 'version: STSv1\nmode: Enforce\nmx: mail.example.com\nmax_age: 86401\n';
    const uri = uriOf('pull/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    const report = await client.request<{ kind: string; items: { code: string; severity: number }[] }>(
      'textDocument/diagnostic',
      { textDocument: { uri } },
    );
    expect(report.kind).toBe('full');
    expect(report.items.map((d) => [d.code, d.severity])).toEqual([['STS211', 2]]);
    expect(client.published).toEqual([]);
  });
});
