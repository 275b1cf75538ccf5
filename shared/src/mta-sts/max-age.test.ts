import { describe, expect, it } from 'vitest';
import { formatDuration } from './max-age.js';
import { newPolicyId, recordSkeletons } from './policy-id.js';
import { parseStsRecord } from './record.js';

describe('RFC 8461 §3.2 max_age in human units', () => {
  it.each([
    [604800, '1 week'],
    [1209600, '2 weeks'],
    [31536000, '365 days'],
    [31557600, '1 year (365.25 days)'],
    [86400, '1 day'],
    [5400, '90 minutes'],
    [90061, 'about 1 day 1 hour'],
    [3601, 'about 1 hour'],
    [61, '1 minute 1 second'],
    [0, '0 seconds'],
    [-1, ''],
  ])('%d seconds is %s', (seconds, words) => {
    expect(formatDuration(seconds)).toBe(words);
  });
});

describe('RFC 8461 §3.1 a fresh policy id', () => {
  it('is 1–32 letters or digits, and the skeleton record parses without findings', () => {
    const id = newPolicyId(Date.UTC(2024, 5, 1, 12, 30, 5));
    expect(id).toBe('20240601T123005Z');
    const [sts] = recordSkeletons(0);
    expect(parseStsRecord(sts!.text).findings).toEqual([]);
  });
});
