import { describe, expect, it } from 'vitest';
import { parsePolicy } from './policy.js';
import { printPolicy } from './policy-print.js';
import { MAX_AGE_LIMIT, describeMaxAge, policyKey, policyKeys, policyModes } from './policy-keys.js';

const withField = (name: string, value: string): string => {
  const fields: Record<string, string> = {
    version: 'STSv1',
    mode: 'testing',
    mx: 'mail.example.com',
    max_age: '604800',
  };
  fields[name] = value;
  return Object.entries(fields)
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');
};

describe('RFC 8461 §3.2 the knowledge table agrees with the validator', () => {
  it('lists the four fields the RFC defines, in the canonical print order', () => {
    expect(policyKeys.map((k) => k.name)).toEqual(['version', 'mode', 'mx', 'max_age']);
    const printed = printPolicy(parsePolicy(withField('mode', 'enforce')).value!);
    expect(printed.split('\r\n').map((l) => l.split(':')[0])).toEqual([
      'version',
      'mode',
      'mx',
      'max_age',
      '',
    ]);
    expect(policyKey('mode')?.repeatable).toBe(false);
    expect(policyKey('Mode')).toBeUndefined();
  });

  it('marks only mx repeatable and only mx optional', () => {
    expect(policyKeys.filter((k) => k.repeatable).map((k) => k.name)).toEqual(['mx']);
    expect(policyKeys.filter((k) => !k.required).map((k) => k.name)).toEqual(['mx']);
  });

  it('offers only values the parser accepts without an error', () => {
    for (const key of policyKeys) {
      for (const { value } of key.suggestions) {
        const parsed = parsePolicy(withField(key.name, value));
        const errors = parsed.findings.filter((f) => f.severity === 'error');
        expect(errors, `${key.name}: ${value}`).toEqual([]);
      }
    }
    expect(policyKey('mode')?.values).toEqual(policyModes);
    expect(policyKey('mode')?.suggestions.map((s) => s.value)).toEqual([...policyModes]);
    expect(policyKey('max_age')?.suggestions.map((s) => Number(s.value))).toContain(MAX_AGE_LIMIT);
  });

  it('rejects what lies just outside the allowed values', () => {
    expect(parsePolicy(withField('max_age', String(MAX_AGE_LIMIT + 1))).findings.map((f) => f.code)).toEqual([
      'STS214',
    ]);
    for (const value of policyKey('version')?.values ?? []) {
      expect(parsePolicy(withField('version', value.toUpperCase())).findings.map((f) => f.code)).toEqual([
        'STS209',
      ]);
    }
  });
});

describe('RFC 8461 §3.2 max_age in human units', () => {
  const cases: [rule: string, seconds: number, words: string][] = [
    ['whole weeks', 604800, '1 week'],
    ['whole weeks', 1209600, '2 weeks'],
    ['whole days', 31536000, '365 days'],
    ['whole days', 86400, '1 day'],
    ['whole days', 259200, '3 days'],
    ['whole hours', 3600, '1 hour'],
    ['whole hours', 90000, '25 hours'],
    ['whole minutes', 5400, '90 minutes'],
    ['whole minutes', 60, '1 minute'],
    ['the maximum, 365.25 days', MAX_AGE_LIMIT, '1 year'],
    ['rounded days', 1000000, 'about 11.6 days'],
    ['rounded days', 86401, 'about 1 day'],
    ['rounded days', 31557599, 'about 365.2 days'],
    ['rounded hours', 5000, 'about 1.4 hours'],
    ['rounded minutes', 90, 'about 1.5 minutes'],
    ['seconds under a minute', 0, '0 seconds'],
    ['seconds under a minute', 1, '1 second'],
    ['seconds under a minute', 59, '59 seconds'],
    ['odd values as they are', -5, '-5 seconds'],
    ['odd values as they are', 1.5, '1.5 seconds'],
  ];

  it.each(cases)('%s: %d is "%s"', (_, seconds, words) => {
    expect(describeMaxAge(seconds)).toBe(words);
  });
});
