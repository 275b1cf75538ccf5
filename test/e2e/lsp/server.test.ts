import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CodeAction,
  CompletionItem,
  Diagnostic,
  DocumentSymbol,
  Hover,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits, LspClient, position, uriOf } from './lsp-client.js';

const codes = (ds: Diagnostic[]): string[] => ds.map((d) => String(d.code));
const hoverText = (h: Hover | null): string =>
  h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';

const broken = 'version: STSv1\nmode: Enforce\nmx: .example.net\nmax_age: 31557601\n';

describe('the built server over stdio (RFC 8461 §3.2 policies)', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start();
  });
  afterAll(async () => {
    await client.stop();
  });

  it('publishes located diagnostics with code, RFC link, tags and source', async () => {
    const uri = uriOf('example.com/.well-known/mta-sts.txt');
    await client.open(uri, 'mta-sts', broken);
    const ds = await client.diagnosticsOf(uri);
    expect(codes(ds)).toEqual(['STS211', 'STS303', 'STS214']);
    const sts211 = ds[0]!;
    expect(sts211.range).toEqual({ start: position(broken, 'Enforce'), end: position(broken, 'Enforce', 7) });
    expect(sts211.source).toBe('sts-inspector');
    expect(sts211.severity).toBe(1);
    expect(sts211.codeDescription?.href).toBe('https://www.rfc-editor.org/rfc/rfc8461#section-3.2');
    expect(ds[1]!.tags).toEqual([2]);
  });

  it('follows incremental changes: a fixed value loses its diagnostic', async () => {
    const uri = uriOf('incremental/mta-sts.txt');
    await client.open(uri, 'mta-sts', broken);
    await client.diagnosticsOf(uri);
    const at = position(broken, 'Enforce');
    await client.change(uri, [
      { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: 'e' },
    ]);
    expect(codes(await client.diagnosticsOf(uri))).toEqual(['STS303', 'STS214']);
  });

  it('hovers keys, values (max_age in human units) and diagnostics', async () => {
    const text = 'version: STSv1\nmode: testing\nmx: mail.example.com\nmax_age: 31536000\n';
    const uri = uriOf('hover/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    await client.diagnosticsOf(uri);
    const hover = (match: string, delta = 1): Promise<Hover | null> =>
      client.request('textDocument/hover', { textDocument: { uri }, position: position(text, match, delta) });
    expect(hoverText(await hover('max_age'))).toContain('How long, in seconds');
    expect(hoverText(await hover('31536000'))).toContain('365 days');
    expect(hoverText(await hover('testing'))).toContain('report failures');
    const b = 'version: STSv1\nmode: Enforce\n';
    const uri2 = uriOf('hover2/mta-sts.txt');
    await client.open(uri2, 'mta-sts', b);
    await client.diagnosticsOf(uri2);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uri2 },
      position: position(b, 'Enforce', 2),
    });
    expect(hoverText(h)).toContain('**STS211**');
  });

  it('hovers record fields and offers a record skeleton with a fresh id', async () => {
    const text = 'v=STSv1; id=2024';
    const uri = uriOf('records/_mta-sts.txt');
    await client.open(uri, 'mta-sts-record', text);
    await client.diagnosticsOf(uri);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri },
      position: position(text, 'id=', 1),
    });
    expect(hoverText(h)).toContain('**id**');
    const empty = uriOf('records/new.txt');
    await client.open(empty, 'mta-sts-record', '');
    await client.diagnosticsOf(empty);
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: empty },
      position: { line: 0, character: 0 },
    });
    expect(items.map((i) => i.label)).toEqual([expect.stringMatching(/^v=STSv1; id=\d{8}T\d{6}Z$/)]);
  });

  it('completes missing keys and the values of mode and max_age', async () => {
    const text = 'version: STSv1\nmode: \n';
    const uri = uriOf('complete/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    await client.diagnosticsOf(uri);
    const values = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: position(text, 'mode: ', 6),
    });
    expect(values.map((i) => i.label)).toEqual(['enforce', 'testing', 'none']);
    const keys = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: 0 },
    });
    expect(keys.map((i) => i.label)).toEqual(['mx', 'max_age']);
    const v = await client.change(uri, [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: 'max_age: ' },
    ]);
    await client.diagnosticsOf(uri, v);
    const ages = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri },
      position: { line: 2, character: 9 },
    });
    expect(ages.find((i) => i.label === '604800')?.detail).toBe('1 week');
  });

  it('applies a quick fix and the finding is gone; fix all fixes the rest', async () => {
    const text =
      'version: STSv1\nmode: enforce\nmx: mail.example.com.\nmx: mail.example.com.\nmax_age: 604800\n';
    const uri = uriOf('fix/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    const ds = await client.diagnosticsOf(uri);
    const sts304 = ds.find((d) => d.code === 'STS304')!;
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: sts304.range,
      context: { diagnostics: [sts304], only: ['quickfix'] },
    });
    expect(actions).toHaveLength(1);
    const edits = actions[0]!.edit!.changes![uri]!;
    const fixed = applyEdits(text, edits);
    const v = await client.change(uri, [{ text: fixed }]);
    const after = await client.diagnosticsOf(uri, v);
    expect(
      after.filter((d) => d.range.start.line === sts304.range.start.line && d.code === 'STS304'),
    ).toEqual([]);
    // Fix all applies the fixes that do not overlap; a second round takes those that did (a duplicate line).
    let current = fixed;
    for (let round = 0; round < 2; round++) {
      const all = await client.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      });
      current = applyEdits(current, all[0]!.edit!.changes![uri]!);
      await client.diagnosticsOf(uri, await client.change(uri, [{ text: current }]));
    }
    expect(codes(await client.diagnosticsOf(uri))).toEqual([]);
    expect(current).toBe('version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n');
  });

  it('formats a policy keeping every field in order, with CRLF', async () => {
    const text =
      '\uFEFFversion :STSv1\n\nmode:enforce  \nx-unknown line\nmx: mail.example.com\nmax_age: 604800\n';
    const uri = uriOf('format/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    await client.diagnosticsOf(uri);
    const edits = await client.request<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 2, insertSpaces: true },
    });
    expect(applyEdits(text, edits)).toBe(
      'version: STSv1\r\nmode: enforce\r\nx-unknown line\r\nmx: mail.example.com\r\nmax_age: 604800\r\n',
    );
  });

  it('lists policy fields as document symbols', async () => {
    const uri = uriOf('symbols/mta-sts.txt');
    await client.open(uri, 'mta-sts', broken);
    await client.diagnosticsOf(uri);
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', {
      textDocument: { uri },
    });
    expect(symbols.map((s) => `${s.name}=${s.detail}@${s.range.start.line}`)).toEqual([
      'version=STSv1@0',
      'mode=Enforce@1',
      'mx=.example.net@2',
      'max_age=31557601@3',
    ]);
  });

  it('recognises a policy saved under another name by its content, and leaves other JSON alone', async () => {
    const uri = uriOf('policy.txt');
    await client.open(uri, 'plaintext', broken);
    expect(codes(await client.diagnosticsOf(uri))).toContain('STS211');
    const json = uriOf('package.json');
    await client.open(json, 'json', '{ "name": "x", "version": "1.0.0" }\n');
    const other = uriOf('other/mta-sts.txt');
    await client.open(other, 'mta-sts', broken);
    await client.diagnosticsOf(other);
    expect(client.published.filter((p) => p.uri === json)).toEqual([]);
  });
});
