/**
 * The live check against the lab's real DoH resolver: the built server looks the policy domain's MX set up and
 * flags the MX host no `mx` line covers, with a fix that adds it (RFC 8461 §4.1).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { labFromSetup } from '../../helpers/lab.js';
import { applyEdits, LspClient, uriOf } from './lsp-client.js';

const lab = labFromSetup(inject('lab'));

describe.skipIf(!lab)('RFC 8461 §4.1 live MX check against the lab', () => {
  let client: LspClient;
  beforeAll(async () => {
    client = await LspClient.start({
      settings: { liveCheck: true, resolver: lab!.dohUrl },
      // The lab's DoH server has a certificate from the lab's CA.
      env: { NODE_EXTRA_CA_CERTS: lab!.caFile },
    });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('flags the uncovered MX host on the mx line, and its fix adds the host', async () => {
    const text = 'version: STSv1\nmode: enforce\nmx: mail.mx-uncovered.test\nmax_age: 604800\n';
    const uri = uriOf('mx-uncovered.test/.well-known/mta-sts.txt');
    await client.open(uri, 'mta-sts', text);
    // The lint comes at once; the live findings follow in a second publication of the same version.
    const live = await client.diagnostics(
      uri,
      (p) => p.version === 1 && p.diagnostics.some((d) => d.code === 'STS310'),
    );
    const sts310 = live.diagnostics.find((d) => d.code === 'STS310')!;
    expect(sts310.message).toContain('mx2.mx-uncovered.test');
    expect(sts310.range.start.line).toBe(2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: sts310.range,
      context: { diagnostics: [sts310], only: ['quickfix'] },
    });
    const fixed = applyEdits(text, actions[0]!.edit!.changes![uri]!);
    expect(fixed).toBe(
      'version: STSv1\nmode: enforce\nmx: mail.mx-uncovered.test\nmx: mx2.mx-uncovered.test\nmax_age: 604800\n',
    );
    const v = await client.change(uri, [{ text: fixed }]);
    // The MX answer is cached for its TTL, so the new version's live result comes with its first publication.
    const after = await client.diagnosticsOf(uri, v);
    expect(after.map((d) => d.code)).toEqual([]);
  });
});
