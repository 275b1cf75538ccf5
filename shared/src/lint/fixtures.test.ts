/**
 * The fixtures table: every file under shared/fixtures/<kind>/ is linted and compared with its golden file.
 * `<CODE>--slug.ext` must produce CODE and no other error; `ok--slug.ext` must produce no error or warning.
 * Every catalogue code of a file-testable scope must have a fixture.
 */
import { testGunzip } from '../gzip/node-gunzip.test-helpers.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from '../findings/catalogue.js';
import { createLineIndex } from '../text/line-index.js';
import { lintDocument, type DocumentKind } from './document.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

const folders: Record<string, DocumentKind> = {
  'mta-sts-record': 'sts-record',
  policy: 'policy',
  'tls-rpt-record': 'tlsrpt-record',
  report: 'report',
  'report-msg': 'report-email',
};

/** Scopes whose every code must have a fixture. */
const fileScopes = new Set(['sts-txt', 'policy', 'rpt-txt', 'report', 'report-msg']);
/** Codes of those scopes that no file can trigger: DKIM verification needs DNS (the key record). */
const needsDns = new Set(['RPT209', 'RPT211']);

const decompress = testGunzip;

interface Case {
  folder: string;
  kind: DocumentKind;
  file: string;
  code: string | undefined;
}

function listCases(): Case[] {
  const cases: Case[] = [];
  for (const [folder, kind] of Object.entries(folders)) {
    for (const sub of [folder, `regressions/${folder}`]) {
      const dir = `${fixturesDir}${sub}`;
      if (!existsSync(dir)) {
        continue;
      }
      for (const file of readdirSync(dir).sort()) {
        if (file.endsWith('.findings.json') || file.endsWith('.options.json') || file.startsWith('.')) {
          continue;
        }
        const lead = file.split('--')[0] ?? '';
        cases.push({
          folder: sub,
          kind,
          file,
          code: lead === 'ok' || sub.startsWith('regressions') ? undefined : lead,
        });
      }
    }
  }
  return cases;
}

const cases = listCases();

describe('fixtures', () => {
  for (const c of cases) {
    it(`${c.folder}/${c.file}`, async () => {
      const bytes = new Uint8Array(readFileSync(`${fixturesDir}${c.folder}/${c.file}`));
      // A sidecar `<name>.options.json` gives context a file cannot carry, e.g. the policy domain.
      const optionsFile = `${fixturesDir}${c.folder}/${c.file.replace(/\.(txt|json|json\.gz|gz|eml)$/, '')}.options.json`;
      const extra = existsSync(optionsFile)
        ? (JSON.parse(readFileSync(optionsFile, 'utf8')) as {
            domain?: string;
            maxDecompressedBytes?: number;
          })
        : {};
      const result = await lintDocument(c.kind, bytes, { decompress, fileName: c.file, ...extra });
      const findings = result.findings;
      const errors = findings.filter((f) => f.severity === 'error').map((f) => f.code);
      if (c.code === undefined && !c.folder.startsWith('regressions')) {
        expect(findings.filter((f) => f.severity === 'error' || f.severity === 'warning')).toEqual([]);
      } else if (c.code !== undefined) {
        expect(findings.map((f) => f.code)).toContain(c.code);
        expect(errors.filter((code) => code !== c.code)).toEqual([]);
      }
      // Messages are complete and ranges lie inside the document.
      const index = result.text === undefined ? undefined : createLineIndex(result.text);
      for (const f of findings) {
        expect(f.message).not.toMatch(/\{\w+\}/);
        if (f.range && index) {
          const start = index.offsetAt(f.range.start);
          const end = index.offsetAt(f.range.end);
          expect(start).toBeLessThanOrEqual(end);
          expect(index.positionAt(start)).toEqual(f.range.start);
          expect(index.positionAt(end)).toEqual(f.range.end);
        }
      }
      const golden = `${fixturesDir}${c.folder}/${c.file.replace(/\.(txt|json|json\.gz|gz|eml)$/, '')}.findings.json`;
      const shown = findings.map(({ code, severity, range, data, fix }) => ({
        code,
        severity,
        range,
        data,
        fix,
      }));
      await expect(JSON.stringify(shown, null, 2) + '\n').toMatchFileSnapshot(golden);
    });
  }

  it('cover every code of a file-testable scope, and name only real codes', () => {
    const covered = new Set(cases.map((c) => c.code).filter((code) => code !== undefined));
    for (const code of covered) {
      expect(findingCodes, `fixture names unknown code ${code}`).toContain(code);
    }
    const missing = findingCodes.filter(
      (code) => fileScopes.has(catalogue[code].scope) && !needsDns.has(code) && !covered.has(code),
    );
    expect(missing).toEqual([]);
  });
});
