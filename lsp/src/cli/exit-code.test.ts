/** Exit codes from findings and verdicts: what CI jobs rely on. */
import { makeFinding } from '@sts-inspector/shared';
import { describe, expect, it } from 'vitest';
import { defaultFailPolicy, exitCodeFor, exitCodeForCheck } from './exit-code.js';

const warning = makeFinding('STS002', { data: { domain: 'example.com', rcode: 'SERVFAIL' } });

describe('exit codes', () => {
  it('an unknown or broken verdict fails a check by default, whatever the findings', () => {
    expect(warning.severity).toBe('warning');
    expect(exitCodeForCheck('unknown', [warning], defaultFailPolicy)).toBe(1);
    expect(exitCodeForCheck('broken', [], defaultFailPolicy)).toBe(1);
    for (const verdict of ['enforced', 'testing', 'none', 'absent'] as const) {
      expect(exitCodeForCheck(verdict, [warning], defaultFailPolicy), verdict).toBe(0);
    }
  });

  it('--fail-verdict chooses the verdicts, --fail-on the severity', () => {
    expect(exitCodeForCheck('unknown', [warning], { failOn: 'error', failVerdicts: [] })).toBe(0);
    expect(exitCodeForCheck('absent', [], { failOn: 'error', failVerdicts: ['absent'] })).toBe(1);
    expect(exitCodeForCheck('unknown', [warning], { failOn: 'warning', failVerdicts: [] })).toBe(1);
    expect(exitCodeFor([warning])).toBe(0);
    expect(exitCodeFor([warning], 'warning')).toBe(1);
    expect(exitCodeFor([warning], 'info')).toBe(1);
  });
});
