/**
 * The fixture table: which files under shared/fixtures/<kind>/ are cases, how each is linted, and what its golden
 * `<name>.findings.json` holds (every finding whole, as a user sees it: code, severity, message, range, path, RFC,
 * related locations, fix and data). The fixture test compares; `npm run goldens` (test/tools/goldens.ts) writes.
 * Both take the fixtures folder as an argument, since the writer runs bundled from another place.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Finding } from '../findings/types.js';
import { testGunzip } from '../gzip/node-gunzip.test-helpers.js';
import type { DocumentKind } from './document-kind.js';
import { lintDocument, type LintResult } from './document.js';

/** Fixture folders and the kind of document each holds; `regressions/<folder>` holds inputs that once broke a parser. */
export const fixtureFolders: Record<string, DocumentKind> = {
  'mta-sts-record': 'sts-record',
  policy: 'policy',
  'tls-rpt-record': 'tlsrpt-record',
  report: 'report',
  'report-msg': 'report-email',
};

const inputExtension = /\.(txt|json|json\.gz|gz|eml)$/;

export interface FixtureCase {
  /** `policy`, `regressions/report`, …: the folder under the fixtures folder. */
  folder: string;
  kind: DocumentKind;
  file: string;
  /** The code the file name promises (`<CODE>--slug`), undefined for `ok--` files and regressions. */
  code: string | undefined;
  /** Absolute paths of the input and its golden file. */
  input: string;
  golden: string;
  /** A sidecar `<name>.options.json`, giving context a file cannot carry (e.g. the policy domain). */
  options: string;
}

/** Every case, in a stable order. */
export function listFixtureCases(fixturesDir: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const [folder, kind] of Object.entries(fixtureFolders)) {
    for (const sub of [folder, `regressions/${folder}`]) {
      const dir = `${fixturesDir}${sub}/`;
      if (!existsSync(dir)) {
        continue;
      }
      for (const file of readdirSync(dir).sort()) {
        if (file.endsWith('.findings.json') || file.endsWith('.options.json') || file.startsWith('.')) {
          continue;
        }
        const lead = file.split('--')[0] ?? '';
        const stem = `${dir}${file.replace(inputExtension, '')}`;
        cases.push({
          folder: sub,
          kind,
          file,
          code: lead === 'ok' || sub.startsWith('regressions') ? undefined : lead,
          input: `${dir}${file}`,
          golden: `${stem}.findings.json`,
          options: `${stem}.options.json`,
        });
      }
    }
  }
  return cases;
}

/** Golden files that belong to no case (their fixture was renamed or removed). */
export function orphanGoldens(fixturesDir: string, cases: FixtureCase[]): string[] {
  const known = new Set(cases.map((c) => c.golden));
  return Object.keys(fixtureFolders)
    .flatMap((folder) => [folder, `regressions/${folder}`])
    .map((sub) => `${fixturesDir}${sub}/`)
    .filter((dir) => existsSync(dir))
    .flatMap((dir) => readdirSync(dir).map((file) => `${dir}${file}`))
    .filter((path) => path.endsWith('.findings.json') && !known.has(path))
    .sort();
}

/** Lint a case as the CLI's `lint` would, with its sidecar options. */
export function lintFixture(c: FixtureCase): Promise<LintResult> {
  const bytes = new Uint8Array(readFileSync(c.input));
  const extra = existsSync(c.options)
    ? (JSON.parse(readFileSync(c.options, 'utf8')) as { domain?: string; maxDecompressedBytes?: number })
    : {};
  return lintDocument(c.kind, bytes, { decompress: testGunzip, fileName: c.file, ...extra });
}

/** The text of a golden file: the findings whole, in the order lint gives them. */
export function goldenText(findings: Finding[]): string {
  return JSON.stringify(findings, null, 2) + '\n';
}
