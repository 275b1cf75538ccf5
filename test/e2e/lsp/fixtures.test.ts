/**
 * Every policy, record and report rule of the catalogue that has a fixture reaches an editor: each fixture is
 * opened in the built server as an editor would open it, and its code must be among the diagnostics published.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from '@sts-inspector/shared';
import { LspClient, uriOf } from './lsp-client.js';

const root = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

/** How an editor opens each fixture folder: the file name it would have and its language id. */
const folders = {
  policy: { name: (slug: string) => `${slug}/mta-sts.txt`, languageId: 'mta-sts' },
  'mta-sts-record': { name: (slug: string) => `${slug}.txt`, languageId: 'mta-sts-record' },
  'tls-rpt-record': { name: (slug: string) => `${slug}.txt`, languageId: 'tlsrpt-record' },
  // Broken JSON is no report by its content: these are opened with the report language set, as a user would.
  report: { name: (slug: string) => `${slug}.json`, languageId: 'tlsrpt-report' },
  'report-msg': { name: (slug: string) => `${slug}.eml`, languageId: 'plaintext' },
} as const;

interface Fixture {
  folder: keyof typeof folders;
  file: string;
  code: string;
  text: string;
}

const fixtures: Fixture[] = Object.keys(folders).flatMap((folder) =>
  readdirSync(`${root}${folder}`)
    .filter((f) => /^[A-Z]{3}\d{3}--.*\.(txt|json|eml)$/.test(f) && !/\.(findings|options)\.json$/.test(f))
    .map((file) => ({
      folder: folder as keyof typeof folders,
      file,
      code: file.slice(0, 6),
      text: readFileSync(`${root}${folder}/${file}`, 'latin1'),
    })),
);

/** Fixtures whose point is bytes an editor never hands over as text (invalid UTF-8 is decoded before we see it). */
const bytesOnly = (f: Fixture): boolean => /invalid-utf-?8/.test(f.file);

const fileScopes = new Set(['sts-txt', 'policy', 'rpt-txt', 'report', 'report-msg']);

describe('every file-testable rule of the catalogue reaches the client as a diagnostic', () => {
  let client: LspClient;
  const reached = new Map<string, string[]>();
  beforeAll(async () => {
    client = await LspClient.start();
    for (const f of fixtures.filter((x) => !bytesOnly(x))) {
      const options = readOptions(f);
      const slug = f.file.replace(/\.(txt|json|eml)$/, '');
      const name = options.domain
        ? `${options.domain}/.well-known/mta-sts.txt`
        : folders[f.folder].name(slug);
      const uri = uriOf(`fixtures/${f.folder}/${name}`);
      const text = f.folder === 'report-msg' ? f.text : Buffer.from(f.text, 'latin1').toString('utf8');
      await client.open(uri, folders[f.folder].languageId, text);
      const ds = await client.diagnosticsOf(uri);
      reached.set(
        `${f.folder}/${f.file}`,
        ds.map((d) => String(d.code)),
      );
    }
  }, 120_000);
  afterAll(async () => {
    await client.stop();
  });

  it.each(fixtures.filter((f) => !bytesOnly(f)).map((f) => [`${f.folder}/${f.file}`, f.code]))(
    '%s publishes %s',
    (key, code) => {
      expect(reached.get(key)).toContain(code);
    },
  );

  it('covers every code of a file scope that has a fixture', () => {
    const withFixture = new Set(fixtures.filter((f) => !bytesOnly(f)).map((f) => f.code));
    const codes = findingCodes.filter((c) => fileScopes.has(catalogue[c].scope) && withFixture.has(c));
    const seen = new Set([...reached.values()].flat());
    expect(codes.filter((c) => !seen.has(c))).toEqual([]);
    expect(codes.length).toBeGreaterThan(90);
  });
});

function readOptions(f: Fixture): { domain?: string } {
  try {
    return JSON.parse(
      readFileSync(`${root}${f.folder}/${f.file.replace(/\.(txt|json|eml)$/, '.options.json')}`, 'utf8'),
    ) as { domain?: string };
  } catch {
    return {};
  }
}
