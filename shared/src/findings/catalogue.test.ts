import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from './catalogue.js';
import { renderRulesMarkdown } from './render-rules.js';

const sharedDir = fileURLToPath(new URL('../../', import.meta.url));

describe('the findings catalogue', () => {
  it('renders to the committed shared/rules.md (`npm run rules` rewrites it; this test never does)', () => {
    const committed = readFileSync(`${sharedDir}rules.md`, 'utf8');
    expect(renderRulesMarkdown(), 'shared/rules.md differs from the catalogue: run `npm run rules`').toBe(
      committed,
    );
  });

  it('has well-formed codes, in order within each group', () => {
    for (const code of findingCodes) {
      expect(code).toMatch(/^(STS|DANE|RPT|DNS|INT)\d{3}$/);
    }
    const sorted = [...findingCodes].sort((a, b) => {
      const pa = a.replace(/\d+$/, '');
      const pb = b.replace(/\d+$/, '');
      return pa === pb ? a.localeCompare(b) : 0;
    });
    expect(findingCodes).toEqual(sorted);
  });

  it('gives every rule an RFC reference except the resolver cross-check', () => {
    const without = findingCodes.filter((code) => catalogue[code].ref === null);
    expect(without).toEqual(['DNS009']);
  });

  it('cites only codes that exist in the source tree', () => {
    // Every makeFinding('XXX…') call in the core names a catalogue code (the compiler checks this too; this test
    // catches codes built from strings).
    const files = readdirSync(`${sharedDir}src`, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    for (const file of files) {
      const text = readFileSync(`${sharedDir}src/${file}`, 'utf8');
      for (const m of text.matchAll(/makeFinding\(\s*'([A-Z]+\d+)'/g)) {
        expect(Object.hasOwn(catalogue, m[1]!), `${file}: ${m[1]}`).toBe(true);
      }
    }
  });
});
