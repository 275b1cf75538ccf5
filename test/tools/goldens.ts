/**
 * `npm run goldens [-- <part of a path>…]`: (re)writes the golden `*.findings.json` of every fixture under
 * shared/fixtures/ (or of those whose path contains one of the arguments) from what `lint` finds now, and lists
 * each file it created or changed, so that a person reads those before committing them. The fixture test compares
 * and never writes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The writer must compute goldens exactly as the fixture test reads them: it shares the test's helper, not the
// core's public API.
// eslint-disable-next-line no-restricted-imports
import {
  goldenText,
  lintFixture,
  listFixtureCases,
  orphanGoldens,
} from '../../shared/src/lint/fixture-cases.test-helpers.js';

const fixturesDir = fileURLToPath(new URL('../../shared/fixtures/', import.meta.url));
const filters = process.argv.slice(2);
const relative = (path: string): string => `shared/fixtures/${path.slice(fixturesDir.length)}`;

const cases = listFixtureCases(fixturesDir).filter(
  (c) => filters.length === 0 || filters.some((f) => relative(c.input).includes(f)),
);
let unchanged = 0;
for (const c of cases) {
  const text = goldenText((await lintFixture(c)).findings);
  const before = existsSync(c.golden) ? readFileSync(c.golden, 'utf8') : undefined;
  if (text === before) {
    unchanged++;
    continue;
  }
  writeFileSync(c.golden, text);
  console.log(`${before === undefined ? 'new    ' : 'changed'} ${relative(c.golden)}`);
}
console.log(
  `${unchanged} of ${cases.length} golden files unchanged; read every file listed above before committing it`,
);
for (const orphan of orphanGoldens(fixturesDir, listFixtureCases(fixturesDir))) {
  console.log(`no fixture for ${relative(orphan)}: delete it, or restore its fixture`);
}
