import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue, findingCodes } from './catalogue.js';
import type { CatalogueEntry } from './rule.js';
import { MAX_AGE_LIMIT, policyModes } from '../mta-sts/policy-keys.js';
import { resultTypeInfo } from '../tls-rpt/model/report-result-types.js';
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

  describe('titles and explanations for people', () => {
    const entries = findingCodes.map((code): [string, CatalogueEntry] => [code, catalogue[code]]);
    // Text outside backticks: literals are the only place for Markdown-like or HTML-like characters.
    const prose = (text: string): string => text.replace(/`[^`]*`/g, '');

    it('gives every code a title of a few words, in sentence case, without a final period', () => {
      for (const [code, e] of entries) {
        expect(e.title.length, code).toBeGreaterThanOrEqual(8);
        expect(e.title.length, code).toBeLessThanOrEqual(48);
        expect(e.title, code).toMatch(/^[A-Z`]/);
        expect(e.title, code).not.toMatch(/[.\s]$/);
        expect(e.title.split(' ').length, code).toBeLessThanOrEqual(8);
      }
    });

    it('never gives two codes the same title', () => {
      const titles = entries.map(([, e]) => e.title.toLowerCase());
      expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
    });

    it('explains every code in one to three sentences of bounded length', () => {
      for (const [code, e] of entries) {
        expect(e.explanation.length, code).toBeGreaterThanOrEqual(60);
        expect(e.explanation.length, code).toBeLessThanOrEqual(400);
        expect(e.explanation, code).toMatch(/^[A-Z`]/);
        expect(e.explanation, code).toMatch(/\.$/);
        const sentences = prose(e.explanation).match(/[.!?](\s|$)/g) ?? [];
        expect(sentences.length, code).toBeGreaterThanOrEqual(1);
        expect(sentences.length, code).toBeLessThanOrEqual(3);
      }
    });

    it('writes plain text: balanced backticks, no HTML, no Markdown outside literals', () => {
      for (const [code, e] of entries) {
        for (const text of [e.title, e.explanation]) {
          expect((text.match(/`/g) ?? []).length % 2, code).toBe(0);
          expect(prose(text), code).not.toMatch(/[<>&*_#[\]|\\]/);
          expect(text, code).not.toMatch(/\n/);
        }
      }
    });

    it('names only real result-type values, `mode` values and `max_age` values in its literals', () => {
      const literals = entries.flatMap(([code, e]) =>
        [...e.explanation.matchAll(/`([^`]*)`/g)].map((m): [string, string] => [code, m[1] ?? '']),
      );
      const named = { resultTypes: 0, modes: 0, maxAges: 0 };
      for (const [code, literal] of literals) {
        if (/^(starttls|certificate|validation|tlsa|dnssec|dane|sts)-[a-z-]*[a-z]$/.test(literal)) {
          named.resultTypes++;
          expect(resultTypeInfo(literal), `${code}: ${literal}`).toBeDefined();
        }
        const mode = /^mode: (.*)$/.exec(literal)?.[1];
        if (mode !== undefined) {
          named.modes++;
          expect(policyModes, `${code}: ${literal}`).toContain(mode);
        }
        const maxAge = /^max_age: (.*)$/.exec(literal)?.[1];
        if (maxAge !== undefined) {
          named.maxAges++;
          expect(maxAge, `${code}: ${literal}`).toMatch(/^\d{1,10}$/);
          expect(Number(maxAge), `${code}: ${literal}`).toBeLessThanOrEqual(MAX_AGE_LIMIT);
        }
      }
      // The check has something to check: the explanations do name such values.
      expect(named.resultTypes).toBeGreaterThanOrEqual(3);
      expect(named.modes).toBeGreaterThanOrEqual(10);
      expect(named.maxAges).toBeGreaterThanOrEqual(3);
    });

    it('tags only text that senders ignore or an obsolete form', () => {
      const tagged = entries.filter(([, e]) => e.tags !== undefined).map(([code, e]) => [code, e.tags]);
      expect(tagged).toEqual([
        ['STS003', ['unnecessary']],
        ['STS011', ['unnecessary']],
        ['STS219', ['unnecessary']],
        ['STS221', ['unnecessary']],
        ['STS222', ['unnecessary']],
        ['STS223', ['unnecessary']],
        ['STS303', ['deprecated']],
        ['RPT004', ['unnecessary']],
        ['RPT013', ['unnecessary']],
        ['RPT126', ['unnecessary']],
      ]);
    });
  });
});
