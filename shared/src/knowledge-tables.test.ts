/**
 * Every knowledge table speaks to people the same way the catalogue does: each entry has a meaning, says what
 * values it allows and where the RFC defines it, in plain text with backticks around literals and no HTML.
 */
import { describe, expect, it } from 'vitest';
import { policyExtensionKey, policyKeys } from './mta-sts/policy-keys.js';
import { recordExtensionKey, stsRecordKeys, tlsRptRecordKeys } from './text/record-keys.js';
import { reportKeys, reportValueSyntax } from './tls-rpt/model/report-keys.js';
import { policyTypes, resultTypes } from './tls-rpt/model/report-result-types.js';

/** Text outside backticks. */
const prose = (text: string): string => text.replace(/`[^`]*`/g, '');

function expectPlainText(text: string, where: string): void {
  expect(text.length, where).toBeGreaterThan(3);
  expect((text.match(/`/g) ?? []).length % 2, where).toBe(0);
  expect(prose(text), where).not.toMatch(/[<>&*_#[\]|\\]|\n/);
  expect(text, where).toMatch(/^[A-Z0-9`]/);
  expect(text, where).toMatch(/[.)]$/);
}

describe('the knowledge tables, for hovers, completion and the popup', () => {
  it('RFC 8461 §3.2: every policy field has a meaning, its allowed values and its section', () => {
    for (const key of policyKeys) {
      expectPlainText(key.meaning, key.name);
      expectPlainText(key.syntax, key.name);
      key.suggestions.forEach((s) => expectPlainText(s.meaning, `${key.name}: ${s.value}`));
      expect(key.section, key.name).toMatch(/^\d+(\.\d+)*$/);
    }
    expectPlainText(policyExtensionKey.meaning, 'extension');
    expectPlainText(policyExtensionKey.syntax, 'extension');
  });

  it('RFC 8461 §3.1 and RFC 8460 §3: every record field has a meaning, its allowed values and its section', () => {
    for (const key of [...stsRecordKeys, ...tlsRptRecordKeys]) {
      expectPlainText(key.meaning, key.name);
      expectPlainText(key.syntax, key.name);
      expect(key.section, key.name).toMatch(/^\d+(\.\d+)*$/);
    }
    expectPlainText(recordExtensionKey.meaning, 'extension');
    expectPlainText(recordExtensionKey.syntax, 'extension');
  });

  it('RFC 8460 §4.4: every report key has a meaning, the values its type allows and its section', () => {
    for (const key of reportKeys) {
      expectPlainText(key.meaning, key.name);
      expectPlainText(reportValueSyntax[key.type], key.name);
    }
    // Each value type is described, and each description is used by some key.
    expect(Object.keys(reportValueSyntax).sort()).toEqual([...new Set(reportKeys.map((k) => k.type))].sort());
  });

  it('RFC 8460 §4.3: every result-type and policy-type has a meaning, advice and its section', () => {
    for (const r of resultTypes) {
      expectPlainText(r.meaning, r.value);
      expectPlainText(r.advice, r.value);
      expect(r.section, r.value).toMatch(/^4\.3(\.\d+)+$/);
    }
    for (const p of policyTypes) {
      expectPlainText(p.meaning, p.value);
      expect(p.section, p.value).toBe('4.4');
    }
  });
});
