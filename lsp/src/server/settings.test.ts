import { describe, expect, it } from 'vitest';
import { defaultSettings, readSettings } from './settings.js';

describe('settings from the client', () => {
  it('keeps valid values and drops unknown codes, levels and ill-typed values', () => {
    const s = readSettings({
      resolver: 'https://doh.example/dns-query',
      liveCheck: true,
      severity: { STS226: 'off', STS211: 'warning', NOPE01: 'off', STS216: 'loud' },
      maxFindings: 50,
      lineEnding: 'keep',
      debounceMs: -5,
    });
    expect(s).toEqual({
      ...defaultSettings,
      resolver: 'https://doh.example/dns-query',
      liveCheck: true,
      severity: { STS226: 'off', STS211: 'warning' },
      maxFindings: 50,
      lineEnding: 'keep',
    });
  });

  it('falls back to the defaults for anything that is not an object', () => {
    expect(readSettings(null)).toEqual(defaultSettings);
    expect(readSettings('x')).toEqual(defaultSettings);
    expect(readSettings({ maxFindings: 1.5, liveCheck: 'yes' })).toEqual(defaultSettings);
  });

  it('reads the policy domain as the CLI reads a domain argument', () => {
    expect(readSettings({ domain: ' Bücher.Example. ' }).domain).toBe('xn--bcher-kva.example');
    expect(readSettings({ domain: 'https://example.com/' }).domain).toBe('');
    expect(readSettings({ domain: '192.0.2.1' }).domain).toBe('');
  });
});
