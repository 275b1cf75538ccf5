/**
 * The fixtures table: every file under shared/fixtures/<kind>/ is linted and compared with its golden file, which
 * must exist (`npm run goldens` writes goldens; this test never does). `<CODE>--slug.ext` must produce CODE and no
 * other error; `ok--slug.ext` must produce no error or warning. Every catalogue code of a file-testable scope must
 * have a fixture.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from '../findings/catalogue.js';
import { createLineIndex } from '../text/line-index.js';
import { goldenText, lintFixture, listFixtureCases, orphanGoldens } from './fixture-cases.test-helpers.js';

const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Scopes whose every code must have a fixture. */
const fileScopes = new Set(['sts-txt', 'policy', 'rpt-txt', 'report', 'report-msg']);
/** Codes of those scopes that no file can trigger: DKIM verification needs DNS (the key record). */
const needsDns = new Set(['RPT209', 'RPT211']);

const cases = listFixtureCases(fixturesDir);
const relative = (path: string): string => path.slice(fixturesDir.length);

describe('fixtures', () => {
  for (const c of cases) {
    it(`${c.folder}/${c.file}`, async () => {
      const result = await lintFixture(c);
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
      const golden = `shared/fixtures/${relative(c.golden)}`;
      expect(
        existsSync(c.golden),
        `${golden} is missing: write it with \`npm run goldens\` and read it`,
      ).toBe(true);
      expect(
        goldenText(findings),
        `${golden} differs: if the change is meant, \`npm run goldens\` rewrites it; read the diff`,
      ).toBe(readFileSync(c.golden, 'utf8'));
    });
  }

  it('have no golden file without its fixture', () => {
    expect(orphanGoldens(fixturesDir, cases).map(relative)).toEqual([]);
  });

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
