/**
 * The built .vsix holds the bundles, the manifest, the grammars and the README, and nothing else: no node_modules,
 * sources, tests or source maps; and every file the manifest points to is inside.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { zipEntryNames } from './zip-entries.js';

const lsp = fileURLToPath(new URL('../../../lsp/', import.meta.url));
const manifest = JSON.parse(readFileSync(`${lsp}package.json`, 'utf8')) as {
  name: string;
  version: string;
  main: string;
  contributes: {
    languages: { configuration?: string }[];
    grammars: { path: string }[];
  };
};
const entries = zipEntryNames(readFileSync(`${lsp}dist/${manifest.name}-${manifest.version}.vsix`));
const inExtension = (path: string): string => `extension/${path.replace(/^\.\//, '')}`;

describe('the .vsix', () => {
  it('holds exactly the bundles, the manifest, grammars, language configurations and README', () => {
    expect([...entries].sort()).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/package.json',
        'extension/readme.md',
        'extension/language-configuration.json',
        'extension/syntaxes/dns-zone.language-configuration.json',
        'extension/syntaxes/mta-sts.tmLanguage.json',
        'extension/syntaxes/mta-sts-record.tmLanguage.json',
        'extension/syntaxes/tlsrpt-record.tmLanguage.json',
        'extension/dist/client.cjs',
        'extension/dist/server.js',
        'extension/dist/preview.js',
        'extension/dist/preview-style.css',
      ].sort(),
    );
  });

  it('has no dependencies, sources, tests or maps', () => {
    const unwanted = entries.filter((e) => /node_modules|\.ts$|\.map$|test|\/src\//.test(e));
    expect(unwanted).toEqual([]);
  });

  it('contains every file the manifest names', () => {
    const named = [
      manifest.main,
      ...manifest.contributes.grammars.map((g) => g.path),
      ...manifest.contributes.languages.flatMap((l) =>
        l.configuration === undefined ? [] : [l.configuration],
      ),
    ];
    expect(named.map(inExtension).filter((path) => !entries.includes(path))).toEqual([]);
  });
});
